import { useSyncExternalStore } from 'react';

/** Series colours that read on both themes' surfaces, in the order series are drawn. */
export const SERIES_COLORS = ['#6366f1', '#10b981', '#f59e0b', '#ef4444', '#0ea5e9', '#a855f7', '#84cc16', '#f97316', '#14b8a6', '#ec4899'];

export const seriesColor = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length]!;

/** A `#rrggbb` colour with an alpha channel, for fills drawn under lines. */
export function withAlpha(hex: string, alpha: number): string {
  const channel = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return `${hex.slice(0, 7)}${channel.toString(16).padStart(2, '0')}`;
}

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
  surface: string;
  accent: string;
  danger: string;
  warning: string;
}

/** Axis, grid and marker colours from the active theme's CSS variables (a canvas cannot read them itself). */
export function chartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const variable = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: variable('--text-muted'),
    grid: variable('--border'),
    font: `12px ${getComputedStyle(document.body).fontFamily}`,
    surface: variable('--surface'),
    accent: variable('--accent'),
    danger: variable('--danger'),
    warning: variable('--warning'),
  };
}

/**
 * The colour of a threshold level when `levels` levels exist: green below the first threshold,
 * red past the last, amber and orange between. CSS values, for SVG and HTML.
 */
export function levelColor(level: number, levels: number): string {
  if (levels <= 1) return 'var(--accent)';
  if (level <= 0) return 'var(--success)';
  if (level >= levels - 1) return 'var(--danger)';
  return level === 1 ? 'var(--warning)' : '#f97316';
}

/**
 * Heatmap ramps, faint to strong against each theme's surface: the fullest cell stands out most
 * on light and on dark backgrounds alike.
 */
const HEAT_RAMPS = {
  light: [
    [224, 231, 255],
    [129, 140, 248],
    [79, 70, 229],
    [49, 46, 129],
  ],
  dark: [
    [40, 38, 92],
    [79, 70, 229],
    [129, 140, 248],
    [224, 231, 255],
  ],
} as const;

/** The heatmap colour of a share between 0 (the scale's low end) and 1 (its high end). */
export function heatColor(share: number, dark: boolean): string {
  const ramp = dark ? HEAT_RAMPS.dark : HEAT_RAMPS.light;
  const position = Math.min(1, Math.max(0, share)) * (ramp.length - 1);
  const index = Math.min(ramp.length - 2, Math.floor(position));
  const mix = position - index;
  const [from, to] = [ramp[index]!, ramp[index + 1]!];
  const channel = (i: 0 | 1 | 2) => Math.round(from[i] + (to[i] - from[i]) * mix);
  return `rgb(${channel(0)} ${channel(1)} ${channel(2)})`;
}
