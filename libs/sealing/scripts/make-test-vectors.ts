/**
 * Writes libs/sealing/test-vectors/: small containers with fixed keys and salts, their plaintexts, and
 * vectors.json describing them, plus broken ones with the error each must give. Another implementation of
 * the format proves itself against these files. The files are committed; rerun this only when the format
 * changes (a new version), never to make a failing spec pass:
 *
 *   npx ts-node --transpile-only libs/sealing/scripts/make-test-vectors.ts
 */
import { createCipheriv, createHash, hkdfSync } from 'node:crypto';
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
  {
    name: 'astral-names',
    description: 'lengths are code points: an item name of 100 and a value of 2000 characters outside the BMP, a file name of 255',
    key: KEY_A,
    salt: '06'.repeat(32),
    chunkSize: 1024,
    plaintext: Buffer.from('astral'),
    summary: { price: '1', durationDays: 1, items: [{ name: '𠮷'.repeat(100), value: '𠮷'.repeat(2000) }] },
    fileName: '𠮷'.repeat(251) + '.pdf',
  },
  {
    name: 'multiline-value',
    description: 'a value may hold TAB, LF, CR, U+2028 and U+2029; a name may hold inner spaces',
    key: KEY_A,
    salt: '07'.repeat(32),
    chunkSize: 1024,
    plaintext: Buffer.from('multi'),
    summary: { price: '2.50', durationDays: 2, items: [{ name: '备 注', value: '第一行\n第二行\r\n\t缩进\u2028分行\u2029分段' }] },
  },
  {
    name: 'largest-summary',
    description: 'a summary JSON of exactly 65532 bytes of UTF-8: the plaintext of the S record is 65536 bytes, the most allowed',
    key: KEY_B,
    salt: '08'.repeat(32),
    chunkSize: 1024,
    plaintext: Buffer.from('largest'),
    summary: largestSummary(),
  },
];

/** A summary whose compact JSON, inside {"summary":…}, is exactly 65532 bytes (the cap: 65536 − 4). */
function largestSummary(): OpeningSummary {
  const items: { name: string; value: string }[] = [];
  const size = () => Buffer.byteLength(JSON.stringify({ summary: { price: '3', durationDays: 3, items } }));
  for (let rest = 65532 - size(); rest > 2030; rest = 65532 - size()) {
    items.push({ name: `项目${items.length + 1}`, value: '标'.repeat(Math.min(2000, Math.floor((rest - 60) / 3))) });
  }
  items.push({ name: '末项', value: '' });
  items[items.length - 1].value = 'x'.repeat(65532 - size());
  if (size() !== 65532) throw new Error(`largest summary is ${size()} bytes`);
  return { price: '3', durationDays: 3, items };
}

/**
 * A container written from the README with node:crypto alone, around a summary plaintext given as is: for
 * summaries this library's writer would never produce (left-out items, unknown members, broken rules).
 */
function sealRaw(key: string, salt: string, summaryPlain: Buffer, plaintext: Buffer, chunkSize = 1024): Buffer {
  const keyBytes = Buffer.from(key, 'hex');
  const header = Buffer.alloc(112);
  Buffer.from('\x89BIDSEAL', 'latin1').copy(header, 0);
  header[8] = 1;
  header[9] = 1;
  header.writeUInt16BE(112, 10);
  header.writeUInt32BE(chunkSize, 12);
  createHash('sha256').update('bid-seal/v1/key-fingerprint').update(keyBytes).digest().copy(header, 16);
  Buffer.from(salt, 'hex').copy(header, 48);
  const digest = createHash('sha256').update(header.subarray(0, 80)).digest();
  digest.copy(header, 80);
  const subkey = Buffer.from(hkdfSync('sha256', keyBytes, header.subarray(48, 80), 'bid-seal/v1/aes-256-gcm', 32));
  const record = (type: number, index: number, plain: Buffer) => {
    const nonce = Buffer.alloc(12);
    nonce[0] = type;
    nonce.writeBigUInt64BE(BigInt(index), 4);
    const aad = Buffer.alloc(41);
    digest.copy(aad, 0);
    aad[32] = type;
    aad.writeBigUInt64BE(BigInt(index), 33);
    const cipher = createCipheriv('aes-256-gcm', subkey, nonce);
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const head = Buffer.alloc(5);
    head[0] = type;
    head.writeUInt32BE(body.length, 1);
    return Buffer.concat([head, body]);
  };
  const parts = [header, record(0x53, 0, summaryPlain)];
  let index = 0;
  let at = 0;
  for (; plaintext.length - at >= chunkSize; at += chunkSize) parts.push(record(0x43, index++, plaintext.subarray(at, at + chunkSize)));
  parts.push(record(0x46, index++, plaintext.subarray(at)));
  const end = Buffer.alloc(40);
  end.writeBigUInt64BE(BigInt(plaintext.length), 0);
  createHash('sha256').update(plaintext).digest().copy(end, 8);
  parts.push(record(0x45, index, end));
  return Buffer.concat(parts);
}

/** u32 length || the JSON text's UTF-8 bytes || zero padding to a multiple of 1024 (at least 1024). */
function summaryPlaintext(json: string | Buffer, padTo?: number): Buffer {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  const size = padTo ?? Math.max(1024, Math.ceil((4 + bytes.length) / 1024) * 1024);
  const plain = Buffer.alloc(size);
  plain.writeUInt32BE(bytes.length, 0);
  bytes.copy(plain, 4);
  return plain;
}

interface RawVector {
  name: string;
  description: string;
  json: string | Buffer;
  /** For a good one: what a reader must read out. */
  expect?: { summary: OpeningSummary; fileName: string | null };
  padTo?: number;
  dirtyPadding?: boolean;
}

const SUMMARY_OK = '"summary":{"price":"100","durationDays":10,"items":[]}';
const RAW: RawVector[] = [
  {
    name: 'items-left-out',
    description: 'items left out (no read-out items), durationDays written 10.0, an unknown top-level member (ignored)',
    json: '{"summary":{"durationDays":10.0,"price":"100"},"fileName":"a.pdf","comment":"ignored"}',
    expect: { summary: { price: '100', durationDays: 10, items: [] }, fileName: 'a.pdf' },
  },
  { name: 'name-tab', description: 'an item name holding a TAB', json: '{"summary":{"price":"1","durationDays":1,"items":[{"name":"质量\\t标准","value":"合格"}]}}' },
  { name: 'name-line-separator', description: 'an item name holding U+2028', json: '{"summary":{"price":"1","durationDays":1,"items":[{"name":"质量\u2028标准","value":"合格"}]}}' },
  { name: 'name-c1-control', description: 'an item name holding U+0085 (NEL)', json: '{"summary":{"price":"1","durationDays":1,"items":[{"name":"质量\u0085标准","value":"合格"}]}}' },
  { name: 'name-101-astral', description: 'an item name of 101 code points (202 UTF-16 units)', json: `{"summary":{"price":"1","durationDays":1,"items":[{"name":"${'𠮷'.repeat(101)}","value":"v"}]}}` },
  { name: 'name-blank', description: 'an item name of one ideographic space U+3000', json: '{"summary":{"price":"1","durationDays":1,"items":[{"name":"\u3000","value":"v"}]}}' },
  { name: 'name-duplicate', description: 'two items with the same name', json: '{"summary":{"price":"1","durationDays":1,"items":[{"name":"工期","value":"1"},{"name":"工期","value":"2"}]}}' },
  { name: 'name-lone-surrogate', description: 'an item name that is a lone surrogate (JSON escape \\ud800)', json: '{"summary":{"price":"1","durationDays":1,"items":[{"name":"\\ud800","value":"v"}]}}' },
  { name: 'value-control', description: 'an item value holding U+0007', json: '{"summary":{"price":"1","durationDays":1,"items":[{"name":"n","value":"a\\u0007b"}]}}' },
  { name: 'value-2001', description: 'an item value of 2001 code points', json: `{"summary":{"price":"1","durationDays":1,"items":[{"name":"n","value":"${'值'.repeat(2001)}"}]}}` },
  { name: 'filename-path', description: 'a fileName with a folder', json: `{${SUMMARY_OK},"fileName":"标书/技术标.pdf"}` },
  { name: 'filename-bidi', description: 'a fileName holding U+202E (right-to-left override)', json: `{${SUMMARY_OK},"fileName":"bid\u202Efdp.exe"}` },
  { name: 'filename-null', description: 'fileName present but null', json: `{${SUMMARY_OK},"fileName":null}` },
  { name: 'filename-256', description: 'a fileName of 256 code points', json: `{${SUMMARY_OK},"fileName":"${'名'.repeat(252)}.pdf"}` },
  { name: 'items-null', description: 'items present but null', json: '{"summary":{"price":"1","durationDays":1,"items":null}}' },
  { name: 'duration-fraction', description: 'durationDays 1.5', json: '{"summary":{"price":"1","durationDays":1.5,"items":[]}}' },
  { name: 'unknown-summary-member', description: 'a misspelt member inside summary', json: '{"summary":{"price":"1","duration":1,"items":[]}}' },
  { name: 'duplicate-member', description: 'price given twice in one object', json: '{"summary":{"price":"1","price":"2","durationDays":1,"items":[]}}' },
  { name: 'no-summary-member', description: 'no summary member at all', json: '{"fileName":"a.pdf"}' },
  { name: 'byte-order-mark', description: 'the JSON text starts with a UTF-8 byte order mark', json: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{${SUMMARY_OK}}`)]) },
  { name: 'invalid-utf8', description: 'the JSON text holds a byte that is not UTF-8', json: Buffer.concat([Buffer.from('{"summary":{"price":"1","durationDays":1,"items":[{"name":"'), Buffer.from([0xff]), Buffer.from('","value":"v"}]}}')]) },
  { name: 'padding-not-zero', description: 'a padding byte after the JSON is not zero', json: `{${SUMMARY_OK}}`, dirtyPadding: true },
  { name: 'summary-too-long', description: 'a summary plaintext of 66560 bytes (the most is 65536)', json: `{${SUMMARY_OK}}`, padTo: 66560 },
];

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0x01;
  return copy;
}

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
      resealable: true,
      plaintextSize: vector.plaintext.length,
      plaintextSha256: sha256(vector.plaintext),
      chunkCount: inspection.chunkCount,
      containerSize: container.length,
      containerSha256: sha256(container),
    });
  }

  const raw = [];
  for (const [i, vector] of RAW.entries()) {
    const plain = summaryPlaintext(vector.json, vector.padTo);
    if (vector.dirtyPadding) plain[plain.length - 1] = 1;
    const plaintext = Buffer.from(vector.name);
    const salt = (0x20 + i).toString(16).padStart(2, '0').repeat(32);
    const container = sealRaw(KEY_A, salt, plain, plaintext);
    writeFileSync(join(OUT, `${vector.name}.bidseal`), container);
    raw.push({ vector, container, plaintext });
  }
  for (const { vector, container, plaintext } of raw.filter((r) => r.vector.expect)) {
    writeFileSync(join(OUT, `${vector.name}.plain`), plaintext);
    good.push({
      name: vector.name,
      description: vector.description,
      container: `${vector.name}.bidseal`,
      plaintext: `${vector.name}.plain`,
      key: KEY_A,
      keyFingerprint: fingerprintOf(Buffer.from(KEY_A, 'hex')),
      salt: container.subarray(48, 80).toString('hex'),
      chunkSize: 1024,
      summary: vector.expect!.summary,
      fileName: vector.expect!.fileName,
      resealable: false,
      plaintextSize: plaintext.length,
      plaintextSha256: sha256(plaintext),
      chunkCount: 1,
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
    // Two faults at once: the first in the order of the stream wins, the key check coming right after the header.
    { name: 'wrong-key-truncated', description: 'truncated, opened with the wrong key: the key is checked at the end of the header', file: 'truncated.bidseal', key: KEY_B, open: 'WRONG_KEY', inspect: 'CONTAINER_TRUNCATED' },
    { name: 'wrong-key-appended', description: 'appended, opened with the wrong key', file: 'appended.bidseal', key: KEY_B, open: 'WRONG_KEY', inspect: 'CONTAINER_MALFORMED' },
    { name: 'tampered-then-appended', description: 'tampered-chunk with one extra byte: chunk 1 fails before the end is reached', bytes: Buffer.concat([tampered, Buffer.of(0)]), key: KEY_A, open: 'CONTAINER_TAMPERED', inspect: 'CONTAINER_MALFORMED' },
    { name: 'tampered-then-truncated', description: 'tampered-chunk cut inside chunk 2', bytes: tampered.subarray(0, 112 + 5 + 1040 + 2 * 1045 + 300), key: KEY_A, open: 'CONTAINER_TAMPERED', inspect: 'CONTAINER_TRUNCATED' },
    { name: 'header-damaged-wrong-key', description: 'three-chunks with a salt byte changed, opened with the wrong key: the header digest is checked first', bytes: flip(three, 60), key: KEY_B, open: 'CONTAINER_TAMPERED', inspect: 'CONTAINER_TAMPERED' },
    { name: 'magic-prefix-only', description: 'the first 5 bytes of the magic and nothing more', bytes: three.subarray(0, 5), key: KEY_A, open: 'CONTAINER_TRUNCATED', inspect: 'CONTAINER_TRUNCATED' },
    { name: 'empty-stream', description: 'no bytes at all', file: 'empty-stream.bidseal', bytes: Buffer.alloc(0), key: KEY_A, open: 'NOT_A_SEALED_CONTAINER', inspect: 'NOT_A_SEALED_CONTAINER' },
    ...raw
      .filter((r) => !r.vector.expect)
      .map((r) => ({
        name: r.vector.name,
        description: r.vector.description,
        file: `${r.vector.name}.bidseal`,
        key: KEY_A,
        open: 'CONTAINER_MALFORMED',
        // only the record's length is visible without the key
        inspect: r.vector.padTo ? 'CONTAINER_MALFORMED' : null,
      })),
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
    const file = ('file' in vector && vector.file) || `${vector.name}.bidseal`;
    if ('bytes' in vector && vector.bytes) writeFileSync(join(OUT, file), vector.bytes);
    return { name: vector.name, description: vector.description, container: file, key: vector.key, openError: vector.open, inspectError: vector.inspect };
  });

  const manifest = {
    format: 'bid-seal container, version 1 (libs/sealing/README.md)',
    note: 'Each bad vector gives its error however the container is cut into pieces when read. Sealing a resealable good vector\'s plaintext with its key, salt, chunk size, summary and file name must give the container byte for byte (JSON written compactly, members in the order shown).',
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
