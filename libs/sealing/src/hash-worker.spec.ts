import { createHash } from 'node:crypto';
import { BLOCKS_PER_HASH, createWorkerSha256, HASH_BLOCK, hashWorkerRunning, stopHashWorker } from './node/hash-worker';
import { generatedBytes } from './test-helpers';

const MiB = 1024 * 1024;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Feeds `data` in pieces of the given sizes (cycled), as seal and open do: waiting whenever update asks to. */
async function hashInPieces(data: Uint8Array, sizes: number[]) {
  const hash = createWorkerSha256();
  let maxBlocks = 0;
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = sizes[i % sizes.length];
    const waiting = hash.update(data.subarray(at, at + n));
    if (waiting) await waiting;
    maxBlocks = Math.max(maxBlocks, hash.blocks);
    at += n;
  }
  return { digest: hex(await hash.digest()), maxBlocks };
}

describe('the SHA-256 worker thread (Node: the plaintext hash beside AES-GCM)', () => {
  afterAll(() => stopHashWorker());

  it.each([
    ['0 B', 0, [1]],
    ['a block − 1, in 64 KiB pieces', HASH_BLOCK - 1, [64 * 1024]],
    ['exactly a block', HASH_BLOCK, [HASH_BLOCK]],
    ['a block + 1, in odd pieces', HASH_BLOCK + 1, [1000, 7, 65_536]],
    ['5 blocks and a bit, in pieces that straddle blocks', 5 * HASH_BLOCK + 12_345, [700_001, 3]],
    ['one piece of 7.5 blocks (update has to wait for the worker)', 7.5 * HASH_BLOCK, [7.5 * HASH_BLOCK]],
  ])('%s: the digest is node:crypto’s, with at most BLOCKS_PER_HASH blocks', async (_label, size, sizes) => {
    const data = generatedBytes(size, `hash-${size}`);
    const { digest, maxBlocks } = await hashInPieces(data, sizes);
    expect(digest).toBe(sha256Hex(data));
    expect(maxBlocks).toBeLessThanOrEqual(BLOCKS_PER_HASH);
  });

  it('a file under one block is hashed on the calling thread: the worker is not started', async () => {
    await stopHashWorker();
    expect(hashWorkerRunning()).toBe(false);
    const data = generatedBytes(HASH_BLOCK - 1, 'small');
    expect((await hashInPieces(data, [4096])).digest).toBe(sha256Hex(data));
    expect(hashWorkerRunning()).toBe(false);
    await hashInPieces(generatedBytes(HASH_BLOCK, 'one block'), [HASH_BLOCK]);
    expect(hashWorkerRunning()).toBe(true);
  });

  it('takes the piece in: changing it once update has returned (or its promise settled) does not change the digest', async () => {
    const data = generatedBytes(3 * MiB + 5, 'reuse');
    const hash = createWorkerSha256();
    const piece = Buffer.alloc(64 * 1024 + 1);
    for (let at = 0; at < data.length; at += piece.length) {
      const n = Math.min(piece.length, data.length - at);
      data.copy(piece, 0, at, at + n);
      const waiting = hash.update(piece.subarray(0, n));
      if (waiting) await waiting;
      piece.fill(0xee); // as a source that reuses its buffer does
    }
    expect(hex(await hash.digest())).toBe(sha256Hex(data));
  });

  it('hashes running at once on the one worker keep apart', async () => {
    const inputs = [0, 1, 2, 3].map((i) => generatedBytes(2 * MiB + i * 1000, `together-${i}`));
    const digests = await Promise.all(inputs.map((data, i) => hashInPieces(data, [65_536 + i])));
    expect(digests.map((d) => d.digest)).toEqual(inputs.map(sha256Hex));
  });

  it('a hash given up midway (dispose) leaves the worker clean for the next, and nothing throws later', async () => {
    const abandoned = createWorkerSha256();
    await abandoned.update(generatedBytes(2.5 * MiB, 'abandoned'));
    abandoned.dispose();
    abandoned.dispose(); // twice is harmless
    expect(() => abandoned.update(new Uint8Array(1))).toThrow();
    const data = generatedBytes(2 * MiB, 'after');
    expect((await hashInPieces(data, [65_536])).digest).toBe(sha256Hex(data));
  });

  it('when the worker stops mid-hash the hash rejects, and the next hash starts a new worker', async () => {
    const hash = createWorkerSha256();
    await hash.update(generatedBytes(2 * MiB, 'stopped'));
    await stopHashWorker();
    await expect(hash.digest()).rejects.toThrow(/worker/);
    hash.dispose();
    const data = generatedBytes(2 * MiB + 1, 'restarted');
    expect((await hashInPieces(data, [65_536])).digest).toBe(sha256Hex(data));
  });
});
