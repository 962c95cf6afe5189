// Generated from libs/sealing/src/node/key-file.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readKeyFile = readKeyFile;
exports.writeNewKeyFile = writeNewKeyFile;
exports.newKey = newKey;
exports.fingerprintOf = fingerprintOf;
exports.parseKeyText = parseKeyText;
exports.keyFileText = keyFileText;
const promises_1 = require("node:fs/promises");
const sealing_key_1 = require("../core/sealing-key");
const node_platform_1 = require("./node-platform");
/** Reads a key file (or a file holding the key's 64 hex digits). Throws INVALID_KEY if it is not one. */
async function readKeyFile(path) {
    return (0, sealing_key_1.parseKey)(node_platform_1.nodePlatform.createSha256, await (0, promises_1.readFile)(path, 'utf8'));
}
/**
 * Creates a new random key and writes it to `path`, readable by its owner only. Never overwrites: an
 * existing file makes it fail with EEXIST, because losing a key makes every bid sealed with it unopenable.
 */
async function writeNewKeyFile(path) {
    const key = (0, sealing_key_1.generateKey)(node_platform_1.nodePlatform);
    await (0, promises_1.writeFile)(path, (0, sealing_key_1.formatKeyFile)(node_platform_1.nodePlatform.createSha256, key), { mode: 0o600, flag: 'wx' });
    return { key, fingerprint: (0, sealing_key_1.keyFingerprintHex)(node_platform_1.nodePlatform.createSha256, key) };
}
function newKey() {
    return (0, sealing_key_1.generateKey)(node_platform_1.nodePlatform);
}
function fingerprintOf(key) {
    return (0, sealing_key_1.keyFingerprintHex)(node_platform_1.nodePlatform.createSha256, key);
}
function parseKeyText(text) {
    return (0, sealing_key_1.parseKey)(node_platform_1.nodePlatform.createSha256, text);
}
function keyFileText(key) {
    return (0, sealing_key_1.formatKeyFile)(node_platform_1.nodePlatform.createSha256, key);
}
