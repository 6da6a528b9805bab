import { useEffect, useState } from 'react';

import { useSettings } from '../stores/settings.js';

export interface ThemeColors {
  accent: string;
  accentSoft: string;
  text2: string;
  text3: string;
  border: string;
  bgElev: string;
  red: string;
  amber: string;
}

function read(): ThemeColors {
  const cs = getComputedStyle(document.documentElement);
  const v = (n: string): string => cs.getPropertyValue(n).trim();
  return {
    accent: v('--accent'),
    accentSoft: v('--accent-soft'),
    text2: v('--text-2'),
    text3: v('--text-3'),
    border: v('--border'),
    bgElev: v('--bg-elev'),
    red: v('--red'),
    amber: v('--amber'),
  };
}

/** Resolved theme colours for SVG charts (which take colours as values, not CSS variables). */
export function useThemeColors(): ThemeColors {
  const theme = useSettings((s) => s.theme);
  const [colors, setColors] = useState(read);
  useEffect(() => {
    setColors(read());
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const on = (): void => setColors(read());
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [theme]);
  return colors;
}
