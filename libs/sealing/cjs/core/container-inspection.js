// Generated from libs/sealing/src/core/container-inspection.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ContainerInspector = void 0;
/**
 * Inspection without the key (检查加密投标文件结构): what the platform checks while a bid uploads. It proves
 * the upload is a complete, well-formed container sealed for a given key fingerprint, and hashes all of it;
 * it cannot see whether a chunk's ciphertext was changed (only the key holder can), which open() catches.
 */
const container_format_1 = require("./container-format");
const container_opener_1 = require("./container-opener");
const container_parser_1 = require("./container-parser");
class ContainerInspector {
    parser;
    hash;
    constructor(createSha256) {
        this.parser = new container_parser_1.ContainerParser(createSha256);
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
            ...(0, container_opener_1.containerInfo)(this.parser.header),
            chunkCount: this.parser.chunkCount,
            ciphertextSize: this.parser.bytesSeen,
            sha256: (0, container_format_1.toHex)(this.hash.digest()),
        };
    }
}
exports.ContainerInspector = ContainerInspector;
