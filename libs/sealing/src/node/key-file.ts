import { readFile, writeFile } from 'node:fs/promises';
import type { Bytes } from '../core/container-format';
import { formatKeyFile, generateKey, keyFingerprintHex, parseKey } from '../core/sealing-key';
import { nodePlatform } from './node-platform';

/** Reads a key file (or a file holding the key's 64 hex digits). Throws INVALID_KEY if it is not one. */
export async function readKeyFile(path: string): Promise<Bytes> {
  return parseKey(nodePlatform.createSha256, await readFile(path, 'utf8'));
}

/**
 * Creates a new random key and writes it to `path`, readable by its owner only. Never overwrites: an
 * existing file makes it fail with EEXIST, because losing a key makes every bid sealed with it unopenable.
 */
export async function writeNewKeyFile(path: string): Promise<{ key: Bytes; fingerprint: string }> {
  const key = generateKey(nodePlatform);
  await writeFile(path, formatKeyFile(nodePlatform.createSha256, key), { mode: 0o600, flag: 'wx' });
  return { key, fingerprint: keyFingerprintHex(nodePlatform.createSha256, key) };
}

export function newKey(): Bytes {
  return generateKey(nodePlatform);
}

export function fingerprintOf(key: Uint8Array): string {
  return keyFingerprintHex(nodePlatform.createSha256, key);
}

export function parseKeyText(text: string): Bytes {
  return parseKey(nodePlatform.createSha256, text);
}

export function keyFileText(key: Uint8Array): string {
  return formatKeyFile(nodePlatform.createSha256, key);
}
