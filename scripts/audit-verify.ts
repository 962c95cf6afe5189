// npm run audit:verify — walks the audit chain and names the first broken entry (exit 1), or says it is whole.
// Entries committed but not yet chained by the sequencer (docs/audit-log.md) are counted, not verified.
import { verifyChain } from '@app/core';
import { openCliDataSource } from './cli-context';

async function main(): Promise<void> {
  const ds = await openCliDataSource();
  try {
    const started = Date.now();
    const { checked, firstBreak } = await verifyChain(ds);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const [{ n: unchained }] = (await ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE seq IS NULL`)) as { n: number }[];
    const waiting = unchained ? `; ${unchained} committed entries not chained yet` : '';
    if (firstBreak) {
      console.error(
        `audit chain BROKEN at entry seq=${firstBreak.seq} (${firstBreak.reason}): expected ${firstBreak.expected}, found ${firstBreak.found}; ${checked} entries before it verified${waiting}`,
      );
      process.exitCode = 1;
    } else {
      console.log(`audit chain intact: ${checked} entries verified in ${seconds} s${waiting}`);
    }
  } finally {
    await ds.destroy();
  }
}

void main();
