import { useEffect, useState } from 'react';

/** `value` once it has stopped changing for `delayMs`; equal values (by JSON) keep the previous object. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  const text = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled((previous) => (JSON.stringify(previous) === text ? previous : (JSON.parse(text) as T))), delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);
  return settled;
}
