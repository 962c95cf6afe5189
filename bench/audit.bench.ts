/**
 * Audit log benchmark (libs/core/src/audit, docs/audit-log.md), on PostgreSQL:
 *
 * - audited writes at 32 concurrent clients (AUDIT_BENCH_CLIENTS): each write is one transaction that inserts a
 *   business row and its audit entry, with the sequencer running (it chains every entry right after the
 *   commit, on its own session and the pool's connections; a round ends when its last entry is chained), against the same writes with the audit insert but
 *   no chaining (the sequencer stopped), in alternating rounds of AUDIT_BENCH_WRITES (3000) writes each,
 *   AUDIT_BENCH_ROUNDS (5) pairs. Between rounds the sequencer catches up untimed, so that no round pays for
 *   another's backlog. The target (≥ 0.8) is the median of the pairs' ratios. For reference, the former
 *   design (one transaction-scoped advisory lock held to commit by every audited write) is timed in the
 *   same rounds;
 * - `audit:verify` over AUDIT_BENCH_ENTRIES (1,000,000) entries in a fresh database: the entries are inserted
 *   unchained, chained by the sequencer (its catch-up rate is printed), then verified (its time is printed).
 *
 *   npm run bench -- audit
 *
 * Needs PostgreSQL (TEST_DATABASE_URL or the default of the test setup).
 */
import { DataSource } from 'typeorm';
import { AuditSequencer, AuditService, coreSchema, createDataSource, dataSourceOptions, loadConfig, PlatformConfig, SYSTEM_ACTOR, verifyChain } from '@app/core';
import { createTestDatabase } from '../test/support/test-db';
import { median } from './support/timing';

const CLIENTS = Number(process.env.AUDIT_BENCH_CLIENTS ?? 32);
const WRITES = Number(process.env.AUDIT_BENCH_WRITES ?? 3000);
const ROUNDS = Number(process.env.AUDIT_BENCH_ROUNDS ?? 5);
const ENTRIES = Number(process.env.AUDIT_BENCH_ENTRIES ?? 1_000_000);
const PROJECTS = 20;
const FORMER_LOCK = 7_310_099;

async function open(url: string): Promise<{ ds: DataSource; config: PlatformConfig }> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: '/tmp/etendering-audit-bench', AUDIT_SEQUENCER_POLL_MS: '1000' });
  const ds = await createDataSource(config, dataSourceOptions(config, coreSchema));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return { ds, config };
}

type Mode = 'chained' | 'unchained' | 'former-lock';

/** WRITES transactions by CLIENTS concurrent clients; answers writes per second. */
async function writes(ds: DataSource, audit: AuditService, mode: Mode, round: number, sequencer?: AuditSequencer): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < WRITES; i = next++) {
        const project = `BENCH-${i % PROJECTS}`;
        await ds.transaction(async (m) => {
          const at = new Date();
          await m.query(`INSERT INTO bench_write (project, at, payload) VALUES ($1, $2, $3::jsonb)`, [project, at, JSON.stringify({ round, i })]);
          if (mode === 'former-lock') {
            // what every audited write did before: one lock for the whole platform, held until its commit
            await m.query('SELECT pg_advisory_xact_lock($1)', [FORMER_LOCK]);
            await m.query('SELECT seq, hash FROM audit_entry a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1');
          }
          await audit.append(m, { ...SYSTEM_ACTOR, role: 'system' }, { action: 'bench.write', entityType: 'tender_project', entityId: project, data: { round, i } }, at);
        });
      }
    }),
  );
  // audited writes are done when their entries are chained: the sequencer's lag counts
  if (mode === 'chained' && sequencer && !(await sequencer.waitForChained(120_000))) throw new Error('the sequencer did not catch up');
  return WRITES / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function catchUp(sequencer: AuditSequencer): Promise<void> {
  while ((await sequencer.chainBatch(5000)) > 0);
}

export async function run(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};

  // --- audited writes against the same writes unchained
  {
    const db = await createTestDatabase('test_auditbench');
    const { ds, config } = await open(db.url);
    try {
      await ds.query(`CREATE TABLE bench_write (id bigserial PRIMARY KEY, project text NOT NULL, at timestamptz NOT NULL, payload jsonb NOT NULL)`);
      await ds.query(`CREATE INDEX ON bench_write (project)`);
      const sequencer = new AuditSequencer(ds, config);
      const audit = new AuditService(ds, sequencer);
      // warm-up, both ways
      sequencer.start();
      await writes(ds, audit, 'chained', -1, sequencer);
      await sequencer.stop();
      await writes(ds, audit, 'unchained', -1);
      await catchUp(sequencer);
      const chained: number[] = [];
      const unchained: number[] = [];
      const former: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const order: Mode[] = r % 2 ? ['unchained', 'chained', 'former-lock'] : ['chained', 'unchained', 'former-lock'];
        for (const mode of order) {
          if (mode === 'chained') sequencer.start();
          const rate = await writes(ds, audit, mode, r, sequencer);
          if (mode === 'chained') await sequencer.stop();
          await catchUp(sequencer);
          (mode === 'chained' ? chained : mode === 'unchained' ? unchained : former).push(rate);
          console.log(`round ${r + 1} of ${ROUNDS}, ${mode}: ${rate.toFixed(0)} writes/s`);
        }
      }
      const { firstBreak, checked } = await verifyChain(ds);
      if (firstBreak) throw new Error(`the bench's chain is broken at ${firstBreak.seq}`);
      const ratios = chained.map((c, i) => c / unchained[i]);
      out[`audited writes/s at ${CLIENTS} clients, chained, the ${ROUNDS} rounds`] = chained.map((x) => x.toFixed(0)).join(' / ');
      out[`audited writes/s at ${CLIENTS} clients, unchained, the ${ROUNDS} rounds`] = unchained.map((x) => x.toFixed(0)).join(' / ');
      out['chained / unchained, median of the pairs (target ≥ 0.8)'] = median(ratios);
      out['former global lock / unchained, median of the pairs (reference)'] = median(former.map((f, i) => f / unchained[i]));
      out['entries in the chain after the rounds (verified)'] = checked;
    } finally {
      await ds.destroy();
      await db.drop();
    }
  }

  // --- audit:verify over ENTRIES entries
  {
    const db = await createTestDatabase('test_auditbench');
    const { ds, config } = await open(db.url);
    try {
      console.log(`inserting ${ENTRIES} unchained entries …`);
      for (let from = 1; from <= ENTRIES; from += 100_000) {
        await ds.query(
          `INSERT INTO audit_entry (at, actor_account_id, actor_organisation_id, actor_role, ip, action, entity_type, entity_id, data)
           SELECT now() + g * interval '1 millisecond', gen_random_uuid(), gen_random_uuid(), 'staff', '198.51.100.' || (g % 250), 'notice.publish',
                  'notice', 'N-' || (g % 5000), jsonb_build_object('code', 'ZB-' || g, 'name', '示例公告 ' || g, 'sections', jsonb_build_array('S-' || g))
             FROM generate_series($1::int, $2::int) g`,
          [from, Math.min(ENTRIES, from + 99_999)],
        );
      }
      const sequencer = new AuditSequencer(ds, config);
      console.log('chaining them …');
      let t = process.hrtime.bigint();
      await catchUp(sequencer);
      const chainSeconds = Number(process.hrtime.bigint() - t) / 1e9;
      console.log('verifying …');
      t = process.hrtime.bigint();
      const { checked, firstBreak } = await verifyChain(ds);
      const verifySeconds = Number(process.hrtime.bigint() - t) / 1e9;
      if (firstBreak || checked !== ENTRIES) throw new Error(`verify: ${checked} checked, break ${JSON.stringify(firstBreak)}`);
      out[`audit:verify over ${ENTRIES} entries, seconds`] = verifySeconds;
      out['audit:verify entries/s'] = Math.round(checked / verifySeconds);
      out['sequencer catch-up, entries chained/s'] = Math.round(ENTRIES / chainSeconds);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  }
  return out;
}
