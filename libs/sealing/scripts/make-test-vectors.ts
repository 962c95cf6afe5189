/**
 * Writes libs/sealing/test-vectors/: small containers with fixed keys and salts, their plaintexts, and
 * vectors.json describing them, plus broken ones with the error each must give. Another implementation of
 * the format proves itself against these files. The files are committed; rerun this only when the format
 * changes (a new version), never to make a failing spec pass:
 *
 *   npx ts-node --transpile-only libs/sealing/scripts/make-test-vectors.ts
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { OpeningSummary } from '../src/core/opening-summary';
import { fingerprintOf, inspect, seal } from '../src';

const OUT = join(__dirname, '..', 'test-vectors');

const KEY_A = '9b1c7f3a5e2d4c6b8a0f1e3d5c7b9a8f0e2d4c6b8a1f3e5d7c9b0a2f4e6d8c1b';
const KEY_B = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** Plaintext byte i is (i * 7 + 3) mod 256. */
function pattern(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + 3) & 0xff;
  return bytes;
}

interface GoodVector {
  name: string;
  description: string;
  key: string;
  salt: string;
  chunkSize: number;
  plaintext: Buffer;
  summary: OpeningSummary;
  fileName?: string;
}

const GOOD: GoodVector[] = [
  {
    name: 'empty',
    description: 'an empty file: one empty final chunk',
    key: KEY_A,
    salt: '01'.repeat(32),
    chunkSize: 1024,
    plaintext: Buffer.alloc(0),
    summary: { price: '0', durationDays: 0, items: [] },
  },
  {
    name: 'one-byte',
    description: 'one byte',
    key: KEY_A,
    salt: '02'.repeat(32),
    chunkSize: 1024,
    plaintext: Buffer.from('a'),
    summary: { price: '1.5', durationDays: 1, items: [] },
  },
  {
    name: 'three-chunks',
    description: 'two full chunks and a final one of 952 bytes; Chinese file name and items',
    key: KEY_A,
    salt: '03'.repeat(32),
    chunkSize: 1024,
    plaintext: pattern(3000),
    summary: {
      price: '1234567.89',
      durationDays: 180,
      items: [
        { name: '质量标准', value: '合格' },
        { name: '项目经理', value: '张三' },
      ],
    },
    fileName: '技术标.pdf',
  },
  {
    name: 'exact-chunks',
    description: 'exactly two chunks of plaintext: two full chunks and an empty final one',
    key: KEY_B,
    salt: '04'.repeat(32),
    chunkSize: 1024,
    plaintext: pattern(2048),
    summary: { price: '88000', durationDays: 30, items: [{ name: '交货地点', value: '市公共资源交易中心' }] },
    fileName: 'bid.zip',
  },
  {
    name: 'chunk-4096',
    description: 'a 4 KiB chunk size, 10000 bytes',
    key: KEY_B,
    salt: '05'.repeat(32),
    chunkSize: 4096,
    plaintext: pattern(10000),
    summary: { price: '999999999999999.99', durationDays: 36500, items: [] },
  },
];

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function main() {
  mkdirSync(OUT, { recursive: true });
  const good = [];
  const containers = new Map<string, Buffer>();
  for (const vector of GOOD) {
    const container = await collect(
      seal(Readable.from([vector.plaintext]), Buffer.from(vector.key, 'hex'), vector.summary, {
        chunkSize: vector.chunkSize,
        salt: Buffer.from(vector.salt, 'hex'),
        ...(vector.fileName ? { fileName: vector.fileName } : {}),
      }),
    );
    containers.set(vector.name, container);
    writeFileSync(join(OUT, `${vector.name}.bidseal`), container);
    writeFileSync(join(OUT, `${vector.name}.plain`), vector.plaintext);
    const inspection = await inspect(container);
    good.push({
      name: vector.name,
      description: vector.description,
      container: `${vector.name}.bidseal`,
      plaintext: `${vector.name}.plain`,
      key: vector.key,
      keyFingerprint: fingerprintOf(Buffer.from(vector.key, 'hex')),
      salt: vector.salt,
      chunkSize: vector.chunkSize,
      summary: vector.summary,
      fileName: vector.fileName ?? null,
      plaintextSize: vector.plaintext.length,
      plaintextSha256: sha256(vector.plaintext),
      chunkCount: inspection.chunkCount,
      containerSize: container.length,
      containerSha256: sha256(container),
    });
  }

  const three = containers.get('three-chunks')!;
  const chunkOneByte = 112 + 5 + 1040 + 1045 + 5 + 17; // inside chunk 1's ciphertext
  const tampered = Buffer.from(three);
  tampered[chunkOneByte] ^= 0x80;
  const bad = [
    { name: 'tampered-chunk', description: 'three-chunks with one bit of chunk 1 flipped', bytes: tampered, key: KEY_A, open: 'CONTAINER_TAMPERED', inspect: null },
    { name: 'truncated', description: 'three-chunks cut inside chunk 2', bytes: three.subarray(0, 112 + 5 + 1040 + 2 * 1045 + 300), key: KEY_A, open: 'CONTAINER_TRUNCATED', inspect: 'CONTAINER_TRUNCATED' },
    { name: 'appended', description: 'three-chunks with one extra zero byte', bytes: Buffer.concat([three, Buffer.of(0)]), key: KEY_A, open: 'CONTAINER_MALFORMED', inspect: 'CONTAINER_MALFORMED' },
    { name: 'wrong-key', description: 'three-chunks opened with the key of exact-chunks', file: 'three-chunks.bidseal', key: KEY_B, open: 'WRONG_KEY', inspect: null },
    {
      name: 'not-a-container',
      description: 'a plain PDF',
      file: 'not-a-container.pdf',
      bytes: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
      key: KEY_A,
      open: 'NOT_A_SEALED_CONTAINER',
      inspect: 'NOT_A_SEALED_CONTAINER',
    },
  ].map((vector) => {
    const file = vector.file ?? `${vector.name}.bidseal`;
    if (vector.bytes) writeFileSync(join(OUT, file), vector.bytes);
    return { name: vector.name, description: vector.description, container: file, key: vector.key, openError: vector.open, inspectError: vector.inspect };
  });

  const manifest = {
    format: 'bid-seal container, version 1 (libs/sealing/README.md)',
    note: 'Sealing a good vector\'s plaintext with its key, salt, chunk size, summary and file name must give the container byte for byte (JSON written compactly, members in the order shown).',
    good,
    bad,
  };
  writeFileSync(join(OUT, 'vectors.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`wrote ${good.length} good and ${bad.length} bad vectors to ${OUT}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
