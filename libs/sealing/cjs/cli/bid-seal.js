// Generated from libs/sealing/src/cli/bid-seal.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PROGRESS_MIN_BYTES = void 0;
exports.main = main;
/**
 * bid-seal: the bidder's tool (投标文件加密工具). Seals a bid file with its opening summary into a container
 * the platform accepts, keeps the key in a key file, and opens or inspects a container for the bidder's
 * own check. Run from a clone after `npm install`: `npx bid-seal help` or `node bin/bid-seal.js help`.
 */
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const node_stream_1 = require("node:stream");
const promises_2 = require("node:stream/promises");
const node_util_1 = require("node:util");
const sealing_error_1 = require("../core/sealing-error");
const opening_summary_1 = require("../core/opening-summary");
const key_file_1 = require("../node/key-file");
const node_sealing_1 = require("../node/node-sealing");
const progress_bar_1 = require("./progress-bar");
const platform_client_1 = require("./platform-client");
/** Files at least this large get a progress bar (when stderr is a terminal). */
exports.PROGRESS_MIN_BYTES = 8 * 1024 * 1024;
class UsageError extends Error {
}
const USAGE = `bid-seal — 投标文件加密工具 (sealed bids for the e-tendering platform)

  bid-seal seal <file> --key <key-file> (--summary <summary.json> | --price <yuan> --duration-days <days>
                [--item <name>=<value>]...) [--out <container>] [--file-name <name>] [--chunk-size <bytes>]
                [--force] [--json]
      Seal <file> into <file>.bidseal. If <key-file> does not exist, a new key is written to it.
      summary.json: {"price": "1234567.89", "durationDays": 180, "items": [{"name": "质量标准", "value": "合格"}]}
  bid-seal open <container> --key <key-file> [--out <file>] [--force] [--json]
      Open a container with its key and check every byte; --out writes the plaintext.
  bid-seal inspect <container> [--json]
      Check a container's structure without the key (what the platform checks on upload).
  bid-seal submit <container> --api <url> --section <section-id> (--user <name> | --token <token>)
                [--security-amount <yuan> --security-form <transfer|bank_guarantee|insurance|guarantee>] [--json]
      Submit (or replace) the bid before 截止, streamed; prints the signed receipt (回执).
  bid-seal hand-over --key <key-file> --api <url> --section <section-id> (--user <name> | --token <token>) [--json]
      Hand the key over at the opening (开标解密), within the decryption window; prints what was read out.
      The password comes from BID_SEAL_PASSWORD (or the token from BID_SEAL_TOKEN), never from the command line.
  bid-seal keygen <key-file>        Write a new key file.
  bid-seal fingerprint <key-file>   Print a key's fingerprint.

Keep the key file secret and safe until the opening (开标): without it the bid cannot be opened.
Exit status: 0 done, 1 refused (the error code is printed), 2 wrong usage.`;
function formatBytes(n) {
    return `${n.toLocaleString('en-US')} bytes`;
}
function itemsFromFlags(values) {
    return values.map((text) => {
        const at = text.indexOf('=');
        if (at <= 0)
            throw new UsageError(`--item takes name=value, got "${text}"`);
        return { name: text.slice(0, at), value: text.slice(at + 1) };
    });
}
async function readSummaryFile(path) {
    let parsed;
    try {
        parsed = JSON.parse(await (0, promises_1.readFile)(path, 'utf8'));
    }
    catch (error) {
        throw new UsageError(`cannot read the summary JSON ${path}: ${error.message}`);
    }
    // Accept items as an object too ({"质量标准": "合格"}), the shape people write by hand.
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const record = parsed;
        const items = record.items;
        if (items && typeof items === 'object' && !Array.isArray(items)) {
            record.items = Object.entries(items).map(([name, value]) => ({ name, value }));
        }
    }
    return (0, opening_summary_1.validateOpeningSummary)(parsed);
}
async function exists(path) {
    try {
        await (0, promises_1.access)(path);
        return true;
    }
    catch {
        return false;
    }
}
/** Writes through a temporary name and renames only when `write` succeeded, so no half file is left. */
async function writeAtomically(path, force, write) {
    if (!force && (await exists(path)))
        throw new UsageError(`${path} exists; use --force to replace it`);
    const temporary = `${path}.partial-${process.pid}`;
    try {
        await write(temporary);
        await (0, promises_1.rename)(temporary, path);
    }
    catch (error) {
        await (0, promises_1.rm)(temporary, { force: true });
        throw error;
    }
}
function hashing(hash) {
    return new node_stream_1.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            callback(null, chunk);
        },
    });
}
function summaryLines(summary) {
    return [
        `  投标报价 price:          ${summary.price} 元 (yuan)`,
        `  工期 duration:           ${summary.durationDays} 天 (days)`,
        ...summary.items.map((item) => `  ${item.name}: ${item.value}`),
    ];
}
async function commandSeal(args, io) {
    const { values, positionals } = (0, node_util_1.parseArgs)({
        args,
        allowPositionals: true,
        options: {
            key: { type: 'string' },
            summary: { type: 'string' },
            price: { type: 'string' },
            'duration-days': { type: 'string' },
            item: { type: 'string', multiple: true },
            out: { type: 'string' },
            'file-name': { type: 'string' },
            'chunk-size': { type: 'string' },
            force: { type: 'boolean' },
            json: { type: 'boolean' },
        },
    });
    if (positionals.length !== 1)
        throw new UsageError('seal takes one file');
    if (!values.key)
        throw new UsageError('seal needs --key <key-file> (it is created if it does not exist)');
    const input = positionals[0];
    let summary;
    if (values.summary !== undefined) {
        if (values.price !== undefined || values['duration-days'] !== undefined || values.item !== undefined) {
            throw new UsageError('give either --summary or --price/--duration-days/--item, not both');
        }
        summary = await readSummaryFile(values.summary);
    }
    else {
        if (values.price === undefined || values['duration-days'] === undefined) {
            throw new UsageError('seal needs the opening summary: --summary <file.json>, or --price and --duration-days');
        }
        const days = values['duration-days'];
        summary = (0, opening_summary_1.validateOpeningSummary)({
            price: values.price,
            durationDays: /^\d+$/.test(days) ? Number(days) : days,
            items: itemsFromFlags(values.item ?? []),
        });
    }
    const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
    const out = values.out ?? `${input}.bidseal`;
    const size = (await (0, promises_1.stat)(input)).size;
    let key;
    let keyIsNew = false;
    if (await exists(values.key)) {
        key = await (0, key_file_1.readKeyFile)(values.key);
    }
    else {
        key = (await (0, key_file_1.writeNewKeyFile)(values.key)).key;
        keyIsNew = true;
    }
    const showProgress = Boolean(io.stderr.isTTY) && size >= exports.PROGRESS_MIN_BYTES && !values.json;
    const bar = showProgress ? new progress_bar_1.ProgressBar(io.stderr, 'sealing', size) : null;
    const containerHash = (0, node_crypto_1.createHash)('sha256');
    const sealed = (0, node_sealing_1.seal)((0, node_fs_1.createReadStream)(input), key, summary, {
        fileName: values['file-name'] ?? (0, node_path_1.basename)(input),
        ...(chunkSize !== undefined ? { chunkSize } : {}),
        ...(bar ? { onProgress: (done) => bar.update(done) } : {}),
    });
    await writeAtomically(out, Boolean(values.force), (temporary) => (0, promises_2.pipeline)(sealed, hashing(containerHash), (0, node_fs_1.createWriteStream)(temporary, { flags: 'wx' })));
    bar?.finish();
    const result = await sealed.result;
    const report = {
        container: out,
        containerSize: result.containerSize,
        containerSha256: containerHash.digest('hex'),
        plaintextSize: result.plaintextSize,
        plaintextSha256: result.plaintextSha256,
        keyFile: values.key,
        keyFileCreated: keyIsNew,
        keyFingerprint: result.keyFingerprint,
        summary,
    };
    if (values.json) {
        io.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return 0;
    }
    io.stdout.write([
        `已加密 Sealed ${input} → ${out}`,
        `  密钥指纹 key fingerprint: ${report.keyFingerprint}`,
        `  密钥文件 key file:        ${values.key}${keyIsNew ? ' (新建 new: keep it secret and safe until the opening)' : ''}`,
        `  加密文件 container:       ${formatBytes(report.containerSize)}, SHA-256 ${report.containerSha256}`,
        `  原文件 plaintext:         ${formatBytes(report.plaintextSize)}, SHA-256 ${report.plaintextSha256}`,
        ...summaryLines(summary),
        '',
    ].join('\n'));
    return 0;
}
async function commandOpen(args, io) {
    const { values, positionals } = (0, node_util_1.parseArgs)({
        args,
        allowPositionals: true,
        options: { key: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
    });
    if (positionals.length !== 1)
        throw new UsageError('open takes one container');
    if (!values.key)
        throw new UsageError('open needs --key <key-file>');
    const input = positionals[0];
    const key = await (0, key_file_1.readKeyFile)(values.key);
    const size = (await (0, promises_1.stat)(input)).size;
    const opened = await (0, node_sealing_1.open)((0, node_fs_1.createReadStream)(input), key);
    const bar = Boolean(io.stderr.isTTY) && size >= exports.PROGRESS_MIN_BYTES && !values.json ? new progress_bar_1.ProgressBar(io.stderr, 'opening', size) : null;
    let read = 0;
    const counting = new node_stream_1.Transform({
        transform(chunk, _encoding, callback) {
            read += chunk.length;
            bar?.update(Math.min(read, size));
            callback(null, chunk);
        },
    });
    if (values.out) {
        const out = values.out;
        await writeAtomically(out, Boolean(values.force), (temporary) => (0, promises_2.pipeline)(opened.plaintext, counting, (0, node_fs_1.createWriteStream)(temporary, { flags: 'wx' })));
    }
    else {
        await (0, promises_2.pipeline)(opened.plaintext, counting, async (source) => {
            for await (const piece of source)
                void piece;
        });
    }
    bar?.finish();
    const result = await opened.result;
    const report = { container: input, ...opened.info, fileName: opened.fileName ?? null, summary: opened.summary, ...result, out: values.out ?? null };
    if (values.json) {
        io.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return 0;
    }
    io.stdout.write([
        `已验证 Opened and verified ${input}${values.out ? ` → ${values.out}` : ''}`,
        `  密钥指纹 key fingerprint: ${opened.info.keyFingerprint}`,
        `  原文件 plaintext:         ${opened.fileName ?? '(no name)'}, ${formatBytes(result.plaintextSize)}, SHA-256 ${result.plaintextSha256}`,
        ...summaryLines(opened.summary),
        '',
    ].join('\n'));
    return 0;
}
async function commandInspect(args, io) {
    const { values, positionals } = (0, node_util_1.parseArgs)({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    if (positionals.length !== 1)
        throw new UsageError('inspect takes one container');
    const inspection = await (0, node_sealing_1.inspect)((0, node_fs_1.createReadStream)(positionals[0]));
    if (values.json) {
        io.stdout.write(JSON.stringify(inspection, null, 2) + '\n');
        return 0;
    }
    io.stdout.write([
        `结构正确 A well-formed sealed container: ${positionals[0]}`,
        `  format version ${inspection.version}, ${inspection.cipher}, chunk size ${formatBytes(inspection.chunkSize)}, ${inspection.chunkCount} chunks`,
        `  密钥指纹 key fingerprint: ${inspection.keyFingerprint}`,
        `  SHA-256:                  ${inspection.sha256} (${formatBytes(inspection.ciphertextSize)})`,
        '',
    ].join('\n'));
    return 0;
}
async function commandKeygen(args, io) {
    const { positionals } = (0, node_util_1.parseArgs)({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1)
        throw new UsageError('keygen takes the key file to write');
    if (await exists(positionals[0]))
        throw new UsageError(`${positionals[0]} exists; a key file is never overwritten`);
    const { fingerprint } = await (0, key_file_1.writeNewKeyFile)(positionals[0]);
    io.stdout.write(`新密钥 New key written to ${positionals[0]}\n  密钥指纹 key fingerprint: ${fingerprint}\n`);
    return 0;
}
async function commandFingerprint(args, io) {
    const { positionals } = (0, node_util_1.parseArgs)({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1)
        throw new UsageError('fingerprint takes a key file');
    io.stdout.write(`${(0, key_file_1.fingerprintOf)(await (0, key_file_1.readKeyFile)(positionals[0]))}\n`);
    return 0;
}
const PLATFORM_OPTIONS = {
    api: { type: 'string' },
    section: { type: 'string' },
    user: { type: 'string' },
    token: { type: 'string' },
    json: { type: 'boolean', default: false },
};
function platformLogin(values) {
    if (!values.api)
        throw new UsageError('--api <url> is required (the platform, e.g. http://localhost:3000)');
    if (!values.section || !/^[0-9a-f-]{36}$/i.test(values.section))
        throw new UsageError('--section <section-id> is required (a UUID)');
    return { api: values.api, token: values.token ?? process.env.BID_SEAL_TOKEN, username: values.user, password: process.env.BID_SEAL_PASSWORD };
}
async function commandSubmit(args, io) {
    const { positionals, values } = (0, node_util_1.parseArgs)({
        args,
        allowPositionals: true,
        options: { ...PLATFORM_OPTIONS, 'security-amount': { type: 'string' }, 'security-form': { type: 'string' } },
    });
    if (positionals.length !== 1)
        throw new UsageError('submit takes one container');
    const login = platformLogin(values);
    // refuse a file that is not a container before anything is sent
    await (0, node_sealing_1.inspect)((0, node_fs_1.createReadStream)(positionals[0]));
    const receipt = await (0, platform_client_1.submitBid)(login, values.section, positionals[0], { amount: values['security-amount'], form: values['security-form'] }, (0, node_path_1.basename)(positionals[0]));
    if (values.json)
        io.stdout.write(JSON.stringify(receipt, null, 2) + '\n');
    else {
        io.stdout.write(`已递交 Submitted. 回执 receipt ${String(receipt.receiptNumber)}\n`);
        for (const k of ['receivedAt', 'sha256', 'size', 'keyFingerprint'])
            if (k in receipt)
                io.stdout.write(`  ${k}: ${String(receipt[k])}\n`);
    }
    return 0;
}
async function commandHandOver(args, io) {
    const { positionals, values } = (0, node_util_1.parseArgs)({ args, allowPositionals: true, options: { ...PLATFORM_OPTIONS, key: { type: 'string' } } });
    if (positionals.length)
        throw new UsageError('hand-over takes no file: name the key with --key');
    if (!values.key)
        throw new UsageError('--key <key-file> is required');
    const login = platformLogin(values);
    const key = await (0, key_file_1.readKeyFile)(values.key);
    const result = await (0, platform_client_1.handOverKey)(login, values.section, Buffer.from(key).toString('hex'));
    if (values.json)
        io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else
        io.stdout.write(`密钥已提交 Key handed over (fingerprint ${(0, key_file_1.fingerprintOf)(key)}).\n${JSON.stringify(result, null, 2)}\n`);
    return 0;
}
const COMMANDS = {
    submit: commandSubmit,
    'hand-over': commandHandOver,
    seal: commandSeal,
    open: commandOpen,
    inspect: commandInspect,
    keygen: commandKeygen,
    fingerprint: commandFingerprint,
};
async function main(argv, io = { stdout: process.stdout, stderr: process.stderr }) {
    const [command, ...args] = argv;
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
        io.stdout.write(USAGE + '\n');
        return command === undefined ? 2 : 0;
    }
    const run = COMMANDS[command];
    try {
        if (!run)
            throw new UsageError(`unknown command "${command}"`);
        return await run(args, io);
    }
    catch (error) {
        if (error instanceof UsageError || error.code?.startsWith('ERR_PARSE_ARGS')) {
            io.stderr.write(`bid-seal: ${error.message}\nRun "bid-seal help" for usage.\n`);
            return 2;
        }
        if (error instanceof platform_client_1.PlatformError) {
            io.stderr.write(`bid-seal: the platform refused (${error.status} ${error.code}): ${error.message}\n${error.zh ? `          ${error.zh}\n` : ''}`);
            return 1;
        }
        if ((0, sealing_error_1.isSealingError)(error)) {
            io.stderr.write(`bid-seal: ${error.code}: ${error.message}\n          ${error.zh}\n`);
            return 1;
        }
        const code = error.code;
        io.stderr.write(`bid-seal: ${code ? `${code}: ` : ''}${error.message}\n`);
        return 1;
    }
}
