// Generated from libs/sealing/src/core/container-inspection.ts by libs/sealing/scripts/build.js. Do not edit.
/**
 * Inspection without the key (检查加密投标文件结构): what the platform checks while a bid uploads. It proves
 * the upload is a complete, well-formed container sealed for a given key fingerprint, and hashes all of it;
 * it cannot see whether a chunk's ciphertext was changed (only the key holder can), which open() catches.
 */
import { toHex } from './container-format.js';
import { containerInfo } from './container-opener.js';
import { ContainerParser } from './container-parser.js';
export class ContainerInspector {
    parser;
    hash;
    constructor(createSha256) {
        this.parser = new ContainerParser(createSha256);
        this.hash = createSha256();
    }
    /** True once the complete header has been read and verified. */
    get headerVerified() {
        return this.parser.header !== null;
    }
    get bytesSeen() {
        return this.parser.bytesSeen;
    }
    /** Throws a SealingError as soon as the bytes so far cannot be the start of a container. */
    push(piece) {
        this.parser.push(piece);
        this.hash.update(piece);
    }
    /** Throws unless the stream was exactly one complete container. */
    end() {
        this.parser.end();
        return {
            ...containerInfo(this.parser.header),
            chunkCount: this.parser.chunkCount,
            ciphertextSize: this.parser.bytesSeen,
            sha256: toHex(this.hash.digest()),
        };
    }
}
