import { AppError } from '../http/errors.ts';

/** A keyset position in a list ordered by (createdAt, id). */
export interface Position {
  at: Date;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || extra !== undefined || Number.isNaN(date.getTime())) throw invalidCursor();
  return { at: date, id };
}

/** Rows are fetched with limit + 1; the extra row only says that another page exists. */
export function pageOf<T>(rows: T[], limit: number, positionOf: (row: T) => Position): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

export const invalidCursor = () => new AppError('invalid_cursor', 400, 'The cursor is not valid; start again from the first page');
