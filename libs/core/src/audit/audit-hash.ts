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

/**
 * hash = SHA-256(prevHash + "\n" + canonical JSON of the entry's fields). The outer object's keys are written
 * in their sorted order directly (the same bytes as `canonicalJson` of that object, without sorting them per
 * entry: the sequencer and `audit:verify` hash every entry).
 */
export function entryHash(prevHash: string, e: HashedFields): string {
  const body =
    `{"action":${JSON.stringify(e.action)}` +
    `,"actorAccountId":${JSON.stringify(e.actorAccountId ?? null)}` +
    `,"actorOrganisationId":${JSON.stringify(e.actorOrganisationId ?? null)}` +
    `,"actorRole":${JSON.stringify(e.actorRole)}` +
    `,"at":${JSON.stringify(new Date(e.at).toISOString())}` +
    `,"data":${canonicalJson(e.data)}` +
    `,"entityId":${JSON.stringify(e.entityId)}` +
    `,"entityType":${JSON.stringify(e.entityType)}` +
    `,"ip":${JSON.stringify(e.ip ?? null)}` +
    `,"seq":${JSON.stringify(String(e.seq))}}`;
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** The definition `entryHash` follows, kept to test it against. */
export function entryHashReference(prevHash: string, e: HashedFields): string {
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
