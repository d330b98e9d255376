import type * as Y from 'yjs';
import { BOARD_SHAPES_FIELD, boardShapeSchema, type BoardShape } from '../../../../../common/studio-documents.ts';

export type ShapeKind = BoardShape['kind'];

/** The board's shapes as stored in the Y.Doc, bottom first. */
export function readShapes(doc: Y.Doc): BoardShape[] {
  const shapes: BoardShape[] = [];
  for (const value of doc.getMap(BOARD_SHAPES_FIELD).values()) {
    const parsed = boardShapeSchema.safeParse(value);
    if (parsed.success) shapes.push(parsed.data);
  }
  return shapes.sort((a, b) => a.z - b.z);
}

export const shapesMap = (doc: Y.Doc) => doc.getMap<BoardShape>(BOARD_SHAPES_FIELD);

export function putShape(doc: Y.Doc, shape: BoardShape): void {
  shapesMap(doc).set(shape.id, shape);
}

export function removeShape(doc: Y.Doc, id: string): void {
  shapesMap(doc).delete(id);
}

export const topZ = (shapes: BoardShape[]) => shapes.reduce((max, shape) => Math.max(max, shape.z), 0);

const defaults: Record<ShapeKind, Pick<BoardShape, 'fill' | 'stroke'>> = {
  rect: { fill: '#c7d2fe', stroke: '#4f46e5' },
  ellipse: { fill: '#fde68a', stroke: '#d97706' },
  text: { fill: 'transparent', stroke: 'none' },
  image: { fill: 'transparent', stroke: 'none' },
};

export function newShape(kind: ShapeKind, x: number, y: number, z: number, extra: Partial<BoardShape> = {}): BoardShape {
  return {
    id: crypto.randomUUID(),
    kind,
    x,
    y,
    width: kind === 'text' ? 220 : 1,
    height: kind === 'text' ? 48 : 1,
    z,
    ...defaults[kind],
    ...(kind === 'text' ? { text: 'Double-click to edit' } : {}),
    ...extra,
  };
}

/** The box spanned by two points, at least `min` wide and high. */
export function boxBetween(a: { x: number; y: number }, b: { x: number; y: number }, min = 1) {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.max(min, Math.abs(a.x - b.x)), height: Math.max(min, Math.abs(a.y - b.y)) };
}
