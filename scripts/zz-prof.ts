import { coreSchema, createDataSource, dataSourceOptions, loadConfig, entryHash } from '@app/core';
import { createTestDatabase } from '../test/support/test-db';
async function main() {
  const db = await createTestDatabase('test_auditprof');
  const config = loadConfig({ DATABASE_URL: db.url, DATA_DIR: '/tmp/dbgdata', NODE_ENV: 'test' });
  const ds = await createDataSource(config, dataSourceOptions(config, coreSchema));
  await ds.initialize(); await ds.runMigrations({ transaction: 'each' });
  await ds.query(`INSERT INTO audit_entry (at, actor_account_id, actor_organisation_id, actor_role, ip, action, entity_type, entity_id, data)
           SELECT now() + g * interval '1 millisecond', gen_random_uuid(), gen_random_uuid(), 'staff', '198.51.100.' || (g % 250), 'notice.publish',
                  'notice', 'N-' || (g % 5000), jsonb_build_object('code', 'ZB-' || g, 'name', '示例公告 ' || g, 'sections', jsonb_build_array('S-' || g))
             FROM generate_series(1, 20000) g`);
  for (let k = 0; k < 3; k++) {
  let t = Date.now();
  const rows: any[] = await ds.query(`SELECT id::text AS id, at, actor_account_id AS "actorAccountId", actor_organisation_id AS "actorOrganisationId",
                actor_role AS "actorRole", ip, action, entity_type AS "entityType", entity_id AS "entityId", data
           FROM audit_entry a WHERE a.seq IS NULL ORDER BY a.id LIMIT 5000`);
  const t1 = Date.now() - t; t = Date.now();
  let prev = '0'.repeat(64); let seq = BigInt(k*5000);
  const ids: string[] = [], seqs: string[] = [], prevs: string[] = [], hashes: string[] = [];
  for (const r of rows) { seq++; const h = entryHash(prev, { ...r, seq: String(seq) }); ids.push(r.id); seqs.push(String(seq)); prevs.push(prev); hashes.push(h); prev = h; }
  const t2 = Date.now() - t; t = Date.now();
  await ds.query(`UPDATE audit_entry a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
          WHERE a.id = v.id AND a.seq IS NULL`, [ids, seqs, prevs, hashes]);
  const t3 = Date.now() - t;
  console.log({ select: t1, hash: t2, update: t3 });
  }
  await ds.destroy(); await db.drop();
}
main().catch((e) => { console.error(e); process.exit(1); });
