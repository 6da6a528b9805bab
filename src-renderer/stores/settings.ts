import { create } from 'zustand';

import type { GatewaySettings } from '../../src-shared/config.js';

export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'mcp-gateway.theme';

interface SettingsState {
  loaded: boolean;
  settings: GatewaySettings | undefined;
  configFile: string;
  restartRequired: string[];
  theme: ThemeChoice;
}

function initialTheme(): ThemeChoice {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

export const useSettings = create<SettingsState>(() => ({
  loaded: false,
  settings: undefined,
  configFile: '',
  restartRequired: [],
  theme: initialTheme(),
}));

export function setTheme(theme: ThemeChoice): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // not persisted; still applied for this page
  }
  useSettings.setState({ theme });
  applyTheme(theme);
}

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

/**
 * `data-theme` keeps the person's choice; `data-scheme` is what it resolves to, so the stylesheet
 * defines the dark palette once and "system" follows the OS as it changes.
 */
export function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.dataset.scheme = theme === 'system' ? (darkQuery.matches ? 'dark' : 'light') : theme;
}

darkQuery.addEventListener('change', () => applyTheme(useSettings.getState().theme));
