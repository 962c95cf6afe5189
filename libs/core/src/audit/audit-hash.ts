import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so that a hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export interface HashedFields {
  seq: string;
  at: Date;
  actorAccountId: string | null;
  actorOrganisationId: string | null;
  actorRole: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

/** hash = SHA-256(prevHash + "\n" + canonical JSON of the entry's fields). */
export function entryHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    seq: String(e.seq),
    at: new Date(e.at).toISOString(),
    actorAccountId: e.actorAccountId,
    actorOrganisationId: e.actorOrganisationId,
    actorRole: e.actorRole,
    ip: e.ip,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
