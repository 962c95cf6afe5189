// Generated from libs/sealing/src/node/node-sealing.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.seal = seal;
exports.open = open;
exports.createInspector = createInspector;
exports.inspect = inspect;
/**
 * The Node face of the library: Node streams in and out, over the platform-neutral core.
 *
 *   const sealed = seal(fs.createReadStream('bid.pdf'), key, { price: '1234567.89', durationDays: 180, items: [] });
 *   await pipeline(sealed, fs.createWriteStream('bid.pdf.bidseal'));
 *   const inspector = createInspector();          // during an upload: passes bytes through, refuses non-containers
 *   await pipeline(request, inspector, storageUpload); const { sha256 } = await inspector.result;
 *   const opened = await open(storedStream, key); // at the opening
 *   opened.summary; await pipeline(opened.plaintext, archive); await opened.result;
 */
const node_stream_1 = require("node:stream");
const container_inspection_1 = require("../core/container-inspection");
const container_opener_1 = require("../core/container-opener");
const container_sealer_1 = require("../core/container-sealer");
const container_format_1 = require("../core/container-format");
const deferred_1 = require("../core/deferred");
const node_platform_1 = require("./node-platform");
function iterable(source) {
    if ((0, container_format_1.isByteArray)(source)) {
        return (async function* () {
            yield source;
        })();
    }
    return source;
}
function toReadable(generator, onDone) {
    // objectMode off: the consumer sees a byte stream; a small high-water mark keeps read-ahead to one chunk.
    return node_stream_1.Readable.from((0, deferred_1.reportingEnd)(generator, onDone), { objectMode: false, highWaterMark: 64 * 1024 });
}
/**
 * Seals `source` with the 32-byte `key`. Key, summary and options are checked at once (a SealingError is
 * thrown synchronously); the returned stream produces the container.
 */
function seal(source, key, summary, options = {}) {
    const sealer = new container_sealer_1.ContainerSealer(node_platform_1.nodePlatform, key, summary, options);
    const result = (0, deferred_1.deferred)();
    const stream = toReadable(sealer.records(iterable(source)), (error) => (error ? result.reject(error) : result.resolve(sealer.result)));
    return Object.assign(stream, { result: result.promise });
}
/**
 * Opens a container: resolves with the header, the summary and the plaintext stream once the summary has
 * been read; rejects with WRONG_KEY, NOT_A_SEALED_CONTAINER, CONTAINER_TAMPERED, … before that.
 */
async function open(source, key, options = {}) {
    const opener = new container_opener_1.ContainerOpener(node_platform_1.nodePlatform, iterable(source), key, options);
    const { info, summary, fileName } = await opener.start();
    const result = (0, deferred_1.deferred)();
    const plaintext = toReadable(opener.plaintext(), (error) => (error ? result.reject(error) : result.resolve(opener.result)));
    return { info, summary, ...(fileName !== undefined ? { fileName } : {}), plaintext, result: result.promise };
}
class ContainerInspectorStream extends node_stream_1.Transform {
    result;
    inspector = new container_inspection_1.ContainerInspector(node_platform_1.nodePlatform.createSha256);
    held = [];
    settle = (0, deferred_1.deferred)();
    constructor() {
        super();
        this.result = this.settle.promise;
    }
    _transform(chunk, _encoding, callback) {
        try {
            this.inspector.push(chunk);
        }
        catch (error) {
            callback(error);
            return;
        }
        if (!this.inspector.headerVerified) {
            this.held.push(chunk); // nothing passes on until the header has proved this is a container
            callback();
            return;
        }
        for (const piece of this.held)
            this.push(piece);
        this.held = [];
        callback(null, chunk);
    }
    _flush(callback) {
        try {
            this.settle.resolve(this.inspector.end());
            callback();
        }
        catch (error) {
            callback(error);
        }
    }
    _destroy(error, callback) {
        this.settle.reject(error ?? new Error('the inspection stream was closed before the container ended'));
        callback(error);
    }
}
/**
 * A pass-through stream for uploads: bytes flow on unchanged (none before the header has been verified), the
 * stream errors with a SealingError as soon as the data cannot be a container, and `result` gives the
 * inspection (with the whole container's SHA-256) when it ends.
 */
function createInspector() {
    return new ContainerInspectorStream();
}
/** Inspects a whole container without the key. */
async function inspect(source) {
    const inspector = new container_inspection_1.ContainerInspector(node_platform_1.nodePlatform.createSha256);
    for await (const piece of iterable(source)) {
        if (!(0, container_format_1.isByteArray)(piece))
            throw new TypeError('inspect() reads bytes (Uint8Array), not strings or objects');
        inspector.push(piece);
    }
    return inspector.end();
}
