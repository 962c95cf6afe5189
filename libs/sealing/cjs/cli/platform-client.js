// Generated from libs/sealing/src/cli/platform-client.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PlatformError = void 0;
exports.accessToken = accessToken;
exports.submitBid = submitBid;
exports.handOverKey = handOverKey;
/**
 * The bidder tool's calls to the platform: log in, submit a container (streamed), hand over the key at the
 * opening. Plain HTTP with Node's fetch; the password comes from the environment, never from the command line.
 */
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_stream_1 = require("node:stream");
class PlatformError extends Error {
    status;
    code;
    zh;
    constructor(status, code, message, zh) {
        super(message);
        this.status = status;
        this.code = code;
        this.zh = zh;
    }
}
exports.PlatformError = PlatformError;
async function problem(r) {
    const text = await r.text();
    try {
        const body = JSON.parse(text);
        return new PlatformError(r.status, body.code ?? `HTTP_${r.status}`, body.message?.en ?? text, body.message?.zh);
    }
    catch {
        return new PlatformError(r.status, `HTTP_${r.status}`, text.slice(0, 200));
    }
}
function base(api) {
    const u = new URL(api);
    if (u.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
        throw new Error(`refusing to send a key or a bid over plain HTTP to ${u.hostname}: use https://`);
    }
    // The platform's API lives under /api; accept the site's address with or without it.
    const root = u.toString().replace(/\/+$/, '');
    return root.endsWith('/api') ? root : `${root}/api`;
}
async function accessToken(login) {
    if (login.token)
        return login.token;
    if (!login.username || !login.password)
        throw new Error('give --token (or BID_SEAL_TOKEN), or --user with the password in BID_SEAL_PASSWORD');
    const r = await fetch(`${base(login.api)}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: login.username, password: login.password }),
    });
    if (!r.ok)
        throw await problem(r);
    return (await r.json()).accessToken;
}
async function submitBid(login, sectionId, container, security, fileName) {
    const token = await accessToken(login);
    const { size } = await (0, promises_1.stat)(container);
    const headers = {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'content-length': String(size),
        'x-bid-file-name': encodeURIComponent(fileName),
    };
    if (security.amount)
        headers['x-bid-security-amount'] = security.amount;
    if (security.form)
        headers['x-bid-security-form'] = security.form;
    const r = await fetch(`${base(login.api)}/sections/${encodeURIComponent(sectionId)}/bids`, {
        method: 'PUT',
        headers,
        body: node_stream_1.Readable.toWeb((0, node_fs_1.createReadStream)(container)),
        duplex: 'half',
    });
    if (!r.ok)
        throw await problem(r);
    return (await r.json());
}
async function handOverKey(login, sectionId, keyHex) {
    const token = await accessToken(login);
    const r = await fetch(`${base(login.api)}/sections/${encodeURIComponent(sectionId)}/bids/mine/key`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key: keyHex }),
    });
    if (!r.ok)
        throw await problem(r);
    return (await r.json());
}
