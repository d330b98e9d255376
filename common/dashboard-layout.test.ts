import { describe, expect, it } from 'vitest';
import {
  cellAt,
  clampRect,
  collides,
  compact,
  firstFreePlace,
  gridMetrics,
  insertItem,
  layoutRows,
  moveItem,
  nudgeItem,
  rectToPixels,
  removeItem,
  resizeItem,
  sameLayout,
  spanAt,
  type LayoutItem,
} from './dashboard-layout.ts';

function item(id: string, x: number, y: number, w: number, h: number): LayoutItem {
  return { id, x, y, w, h };
}

/** The place of each item by id, so a test reads as a picture of the grid. */
function places(layout: LayoutItem[]): Record<string, [x: number, y: number, w: number, h: number]> {
  return Object.fromEntries(layout.map(({ id, x, y, w, h }) => [id, [x, y, w, h]]));
}

function overlapping(layout: LayoutItem[]): string[] {
  return layout.flatMap((a, i) => layout.slice(i + 1).filter((b) => collides(a, b)).map((b) => `${a.id}/${b.id}`));
}

describe('collides', () => {
  it('sees overlapping rectangles and not ones that only touch', () => {
    expect(collides({ x: 0, y: 0, w: 6, h: 2 }, { x: 5, y: 1, w: 2, h: 2 })).toBe(true);
    expect(collides({ x: 0, y: 0, w: 6, h: 2 }, { x: 6, y: 0, w: 6, h: 2 })).toBe(false);
    expect(collides({ x: 0, y: 0, w: 6, h: 2 }, { x: 0, y: 2, w: 6, h: 2 })).toBe(false);
  });
});

describe('clampRect', () => {
  it('keeps a rectangle inside the columns and at least one cell big', () => {
    expect(clampRect({ x: 10, y: -3, w: 6, h: 0 })).toEqual({ x: 6, y: 0, w: 6, h: 1 });
    expect(clampRect({ x: -1, y: 2.4, w: 20, h: 99 })).toEqual({ x: 0, y: 2, w: 12, h: 40 });
  });
});

describe('compact', () => {
  it('floats items up into the gaps above them, keeping the input order', () => {
    const layout = [item('c', 0, 9, 4, 2), item('a', 0, 3, 6, 2), item('b', 6, 5, 6, 3)];
    const compacted = compact(layout);
    expect(compacted.map((entry) => entry.id)).toEqual(['c', 'a', 'b']);
    expect(places(compacted)).toEqual({ a: [0, 0, 6, 2], b: [6, 0, 6, 3], c: [0, 2, 4, 2] });
  });

  it('stops an item under the first one in its way', () => {
    const compacted = compact([item('top', 2, 0, 4, 3), item('under', 0, 8, 12, 2)]);
    expect(places(compacted).under).toEqual([0, 3, 12, 2]);
  });

  it('pushes overlapping items apart', () => {
    const compacted = compact([item('a', 0, 0, 6, 4), item('b', 3, 2, 6, 2)]);
    expect(places(compacted)).toEqual({ a: [0, 0, 6, 4], b: [3, 4, 6, 2] });
    expect(overlapping(compacted)).toEqual([]);
  });
});

describe('moveItem', () => {
  const stacked = [item('a', 0, 0, 12, 2), item('b', 0, 2, 12, 2), item('c', 0, 4, 12, 2)];

  it('moves an item sideways into free columns', () => {
    const layout = [item('a', 0, 0, 4, 2)];
    expect(places(moveItem(layout, 'a', { x: 8, y: 0 })).a).toEqual([8, 0, 4, 2]);
  });

  it('floats an item dropped below everything back up under the others', () => {
    const moved = moveItem([item('a', 0, 0, 6, 2), item('b', 6, 0, 6, 2)], 'b', { x: 6, y: 12 });
    expect(places(moved).b).toEqual([6, 0, 6, 2]);
  });

  it('swaps two stacked items once the dragged one reaches the other', () => {
    expect(places(moveItem(stacked, 'a', { x: 0, y: 1 }))).toEqual(places(stacked));
    expect(places(moveItem(stacked, 'a', { x: 0, y: 2 }))).toEqual({ a: [0, 2, 12, 2], b: [0, 0, 12, 2], c: [0, 4, 12, 2] });
  });

  it('pushes the items an upward move lands on down under it', () => {
    expect(places(moveItem(stacked, 'c', { x: 0, y: 0 }))).toEqual({ c: [0, 0, 12, 2], a: [0, 2, 12, 2], b: [0, 4, 12, 2] });
  });

  it('pushes a side-by-side neighbour under an item that spreads over it', () => {
    const moved = moveItem([item('a', 0, 0, 6, 3), item('b', 6, 0, 6, 3)], 'a', { x: 3, y: 0 });
    expect(places(moved)).toEqual({ a: [3, 0, 6, 3], b: [6, 3, 6, 3] });
  });

  it('cascades a push through the items below', () => {
    const layout = [item('wide', 0, 6, 12, 2), item('a', 0, 0, 6, 3), item('b', 0, 3, 6, 3), item('c', 6, 0, 6, 6)];
    const moved = moveItem(layout, 'wide', { x: 0, y: 0 });
    expect(places(moved)).toEqual({ wide: [0, 0, 12, 2], a: [0, 2, 6, 3], b: [0, 5, 6, 3], c: [6, 2, 6, 6] });
    expect(overlapping(moved)).toEqual([]);
  });

  it('clamps a move past the right edge', () => {
    expect(places(moveItem([item('a', 0, 0, 4, 2)], 'a', { x: 11, y: 0 })).a).toEqual([8, 0, 4, 2]);
  });

  it('never leaves overlaps, wherever an item is dropped', () => {
    const layout = compact([item('a', 0, 0, 4, 3), item('b', 4, 0, 8, 2), item('c', 4, 2, 3, 5), item('d', 0, 3, 4, 4), item('e', 7, 2, 5, 2), item('f', 0, 7, 12, 1)]);
    for (const id of ['a', 'c', 'f']) {
      for (let x = 0; x < 12; x++) {
        for (let y = 0; y < 10; y++) {
          const moved = moveItem(layout, id, { x, y });
          expect(overlapping(moved), `${id} to ${x},${y}`).toEqual([]);
          expect(moved).toHaveLength(layout.length);
          expect(moved.every((entry) => entry.x + entry.w <= 12)).toBe(true);
        }
      }
    }
  });

  it('returns the layout as it was for an unknown id', () => {
    expect(moveItem(stacked, 'missing', { x: 0, y: 0 })).toEqual(stacked);
  });
});

describe('resizeItem', () => {
  it('pushes the items it grows over down', () => {
    const resized = resizeItem([item('a', 0, 0, 6, 2), item('b', 6, 0, 6, 2), item('c', 0, 2, 6, 2)], 'a', { w: 8, h: 3 });
    expect(places(resized)).toEqual({ a: [0, 0, 8, 3], b: [6, 3, 6, 2], c: [0, 3, 6, 2] });
  });

  it('lets the items below float up when it shrinks', () => {
    const resized = resizeItem([item('a', 0, 0, 12, 6), item('b', 0, 6, 12, 2)], 'a', { w: 12, h: 2 });
    expect(places(resized).b).toEqual([0, 2, 12, 2]);
  });

  it('keeps the item within the columns from where it starts', () => {
    const resized = resizeItem([item('a', 8, 0, 2, 2)], 'a', { w: 9, h: 0 });
    expect(places(resized).a).toEqual([8, 0, 4, 1]);
  });
});

describe('nudgeItem', () => {
  const pair = [item('a', 0, 0, 12, 2), item('b', 0, 2, 12, 4)];

  it('moves one column at a time', () => {
    expect(places(nudgeItem([item('a', 3, 0, 4, 2)], 'a', { dx: 1, dy: 0 })).a).toEqual([4, 0, 4, 2]);
    expect(places(nudgeItem([item('a', 0, 0, 4, 2)], 'a', { dx: -1, dy: 0 })).a).toEqual([0, 0, 4, 2]);
  });

  it('moves down past the next item, not one row into it', () => {
    expect(places(nudgeItem(pair, 'a', { dx: 0, dy: 1 }))).toEqual({ a: [0, 4, 12, 2], b: [0, 0, 12, 4] });
  });

  it('moves up past the item above', () => {
    expect(places(nudgeItem(pair, 'b', { dx: 0, dy: -1 }))).toEqual({ a: [0, 4, 12, 2], b: [0, 0, 12, 4] });
  });

  it('leaves the layout alone when the item cannot go further', () => {
    expect(sameLayout(nudgeItem(pair, 'b', { dx: 0, dy: 1 }), pair)).toBe(true);
    expect(sameLayout(nudgeItem(pair, 'a', { dx: 0, dy: -1 }), pair)).toBe(true);
  });
});

describe('insertItem and removeItem', () => {
  it('puts a copy in at its place and pushes what it lands on down', () => {
    const layout = [item('a', 0, 0, 6, 3), item('b', 0, 3, 6, 2)];
    const inserted = insertItem(layout, item('copy', 0, 3, 6, 3));
    expect(places(inserted)).toEqual({ a: [0, 0, 6, 3], b: [0, 6, 6, 2], copy: [0, 3, 6, 3] });
    expect(inserted.at(-1)?.id).toBe('copy');
  });

  it('closes the gap a removed item leaves', () => {
    const removed = removeItem([item('a', 0, 0, 12, 3), item('b', 0, 3, 12, 2)], 'a');
    expect(places(removed)).toEqual({ b: [0, 0, 12, 2] });
  });
});

describe('firstFreePlace', () => {
  it('finds the first hole a new item fits in, in reading order', () => {
    const layout = [item('a', 0, 0, 8, 6), item('b', 8, 3, 4, 3)];
    expect(firstFreePlace(layout, { w: 4, h: 3 })).toEqual({ x: 8, y: 0, w: 4, h: 3 });
    expect(firstFreePlace(layout, { w: 6, h: 3 })).toEqual({ x: 0, y: 6, w: 6, h: 3 });
  });

  it('starts an empty grid in the top left corner', () => {
    expect(firstFreePlace([], { w: 6, h: 6 })).toEqual({ x: 0, y: 0, w: 6, h: 6 });
  });
});

describe('layoutRows and sameLayout', () => {
  it('measures the layout by its lowest bottom edge', () => {
    expect(layoutRows([item('a', 0, 0, 6, 3), item('b', 6, 2, 6, 4)])).toBe(6);
    expect(layoutRows([])).toBe(0);
  });

  it('compares places by id, not by order', () => {
    expect(sameLayout([item('a', 0, 0, 1, 1), item('b', 1, 0, 1, 1)], [item('b', 1, 0, 1, 1), item('a', 0, 0, 1, 1)])).toBe(true);
    expect(sameLayout([item('a', 0, 0, 1, 1)], [item('a', 0, 1, 1, 1)])).toBe(false);
  });
});

describe('pixels', () => {
  // 12 columns of 60 px with 16 px gaps: 12 × 60 + 11 × 16 = 896 px.
  const metrics = gridMetrics(896, 40, 16);

  it('sizes columns from the container width', () => {
    expect(metrics.columnPx).toBe(60);
  });

  it('places a rectangle in pixels, gaps between cells included', () => {
    expect(rectToPixels({ x: 2, y: 1, w: 3, h: 2 }, metrics)).toEqual({ left: 152, top: 56, width: 212, height: 96 });
  });

  it('snaps a dragged box to the nearest cell within the grid', () => {
    expect(cellAt({ left: 152 + 30, top: 56 - 20 }, 3, metrics)).toEqual({ x: 2, y: 1 });
    expect(cellAt({ left: 152 + 45, top: 56 + 30 }, 3, metrics)).toEqual({ x: 3, y: 2 });
    expect(cellAt({ left: -200, top: -80 }, 3, metrics)).toEqual({ x: 0, y: 0 });
    expect(cellAt({ left: 880, top: 0 }, 3, metrics)).toEqual({ x: 9, y: 0 });
  });

  it('snaps a resized box to the nearest span, within the columns left', () => {
    expect(spanAt({ width: 212 + 20, height: 96 + 10 }, 2, metrics)).toEqual({ w: 3, h: 2 });
    expect(spanAt({ width: 212 + 50, height: 96 + 40 }, 2, metrics)).toEqual({ w: 4, h: 3 });
    expect(spanAt({ width: 5000, height: 1 }, 10, metrics)).toEqual({ w: 2, h: 1 });
  });
});
