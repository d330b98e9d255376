import { useSyncExternalStore } from 'react';

/** Series colours that read on both themes' surfaces, in the order series are drawn. */
export const SERIES_COLORS = ['#6366f1', '#10b981', '#f59e0b', '#ef4444', '#0ea5e9', '#a855f7', '#84cc16', '#f97316', '#14b8a6', '#ec4899'];

export const seriesColor = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length]!;

function subscribeToTheme(notify: () => void): () => void {
  const observer = new MutationObserver(notify);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

/** Whether the dark theme is on, following the theme toggle as it changes. */
export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribeToTheme, () => document.documentElement.classList.contains('dark'));
}

export interface ChartColors {
  text: string;
  grid: string;
  font: string;
}

/** Axis and grid colours from the active theme's CSS variables (a canvas cannot read them itself). */
export function chartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  return {
    text: style.getPropertyValue('--text-muted').trim(),
    grid: style.getPropertyValue('--border').trim(),
    font: `12px ${getComputedStyle(document.body).fontFamily}`,
  };
}
