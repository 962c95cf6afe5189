import { createHash, randomBytes } from 'node:crypto';
import { JsSha256 } from './core/sha256';

describe('the JavaScript SHA-256 the browser uses', () => {
  it('matches node:crypto on the standard test inputs', () => {
    for (const input of ['', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 'a'.repeat(1_000_000)]) {
      const hash = new JsSha256();
      hash.update(Buffer.from(input));
      expect(Buffer.from(hash.digest()).toString('hex')).toBe(createHash('sha256').update(input).digest('hex'));
    }
  });

  it('matches node:crypto for every length around the block and padding edges, fed in pieces', () => {
    const data = randomBytes(300);
    for (let length = 0; length <= 200; length++) {
      for (const split of [0, 1, 55, 56, 63, 64, 65]) {
        const hash = new JsSha256();
        const at = Math.min(split, length);
        hash.update(data.subarray(0, at));
        hash.update(data.subarray(at, length));
        expect(Buffer.from(hash.digest()).toString('hex')).toBe(createHash('sha256').update(data.subarray(0, length)).digest('hex'));
      }
    }
  });
});
