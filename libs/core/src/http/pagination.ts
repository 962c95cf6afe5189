import { DomainError } from '../errors/domain-error';

/** Every list is paginated by an opaque cursor; a cursor that was not ours is refused the same way everywhere. */
export const badCursor = () => new DomainError('BAD_CURSOR', 400, '分页游标无效', 'The page cursor is not valid');

/** A keyset cursor over (time, id): newest first. Opaque to clients (base64url JSON). */
export interface TimeCursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id]), 'utf8').toString('base64url');
}

export function decodeTimeCursor(cursor: string | undefined): TimeCursor | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && UUID.test(value[1])) {
      const at = new Date(value[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: value[1] };
    }
  } catch {
    // reported below
  }
  throw badCursor();
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Rows fetched with limit + 1: the extra row says whether there is a next page. */
export function pageOf<R, T>(rows: R[], limit: number, key: (r: R) => TimeCursor, map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last ? encodeTimeCursor(key(last).at, key(last).id) : null };
}

export function limitOf(limit: number | undefined, fallback = 20, max = 100): number {
  if (limit === undefined) return fallback;
  return Math.min(max, Math.max(1, limit));
}
