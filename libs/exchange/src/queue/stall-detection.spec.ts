import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ConfigError, loadConfig } from '@app/core';
import { ProvincialPushProcessor } from './provincial-push.processor';
import { stallDetectionOf } from './stall-detection';

const exchangeOf = (env: Record<string, string>) => loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'stall-')), ...env }).exchange;
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    exchangeOf(env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe('stall detection: how soon a killed worker’s jobs come back (issue 19, item 12)', () => {
  it('takes a killed worker’s jobs over within 30 s by default: a 20 s lock, a stall check every 10 s', () => {
    expect(stallDetectionOf(exchangeOf({}))).toEqual({ lockDuration: 20_000, stalledInterval: 10_000, takeoverBoundMs: 30_000 });
  });

  it('gives the BullMQ worker those settings (the check more often than the lock lasts)', () => {
    const options = exchangeOf({});
    new ProvincialPushProcessor({ run: () => Promise.resolve(), missingHandlers: () => [] } as never, { ...options, queuePrefix: 'bull' });
    const opts = Reflect.getMetadata(WORKER_METADATA, ProvincialPushProcessor) as { lockDuration: number; stalledInterval: number };
    const s = stallDetectionOf(options);
    expect({ lockDuration: opts.lockDuration, stalledInterval: opts.stalledInterval }).toEqual({ lockDuration: s.lockDuration, stalledInterval: s.stalledInterval });
    expect(opts.stalledInterval).toBeLessThan(opts.lockDuration);
  });

  it('checks half as often as the lock by default, and refuses a check as slow as the lock', () => {
    expect(stallDetectionOf(exchangeOf({ EXCHANGE_LOCK_MS: '6000' }))).toMatchObject({ lockDuration: 6000, stalledInterval: 3000, takeoverBoundMs: 9000 });
    expect(stallDetectionOf(exchangeOf({ EXCHANGE_LOCK_MS: '6000', EXCHANGE_STALLED_CHECK_MS: '1000' }))).toMatchObject({ takeoverBoundMs: 7000 });
    expect(problemsOf({ EXCHANGE_LOCK_MS: '6000', EXCHANGE_STALLED_CHECK_MS: '6000' })).toEqual([expect.stringContaining('must be less than EXCHANGE_LOCK_MS')]);
    expect(problemsOf({ EXCHANGE_LOCK_MS: 'x' })).toEqual([expect.stringContaining('EXCHANGE_LOCK_MS="x" is not valid')]);
  });

  it('is what the READMEs state', () => {
    const root = join(__dirname, '../../../..');
    const lib = readFileSync(join(root, 'libs/exchange/README.md'), 'utf8');
    expect(lib).toContain('within `EXCHANGE_LOCK_MS` + `EXCHANGE_STALLED_CHECK_MS` of the kill (20 s + 10 s = 30 s by default)');
    expect(lib).toMatch(/\| `EXCHANGE_LOCK_MS` \| 20000 \|/);
    expect(lib).toMatch(/\| `EXCHANGE_STALLED_CHECK_MS` \| half of `EXCHANGE_LOCK_MS` \|/);
  });
});
