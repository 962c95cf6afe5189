import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf, keyFileText, parseKeyText, readKeyFile, SealingErrorCode, writeNewKeyFile } from './index';
import { errorCode, KEY } from './test-helpers';

describe('keys and key files', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bid-key-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('the fingerprint is SHA-256 of "bid-seal/v1/key-fingerprint" followed by the key', () => {
    const expected = createHash('sha256').update('bid-seal/v1/key-fingerprint').update(KEY).digest('hex');
    expect(fingerprintOf(KEY)).toBe(expected);
    expect(fingerprintOf(KEY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a key file holds a header line, the fingerprint and the key in hex, and reads back', () => {
    const text = keyFileText(KEY);
    expect(text.split('\n')[0]).toBe('BID-SEAL KEY v1');
    expect(text).toContain(`fingerprint: ${fingerprintOf(KEY)}`);
    expect(text).toContain(`key: ${KEY.toString('hex')}`);
    expect(Buffer.from(parseKeyText(text)).equals(KEY)).toBe(true);
    expect(Buffer.from(parseKeyText(text.replace(/\n/g, '\r\n'))).equals(KEY)).toBe(true); // edited on Windows
  });

  it('the bare 64 hex digits of a key are accepted (what a bidder pastes at the opening)', () => {
    expect(Buffer.from(parseKeyText(`  ${KEY.toString('hex').toUpperCase()}\n`)).equals(KEY)).toBe(true);
  });

  it.each([
    ['empty text', ''],
    ['a short hex key', 'abcd'],
    ['no header line', `key: ${KEY.toString('hex')}`],
    ['a key of the wrong length', `BID-SEAL KEY v1\nkey: ${KEY.toString('hex').slice(2)}`],
    ['a fingerprint that does not match', `BID-SEAL KEY v1\nfingerprint: ${'0'.repeat(64)}\nkey: ${KEY.toString('hex')}`],
    ['an unknown line', `BID-SEAL KEY v1\nkey: ${KEY.toString('hex')}\nowner: someone`],
    ['the key twice', `BID-SEAL KEY v1\nkey: ${KEY.toString('hex')}\nkey: ${KEY.toString('hex')}`],
  ])('refuses %s with INVALID_KEY', async (_what, text) => {
    expect(await errorCode(async () => parseKeyText(text))).toBe(SealingErrorCode.InvalidKey);
  });

  it('writes a new key file readable by its owner only, and never overwrites one', async () => {
    const dir = await tempDir();
    const path = join(dir, 'bid.key');
    const { key, fingerprint } = await writeNewKeyFile(path);
    expect(key).toHaveLength(32);
    expect(fingerprint).toBe(fingerprintOf(key));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await readKeyFile(path)).equals(Buffer.from(key))).toBe(true);
    const before = await readFile(path, 'utf8');
    await expect(writeNewKeyFile(path)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('two new keys differ', async () => {
    const dir = await tempDir();
    const a = await writeNewKeyFile(join(dir, 'a.key'));
    const b = await writeNewKeyFile(join(dir, 'b.key'));
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
