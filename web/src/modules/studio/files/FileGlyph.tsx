import { cx } from '../../../lib/ui/index.ts';

/** Icons the shared set does not have, drawn on the same 24px stroke grid. */
const glyphs = {
  file: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5Zm0 0v5h5',
  image: 'M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm3.5 7a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM21 15l-5-5L5 21',
  pdf: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5Zm0 0v5h5M9 13h6M9 17h4',
  video: 'm22 8-6 4 6 4V8ZM4 6h10a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2Z',
  audio: 'M9 18V5l12-2v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0Zm12-2a3 3 0 1 1-6 0 3 3 0 0 1 6 0Z',
  archive: 'M21 8v13H3V8M1 3h22v5H1zM10 12h4',
  text: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5Zm0 0v5h5M9 9h1M9 13h6M9 17h6',
  font: 'M4 7V4h16v3M9 20h6M12 4v16',
  upload: 'M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M17 8l-5-5-5 5M12 3v12',
  grid: 'M3 3h7v7H3zM14 3h7v7h-7zM14 14h7v7h-7zM3 14h7v7H3z',
  list: 'M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01',
  pencil: 'M17 3a2.8 2.8 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5L17 3Z',
  move: 'M5 9l-3 3 3 3M9 5l3-3 3 3M15 19l-3 3-3-3M19 9l3 3-3 3M2 12h20M12 2v20',
  restore: 'M3 12a9 9 0 1 0 3-6.7L3 8m0-5v5h5',
  chevronRight: 'm9 18 6-6-6-6',
  folderPlus: 'M12 10v6m-3-3h6M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7Z',
  star: 'm12 2 3.1 6.3 6.9 1-5 4.9 1.2 6.8-6.2-3.2L5.8 21 7 14.2 2 9.3l6.9-1L12 2Z',
  external: 'M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6m4-3h6v6m-11 5L21 3',
} as const;

export type GlyphName = keyof typeof glyphs;

export function Glyph({ name, className }: { name: GlyphName; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={cx('size-4', className)}>
      <path d={glyphs[name]} />
    </svg>
  );
}

const categoryGlyph: Record<string, GlyphName> = {
  image: 'image',
  pdf: 'pdf',
  video: 'video',
  audio: 'audio',
  archive: 'archive',
  text: 'text',
  font: 'font',
  document: 'file',
};

const categoryTone: Record<string, string> = {
  image: 'text-sky-500',
  pdf: 'text-rose-500',
  video: 'text-violet-500',
  audio: 'text-amber-500',
  archive: 'text-stone-500',
  text: 'text-emerald-500',
  font: 'text-fuchsia-500',
  document: 'text-blue-500',
};

/** The icon of a kind of file, coloured by kind; shown where there is no thumbnail. */
export function FileKindIcon({ category, className }: { category: string; className?: string }) {
  return <Glyph name={categoryGlyph[category] ?? 'file'} className={cx(categoryTone[category] ?? 'text-muted', className)} />;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
