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

export function applyTheme(theme: ThemeChoice): void {
  document.documentElement.dataset.theme = theme;
}
