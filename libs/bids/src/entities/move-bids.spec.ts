import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { moveBids } from './move-bids';

describe('moveBids: the lifecycle table (canMoveBid) is the only way a bid status changes', () => {
  const manager = (affected: number) => {
    const calls: unknown[][] = [];
    return { calls, m: { update: async (...args: unknown[]) => (calls.push(args), { affected }) } as unknown as EntityManager };
  };

  it('applies an allowed move only to bids still in the status it moves from', async () => {
    const { calls, m } = manager(1);
    expect(await moveBids(m, { id: 'b1' }, 'received', 'withdrawn', { withdrawnAt: new Date(0) })).toBe(1);
    expect(calls[0][1]).toEqual({ id: 'b1', status: 'received' });
    expect(calls[0][2]).toEqual({ withdrawnAt: new Date(0), status: 'withdrawn' });
  });

  it('refuses a move the lifecycle does not allow, writing nothing', async () => {
    const { calls, m } = manager(1);
    await expect(moveBids(m, { id: 'b1' }, 'withdrawn', 'received')).rejects.toThrow('cannot move from withdrawn to received');
    await expect(moveBids(m, { sectionId: 's1' }, 'received', 'winner')).rejects.toThrow('cannot move from received to winner');
    expect(calls).toHaveLength(0);
  });

  it('is the only code that writes a bid status (no other update of Bid sets status)', () => {
    const root = join(__dirname, '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        // scripts/lint/boundaries.spec.ts plants files for a moment under __planted__/ (unit specs run in parallel)
        if (name === '__planted__') continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && name !== 'move-bids.ts') files.push(path);
      }
    };
    walk(root);
    const offenders = files.filter((f) => /update\(\s*Bid\b[\s\S]{0,300}?\bstatus\s*:/.test(readFileSync(f, 'utf8').replace(/update\(\s*Bid\s*,\s*\{[^}]*\}\s*,\s*\{\s*(supersededBy|decryptionFinal)[^}]*\}/g, '')));
    expect(offenders).toEqual([]);
  });
});
