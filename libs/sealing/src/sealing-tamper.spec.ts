import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { encodeEndPlaintext, encodeRecordHeader, RecordType } from './core/container-format';
import { keyFingerprint } from './core/sealing-key';
import { inspect, open, seal, SealingErrorCode } from './index';
import { nodePlatform } from './node/node-platform';
import { collect, errorCode, generatedBytes, KEY, OTHER_KEY, SUMMARY } from './test-helpers';

const CHUNK = 1024;
const DATA = generatedBytes(3 * CHUNK + 928, 'tamper'); // three full chunks and a final one of 928 bytes

interface RecordAt {
  type: string;
  at: number;
  length: number;
}

/** Where each record sits: [S, C0, C1, C2, F3, E]. */
function recordsOf(container: Buffer): RecordAt[] {
  const list: RecordAt[] = [];
  for (let at = 112; at < container.length; at += 5 + container.readUInt32BE(at + 1)) {
    list.push({ type: String.fromCharCode(container[at]), at, length: 5 + container.readUInt32BE(at + 1) });
  }
  return list;
}

function flip(container: Buffer, offset: number): Buffer {
  const copy = Buffer.from(container);
  copy[offset] ^= 0x01;
  return copy;
}

async function openAll(container: Uint8Array, key: Uint8Array = KEY): Promise<Buffer> {
  const opened = await open(container, key);
  const plaintext = await collect(opened.plaintext);
  await opened.result;
  return plaintext;
}

let container: Buffer;
let records: RecordAt[];

describe('tampering is refused with the right code', () => {
  beforeAll(async () => {
    container = await collect(seal(Readable.from([DATA]), KEY, SUMMARY, { chunkSize: CHUNK }));
    records = recordsOf(container);
    expect(records.map((r) => r.type).join('')).toBe('SCCCFE');
    await expect(openAll(container)).resolves.toEqual(DATA); // the untouched container opens
  });

  describe('a flipped byte in the header', () => {
    it.each([
      ['magic', 0, SealingErrorCode.NotASealedContainer],
      ['format version', 8, SealingErrorCode.Unsupported],
      ['cipher id', 9, SealingErrorCode.Unsupported],
      ['header length', 11, SealingErrorCode.Malformed],
      ['chunk size', 14, SealingErrorCode.Tampered],
      ['key fingerprint', 20, SealingErrorCode.Tampered],
      ['salt', 60, SealingErrorCode.Tampered],
      ['header checksum', 100, SealingErrorCode.Tampered],
    ])('in the %s (byte %d): inspect and open both refuse with %s', async (_field, offset, code) => {
      const changed = flip(container, offset as number);
      expect(await errorCode(() => inspect(changed))).toBe(code);
      expect(await errorCode(() => openAll(changed))).toBe(code);
    });

    it('a header re-forged for another key (checksum recomputed) fails authentication with that key', async () => {
      const forged = Buffer.from(container);
      forged.set(keyFingerprint(nodePlatform.createSha256, OTHER_KEY), 16);
      forged.set(createHash('sha256').update(forged.subarray(0, 80)).digest(), 80);
      await expect(inspect(forged)).resolves.toBeDefined(); // well-formed, so inspect cannot tell
      expect(await errorCode(() => openAll(forged, OTHER_KEY))).toBe(SealingErrorCode.Tampered);
      expect(await errorCode(() => openAll(forged, KEY))).toBe(SealingErrorCode.WrongKey);
    });
  });

  it('a flipped byte in the sealed summary: open refuses before giving any plaintext', async () => {
    const changed = flip(container, records[0].at + 5 + 100);
    expect(await errorCode(() => open(changed, KEY))).toBe(SealingErrorCode.Tampered);
    await expect(inspect(changed)).resolves.toMatchObject({ chunkCount: 4 }); // ciphertext: only the key holder can tell
  });

  it('a flipped byte in a chunk: open gives the chunks before it, then fails, never the changed chunk', async () => {
    const changed = flip(container, records[2].at + 5 + 10); // chunk 1
    const opened = await open(changed, KEY);
    const received: Buffer[] = [];
    const failure = await errorCode(async () => {
      for await (const piece of opened.plaintext) received.push(piece as Buffer);
    });
    expect(failure).toBe(SealingErrorCode.Tampered);
    const got = Buffer.concat(received);
    expect(got.length).toBeLessThanOrEqual(CHUNK);
    expect(got.equals(DATA.subarray(0, got.length))).toBe(true);
    expect(await errorCode(() => opened.result)).toBe(SealingErrorCode.Tampered);
  });

  it.each([
    ['a full chunk', 1],
    ['the final chunk', 4],
    ['the end record', 5],
  ])('a flipped byte in the tag of %s', async (_what, index) => {
    const record = records[index as number];
    const changed = flip(container, record.at + record.length - 3);
    expect(await errorCode(() => openAll(changed))).toBe(SealingErrorCode.Tampered);
  });

  it('a chunk dropped from the middle', async () => {
    const dropped = Buffer.concat([container.subarray(0, records[2].at), container.subarray(records[3].at)]);
    expect(await errorCode(() => openAll(dropped))).toBe(SealingErrorCode.Tampered);
  });

  it('the final chunk dropped: the framing is wrong, inspect already refuses', async () => {
    const dropped = Buffer.concat([container.subarray(0, records[4].at), container.subarray(records[5].at)]);
    expect(await errorCode(() => inspect(dropped))).toBe(SealingErrorCode.Malformed);
    expect(await errorCode(() => openAll(dropped))).toBe(SealingErrorCode.Malformed);
  });

  it('two chunks swapped', async () => {
    const [c0, c1] = [records[1], records[2]];
    const swapped = Buffer.concat([
      container.subarray(0, c0.at),
      container.subarray(c1.at, c1.at + c1.length),
      container.subarray(c0.at, c0.at + c0.length),
      container.subarray(c1.at + c1.length),
    ]);
    expect(swapped.length).toBe(container.length);
    expect(await errorCode(() => openAll(swapped))).toBe(SealingErrorCode.Tampered);
  });

  it('a record type changed (full chunk marked final, final marked full)', async () => {
    const fullAsFinal = Buffer.from(container);
    fullAsFinal[records[1].at] = 0x46;
    const finalAsFull = Buffer.from(container);
    finalAsFull[records[4].at] = 0x43;
    for (const changed of [fullAsFinal, finalAsFull]) {
      expect(await errorCode(() => inspect(changed))).toBe(SealingErrorCode.Malformed);
      expect(await errorCode(() => openAll(changed))).toBe(SealingErrorCode.Malformed);
    }
  });

  describe('truncation', () => {
    const points: [string, (r: RecordAt[]) => number][] = [
      ['inside the magic', () => 5],
      ['inside the header', () => 60],
      ['right after the header', () => 112],
      ['inside the summary', (r) => r[0].at + 300],
      ['at a chunk boundary', (r) => r[2].at],
      ['inside a chunk', (r) => r[3].at + 700],
      ['inside a record header', (r) => r[3].at + 2],
      ['after the final chunk', (r) => r[5].at],
      ['inside the end record', (r) => r[5].at + 20],
      ['one byte short', () => container.length - 1],
    ];
    it.each(points)('%s: inspect and open say CONTAINER_TRUNCATED', async (_where, point) => {
      const cut = container.subarray(0, point(records));
      expect(await errorCode(() => inspect(cut))).toBe(SealingErrorCode.Truncated);
      expect(await errorCode(() => openAll(cut))).toBe(SealingErrorCode.Truncated);
    });

    it('cut to nothing: an empty stream is not a container', async () => {
      expect(await errorCode(() => inspect(Readable.from([])))).toBe(SealingErrorCode.NotASealedContainer);
      expect(await errorCode(() => openAll(new Uint8Array(0)))).toBe(SealingErrorCode.NotASealedContainer);
    });
  });

  it.each([
    ['one byte', Buffer.of(0)],
    ['a copy of a chunk', null],
    ['a second container', 'self'],
  ])('extra bytes appended (%s)', async (_what, extra) => {
    const tail = extra === null ? container.subarray(records[1].at, records[1].at + records[1].length) : extra === 'self' ? container : (extra as Buffer);
    const longer = Buffer.concat([container, tail]);
    expect(await errorCode(() => inspect(longer))).toBe(SealingErrorCode.Malformed);
    expect(await errorCode(() => openAll(longer))).toBe(SealingErrorCode.Malformed);
  });

  it('the wrong key: WRONG_KEY from the fingerprint, before the rest of the stream is read', async () => {
    let piecesRead = 0;
    const source = Readable.from(
      (function* () {
        for (let at = 0; at < container.length; at += 256) {
          piecesRead++;
          yield container.subarray(at, at + 256);
        }
      })(),
      { objectMode: false },
    );
    expect(await errorCode(() => open(source, OTHER_KEY))).toBe(SealingErrorCode.WrongKey);
    expect(piecesRead).toBeLessThan(Math.ceil(container.length / 256));
  });

  describe('a container that authenticates but whose declared size or SHA-256 is wrong', () => {
    // Only the key holder can write such a container (a buggy sealer); it must still not open.
    async function withEndRecord(size: number, sha256: Buffer): Promise<Buffer> {
      const header = container.subarray(0, 112);
      const cipher = await nodePlatform.recordCipher(KEY, header.subarray(48, 80), header.subarray(80, 112));
      const body = Buffer.concat(await cipher.encrypt(RecordType.End, 4, [encodeEndPlaintext(size, sha256)]));
      return Buffer.concat([container.subarray(0, records[5].at), encodeRecordHeader(RecordType.End, body.length), body]);
    }

    it('the genuine declaration, rebuilt this way, opens (the check below is not vacuous)', async () => {
      const same = await withEndRecord(DATA.length, createHash('sha256').update(DATA).digest());
      expect(same.equals(container)).toBe(true); // AES-GCM is deterministic: the rebuild is exact
      await expect(openAll(same)).resolves.toEqual(DATA);
    });

    it('declared SHA-256 differs', async () => {
      const wrong = await withEndRecord(DATA.length, createHash('sha256').update('something else').digest());
      expect(await errorCode(() => openAll(wrong))).toBe(SealingErrorCode.Tampered);
    });

    it('declared size differs', async () => {
      const wrong = await withEndRecord(DATA.length + 1, createHash('sha256').update(DATA).digest());
      expect(await errorCode(() => openAll(wrong))).toBe(SealingErrorCode.Tampered);
    });
  });
});
