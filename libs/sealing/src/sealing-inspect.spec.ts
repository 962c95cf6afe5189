import { createHash, randomBytes } from 'node:crypto';
import { MAGIC } from './core/container-format';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInspector, inspect, looksLikeContainer, seal, SealingErrorCode } from './index';
import { collect, errorCode, generatedBytes, generatedStream, inPieces, KEY, minimalPdf, minimalZip, sha256Hex, SUMMARY } from './test-helpers';

/** Pipes `source` through an inspector into memory; returns what came out and how it ended. */
async function throughInspector(source: Readable) {
  const inspector = createInspector();
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out.push(chunk);
      callback();
    },
  });
  const piped = pipeline(source, inspector, sink).then(
    () => null,
    (error: { code?: string }) => error,
  );
  const failure = await piped;
  const result = await inspector.result.catch((error: { code?: string }) => error);
  return { failure, result, passed: Buffer.concat(out) };
}

describe('inspect refuses anything that is not a sealed container', () => {
  it('a plain PDF', async () => {
    const pdf = minimalPdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await errorCode(() => inspect(pdf))).toBe(SealingErrorCode.NotASealedContainer);
  });

  it('a plain ZIP', async () => {
    const zip = minimalZip();
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(await errorCode(() => inspect(zip))).toBe(SealingErrorCode.NotASealedContainer);
  });

  it('random bytes', async () => {
    for (let i = 0; i < 20; i++) {
      const bytes = randomBytes(1 + (i * 997) % 5000);
      bytes[0] = bytes[0] === 0x89 ? 0x88 : bytes[0]; // 1 in 256 would start like the magic: covered below
      expect(await errorCode(() => inspect(bytes))).toBe(SealingErrorCode.NotASealedContainer);
    }
  });

  it('random bytes behind the magic fail on the header, not later', async () => {
    const bytes = Buffer.concat([MAGIC, randomBytes(4000)]);
    bytes[8] = 1;
    bytes[9] = 1;
    bytes.writeUInt16BE(112, 10);
    expect(await errorCode(() => inspect(bytes))).toBe(SealingErrorCode.Tampered); // the header checksum
  });

  it('an empty stream', async () => {
    expect(await errorCode(() => inspect(Readable.from([])))).toBe(SealingErrorCode.NotASealedContainer);
  });

  it('a truncated container', async () => {
    const container = await collect(seal(generatedBytes(5000), KEY, SUMMARY, { chunkSize: 1024 }));
    expect(await errorCode(() => inspect(container.subarray(0, container.length - 100)))).toBe(SealingErrorCode.Truncated);
  });

  it('looksLikeContainer sniffs the first bytes', () => {
    expect(looksLikeContainer(minimalPdf())).toBe(false);
    expect(looksLikeContainer(Buffer.from([0x89, 0x42]))).toBe(true);
    expect(looksLikeContainer(Buffer.alloc(0))).toBe(false);
  });
});

describe('createInspector: the pass-through an upload flows through', () => {
  it('passes a container through unchanged and reports it at the end', async () => {
    const container = await collect(seal(generatedBytes(300_000), KEY, SUMMARY, { chunkSize: 64 * 1024 }));
    const { failure, result, passed } = await throughInspector(inPieces(container, [1, 50, 16_384, 7]));
    expect(failure).toBeNull();
    expect(passed.equals(container)).toBe(true);
    expect(result).toMatchObject({ chunkCount: 5, ciphertextSize: container.length, sha256: sha256Hex(container) });
  });

  it('errors at the first piece of a PDF and lets none of it through', async () => {
    const pdf = Buffer.concat([minimalPdf(), randomBytes(10 * 1024 * 1024)]);
    let piecesRead = 0;
    const source = new Readable({
      read() {
        const at = piecesRead++ * 64 * 1024;
        this.push(at < pdf.length ? pdf.subarray(at, at + 64 * 1024) : null);
      },
    });
    const { failure, result, passed } = await throughInspector(source);
    expect(failure).toMatchObject({ code: SealingErrorCode.NotASealedContainer });
    expect(result).toMatchObject({ code: SealingErrorCode.NotASealedContainer });
    expect(passed.length).toBe(0);
    expect(piecesRead).toBeLessThan(10); // stopped at once, not after reading 10 MiB
  });

  it('holds back the first bytes until the header is verified', async () => {
    // a fake "header" whose checksum is wrong, delivered in tiny pieces: nothing may pass
    const container = await collect(seal(generatedBytes(10), KEY, SUMMARY));
    const forged = Buffer.from(container);
    forged[30] ^= 1;
    const { failure, passed } = await throughInspector(inPieces(forged, 7));
    expect(failure).toMatchObject({ code: SealingErrorCode.Tampered });
    expect(passed.length).toBe(0);
  });

  it('errors at the end of a truncated upload', async () => {
    const container = await collect(seal(generatedBytes(100_000), KEY, SUMMARY, { chunkSize: 4096 }));
    const { failure, result } = await throughInspector(inPieces(container.subarray(0, 50_000), 4096));
    expect(failure).toMatchObject({ code: SealingErrorCode.Truncated });
    expect(result).toMatchObject({ code: SealingErrorCode.Truncated });
  });

  it('inspects a sealed stream of 64 MiB on its way, hashing it all', async () => {
    const size = 64 * 1024 * 1024;
    const sealed = seal(generatedStream(size, 'upload').stream, KEY, SUMMARY);
    const inspector = createInspector();
    const hash = createHash('sha256');
    await pipeline(
      sealed,
      inspector,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback();
        },
      }),
    );
    const result = await inspector.result;
    expect(result.chunkCount).toBe(65);
    expect(result.sha256).toBe(hash.digest('hex'));
    expect(result.keyFingerprint).toBe((await sealed.result).keyFingerprint);
  }, 30_000);
});
