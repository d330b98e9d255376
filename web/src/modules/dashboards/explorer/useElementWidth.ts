import { useEffect, useState, type RefObject } from 'react';

const SETTLE_MS = 150;

/** The element's content width in CSS pixels, reported once a resize has settled; 0 before it is measured. */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let measuredOnce = false;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry?.contentRect.width ?? 0);
      clearTimeout(timer);
      // The first size is needed at once (the query waits for it); later ones wait for the drag to stop.
      timer = setTimeout(() => setWidth(measured), measuredOnce ? SETTLE_MS : 0);
      measuredOnce = true;
    });
    observer.observe(element);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [ref]);
  return width;
}
