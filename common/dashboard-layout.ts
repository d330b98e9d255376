/**
 * Layout math of the dashboard grid: moving and resizing widgets on a fixed number of columns,
 * pushing the widgets they land on out of the way and floating every widget up as far as it goes
 * (react-grid-layout's vertical compaction). Pure functions over plain rectangles, so the builder
 * can preview a drop on every pointer move and the tests can check the rules cell by cell.
 */
import { dashboardLimits } from './dashboards.ts';

/** A place on the grid, in cells: column `x`, row `y`, `w` columns wide, `h` rows tall. */
export interface GridRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LayoutItem extends GridRect {
  id: string;
}

export const GRID_COLUMNS = dashboardLimits.gridColumns;
export const MAX_WIDGET_ROWS = dashboardLimits.widgetRows;

export function collides(a: GridRect, b: GridRect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Rows the layout takes: the bottom edge of its lowest item. */
export function layoutRows(layout: readonly GridRect[]): number {
  return layout.reduce((rows, item) => Math.max(rows, item.y + item.h), 0);
}

/** Items in reading order: by row, then by column. */
export function sortByPosition<T extends GridRect>(layout: readonly T[]): T[] {
  return [...layout].sort((a, b) => a.y - b.y || a.x - b.x);
}

/** The rectangle made to fit the grid: at least one cell, no wider than the columns, no further right than the last. */
export function clampRect<T extends GridRect>(rect: T, columns = GRID_COLUMNS): T {
  const w = Math.min(columns, Math.max(1, Math.round(rect.w)));
  const h = Math.min(MAX_WIDGET_ROWS, Math.max(1, Math.round(rect.h)));
  return { ...rect, w, h, x: Math.min(columns - w, Math.max(0, Math.round(rect.x))), y: Math.max(0, Math.round(rect.y)) };
}

function inOrderOf(original: readonly LayoutItem[], placed: readonly LayoutItem[]): LayoutItem[] {
  const byId = new Map(placed.map((item) => [item.id, item]));
  return original.map((item) => byId.get(item.id) ?? item);
}

/** `rect` moved down until it overlaps none of `placed`. */
function below<T extends GridRect>(rect: T, placed: readonly GridRect[]): T {
  let moved = rect;
  for (;;) {
    const hits = placed.filter((other) => collides(moved, other));
    if (hits.length === 0) return moved;
    moved = { ...moved, y: Math.max(...hits.map((other) => other.y + other.h)) };
  }
}

/**
 * Every item floated up as far as it goes without overlapping the ones above it, in reading order;
 * overlapping items are pushed down first. The result keeps the input's order.
 */
export function compact(layout: readonly LayoutItem[], columns = GRID_COLUMNS): LayoutItem[] {
  const placed: LayoutItem[] = [];
  for (const item of sortByPosition(layout.map((entry) => clampRect(entry, columns)))) {
    let y = item.y;
    while (y > 0 && !placed.some((other) => collides({ ...item, y: y - 1 }, other))) y--;
    placed.push(below({ ...item, y }, placed));
  }
  return inOrderOf(layout, placed);
}

/** `fixed` stays where it is; every other item keeps its place or goes down until nothing overlaps. */
function settleAround(fixed: LayoutItem, others: readonly LayoutItem[]): LayoutItem[] {
  const placed = [fixed];
  for (const item of sortByPosition(others)) placed.push(below(item, placed));
  return placed;
}

/**
 * The layout with one item moved to `to` (clamped to the grid). An item it lands on goes above it
 * when there is room there (so dragging a widget down past another swaps them), else below it;
 * then the whole layout is compacted, so the moved item may float up from where it was dropped.
 */
export function moveItem(layout: readonly LayoutItem[], id: string, to: { x: number; y: number }, columns = GRID_COLUMNS): LayoutItem[] {
  const item = layout.find((entry) => entry.id === id);
  if (!item) return [...layout];
  const moved = clampRect({ ...item, x: to.x, y: to.y }, columns);
  const rest = sortByPosition(layout.filter((entry) => entry.id !== id));
  const others: LayoutItem[] = [];
  rest.forEach((other, index) => {
    const above = { ...other, y: moved.y - other.h };
    const blockers = [moved, ...others, ...rest.slice(index + 1)];
    const goesAbove = collides(other, moved) && above.y >= 0 && !blockers.some((blocker) => collides(above, blocker));
    others.push(goesAbove ? above : other);
  });
  return compact(inOrderOf(layout, settleAround(moved, others)), columns);
}

/** The layout with one item resized (clamped to the grid from its column); the items it grows over go down. */
export function resizeItem(layout: readonly LayoutItem[], id: string, size: { w: number; h: number }, columns = GRID_COLUMNS): LayoutItem[] {
  const item = layout.find((entry) => entry.id === id);
  if (!item) return [...layout];
  const resized = clampRect({ ...item, w: Math.min(size.w, columns - item.x), h: size.h }, columns);
  const others = layout.filter((entry) => entry.id !== id);
  return compact(inOrderOf(layout, settleAround(resized, others)), columns);
}

/**
 * One keyboard step: a column left or right, or up or down past whatever is next, since a one-row
 * step into a compacted layout would float straight back. The layout is unchanged when the item
 * cannot go that way.
 */
export function nudgeItem(layout: readonly LayoutItem[], id: string, step: { dx: number; dy: number }, columns = GRID_COLUMNS): LayoutItem[] {
  const item = layout.find((entry) => entry.id === id);
  if (!item) return [...layout];
  if (step.dx !== 0) return moveItem(layout, id, { x: item.x + Math.sign(step.dx), y: item.y }, columns);
  if (step.dy === 0) return [...layout];
  const direction = Math.sign(step.dy);
  const limit = layoutRows(layout);
  for (let distance = 1; distance <= limit; distance++) {
    const y = item.y + direction * distance;
    if (y < 0) break;
    const next = moveItem(layout, id, { x: item.x, y }, columns);
    if (next.find((entry) => entry.id === id)?.y !== item.y) return next;
  }
  return [...layout];
}

/** The layout with `item` put in at its own place, pushing what it lands on down. */
export function insertItem(layout: readonly LayoutItem[], item: LayoutItem, columns = GRID_COLUMNS): LayoutItem[] {
  const placed = clampRect(item, columns);
  return compact([...inOrderOf(layout, settleAround(placed, layout)), placed], columns);
}

/** The layout without one item, compacted. */
export function removeItem(layout: readonly LayoutItem[], id: string, columns = GRID_COLUMNS): LayoutItem[] {
  const rest = layout.filter((item) => item.id !== id);
  return compact(rest, columns);
}

/** Where a new item of `size` goes: the first free place in reading order, else under everything. */
export function firstFreePlace(layout: readonly GridRect[], size: { w: number; h: number }, columns = GRID_COLUMNS): GridRect {
  const { w, h } = clampRect({ x: 0, y: 0, ...size }, columns);
  const rows = layoutRows(layout);
  for (let y = 0; y <= rows; y++) {
    for (let x = 0; x + w <= columns; x++) {
      const rect = { x, y, w, h };
      if (!layout.some((item) => collides(rect, item))) return rect;
    }
  }
  return { x: 0, y: rows, w, h };
}

/** Whether two layouts put every item at the same place. */
export function sameLayout(a: readonly LayoutItem[], b: readonly LayoutItem[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(b.map((item) => [item.id, item]));
  return a.every((item) => {
    const other = byId.get(item.id);
    return other?.x === item.x && other.y === item.y && other.w === item.w && other.h === item.h;
  });
}

/** The grid's cell sizes in pixels for a container `widthPx` wide. */
export interface GridMetrics {
  columns: number;
  columnPx: number;
  rowPx: number;
  gapPx: number;
}

export function gridMetrics(widthPx: number, rowPx: number, gapPx: number, columns = GRID_COLUMNS): GridMetrics {
  return { columns, columnPx: Math.max(0, (widthPx - gapPx * (columns - 1)) / columns), rowPx, gapPx };
}

/** A rectangle's box in pixels from the grid's top left corner. */
export function rectToPixels(rect: GridRect, metrics: GridMetrics): { left: number; top: number; width: number; height: number } {
  const { columnPx, rowPx, gapPx } = metrics;
  return {
    left: rect.x * (columnPx + gapPx),
    top: rect.y * (rowPx + gapPx),
    width: rect.w * columnPx + (rect.w - 1) * gapPx,
    height: rect.h * rowPx + (rect.h - 1) * gapPx,
  };
}

/** The cell nearest a box's top left corner, for an item `w` columns wide: where a dragged item snaps. */
export function cellAt(pixels: { left: number; top: number }, w: number, metrics: GridMetrics): { x: number; y: number } {
  const { columns, columnPx, rowPx, gapPx } = metrics;
  const x = Math.round(pixels.left / (columnPx + gapPx));
  const y = Math.round(pixels.top / (rowPx + gapPx));
  return { x: Math.min(columns - w, Math.max(0, x)), y: Math.max(0, y) };
}

/** The span nearest a box's size for an item starting in column `x`: what a resized item snaps to. */
export function spanAt(pixels: { width: number; height: number }, x: number, metrics: GridMetrics): { w: number; h: number } {
  const { columns, columnPx, rowPx, gapPx } = metrics;
  const w = Math.round((pixels.width + gapPx) / (columnPx + gapPx));
  const h = Math.round((pixels.height + gapPx) / (rowPx + gapPx));
  return { w: Math.min(columns - x, Math.max(1, w)), h: Math.min(MAX_WIDGET_ROWS, Math.max(1, h)) };
}
