import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_CHUNK_SIZE, inspect, open, seal } from './index';
import { collect, generatedBytes, generatedStream, inPieces, KEY, sha256Hex, SUMMARY } from './test-helpers';
import { openStream, sealStream } from './web/index';

const C = DEFAULT_CHUNK_SIZE;

async function roundTrip(data: Buffer, options: { chunkSize?: number } = {}) {
  const container = await collect(seal(Readable.from([data]), KEY, SUMMARY, { ...options, fileName: '技术标.pdf' }));
  const opened = await open(container, KEY);
  const plaintext = await collect(opened.plaintext);
  return { container, opened, plaintext, result: await opened.result, inspection: await inspect(container) };
}

describe('seal → open round trips', () => {
  it.each([
    ['0 B', 0],
    ['1 B', 1],
    ['chunk size − 1', C - 1],
    ['chunk size', C],
    ['chunk size + 1', C + 1],
    ['three chunks and a bit', 3 * C + 12_345],
  ])('%s gives back the same bytes, summary and file name', async (_label, size) => {
    const data = generatedBytes(size, `round-trip-${size}`);
    const { container, opened, plaintext, result, inspection } = await roundTrip(data);

    expect(plaintext.equals(data)).toBe(true);
    expect(opened.summary).toEqual(SUMMARY);
    expect(opened.fileName).toBe('技术标.pdf');
    expect(result).toEqual({ chunkCount: Math.floor(size / C) + 1, plaintextSize: size, plaintextSha256: sha256Hex(data) });
    expect(inspection).toEqual({
      version: 1,
      cipher: 'AES-256-GCM',
      chunkSize: C,
      keyFingerprint: opened.info.keyFingerprint,
      chunkCount: Math.floor(size / C) + 1,
      ciphertextSize: container.length,
      sha256: sha256Hex(container),
    });
    // Each chunk adds a 5-byte record header and a 16-byte tag; header, summary and end are fixed.
    expect(container.length).toBe(112 + (5 + 16 + 1024) + size + (Math.floor(size / C) + 1) * 21 + (5 + 56));
  });

  it('an empty file still has one (empty) final chunk', async () => {
    const { container, result } = await roundTrip(Buffer.alloc(0));
    expect(result.chunkCount).toBe(1);
    const finalRecordAt = 112 + 5 + 16 + 1024;
    expect(container[finalRecordAt]).toBe(0x46); // 'F'
    expect(container.readUInt32BE(finalRecordAt + 1)).toBe(16); // nothing but the tag
  });

  it('streams 100 MiB through seal and open without holding it, hashes equal', async () => {
    const size = 100 * 1024 * 1024;
    const source = generatedStream(size, 'hundred-mib');
    const sealed = seal(source.stream, KEY, SUMMARY);
    const opened = await open(sealed, KEY); // the container is never stored: seal pipes into open
    const hash = createHash('sha256');
    let bytes = 0;
    await pipeline(opened.plaintext, async (pieces: AsyncIterable<Buffer>) => {
      for await (const piece of pieces) {
        hash.update(piece);
        bytes += piece.length;
      }
    });
    const expected = await source.sha256;
    expect(bytes).toBe(size);
    expect(hash.digest('hex')).toBe(expected);
    expect((await opened.result).plaintextSha256).toBe(expected);
    expect((await sealed.result).plaintextSha256).toBe(expected);
  }, 60_000);

  it('reads a container however the stream cuts it (1-byte pieces, odd sizes)', async () => {
    const data = generatedBytes(5000, 'pieces');
    const container = await collect(seal(Readable.from([data]), KEY, SUMMARY, { chunkSize: 1024 }));
    for (const sizes of [1, [3, 7, 1021, 2], 4099]) {
      const opened = await open(inPieces(container, sizes), KEY);
      expect((await collect(opened.plaintext)).equals(data)).toBe(true);
      expect((await inspect(inPieces(container, sizes))).sha256).toBe(sha256Hex(container));
    }
  });

  it('seals input that arrives in pieces of any size into the same bytes', async () => {
    const data = generatedBytes(10_000, 'input-pieces');
    const salt = new Uint8Array(32).fill(7);
    const whole = await collect(seal(Readable.from([data]), KEY, SUMMARY, { chunkSize: 1024, salt }));
    const pieces = await collect(seal(inPieces(data, [1, 500, 1024, 3000, 7]), KEY, SUMMARY, { chunkSize: 1024, salt }));
    expect(pieces.equals(whole)).toBe(true);
  });

  it('never repeats a container: a fresh salt each time, so the same file seals to different bytes', async () => {
    const data = generatedBytes(3000);
    const a = await collect(seal(Readable.from([data]), KEY, SUMMARY, { chunkSize: 1024 }));
    const b = await collect(seal(Readable.from([data]), KEY, SUMMARY, { chunkSize: 1024 }));
    expect(a.subarray(48, 80).equals(b.subarray(48, 80))).toBe(false);
    expect(a.subarray(200).equals(b.subarray(200))).toBe(false);
  });

  it('the sealed summary does not reveal the price by its length', async () => {
    const short = await collect(seal(Buffer.alloc(10), KEY, { ...SUMMARY, price: '1' }));
    const long = await collect(seal(Buffer.alloc(10), KEY, { ...SUMMARY, price: '123456789012345.67' }));
    expect(short.length).toBe(long.length);
  });

  it('the browser code (WebCrypto, JavaScript SHA-256, WHATWG streams) and the Node code read each other', async () => {
    const data = generatedBytes(3 * 1024 + 17, 'cross');
    const salt = new Uint8Array(32).fill(3);
    const fromNode = await collect(seal(Readable.from([data]), KEY, SUMMARY, { chunkSize: 1024, salt, fileName: 'a.pdf' }));
    const webSealed = sealStream(new Blob([new Uint8Array(data)]), KEY, SUMMARY, { chunkSize: 1024, salt, fileName: 'a.pdf' });
    const fromWeb = await collect(webSealed);
    expect(fromWeb.equals(fromNode)).toBe(true);
    expect((await webSealed.result).plaintextSha256).toBe(sha256Hex(data));

    const openedInWeb = await openStream(new Blob([new Uint8Array(fromNode)]).stream(), KEY);
    expect(openedInWeb.summary).toEqual(SUMMARY);
    expect((await collect(openedInWeb.plaintext)).equals(data)).toBe(true);
    expect((await openedInWeb.result).plaintextSha256).toBe(sha256Hex(data));
  });
});
