// npm run audit:verify — walks the audit chain and names the first broken entry (exit 1), or says it is whole.
import { verifyChain } from '@app/core';
import { openCliDataSource } from './cli-context';

async function main(): Promise<void> {
  const ds = await openCliDataSource();
  try {
    const { checked, firstBreak } = await verifyChain(ds);
    if (firstBreak) {
      console.error(
        `audit chain BROKEN at entry seq=${firstBreak.seq} (${firstBreak.reason}): expected ${firstBreak.expected}, found ${firstBreak.found}; ${checked} entries before it verified`,
      );
      process.exitCode = 1;
    } else {
      console.log(`audit chain intact: ${checked} entries verified`);
    }
  } finally {
    await ds.destroy();
  }
}

void main();
