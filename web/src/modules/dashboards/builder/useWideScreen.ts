import { useSyncExternalStore } from 'react';

/** Tailwind's `md` breakpoint: from here the grid has its 12 columns, below it widgets stack in one. */
const WIDE = '(min-width: 768px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the screen is wide enough for the 12-column grid (and so for dragging on it). */
export function useWideScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(WIDE).matches);
}
