/**
 * Inspection without the key (检查加密投标文件结构): what the platform checks while a bid uploads. It proves
 * the upload is a complete, well-formed container sealed for a given key fingerprint, and hashes all of it;
 * it cannot see whether a chunk's ciphertext was changed (only the key holder can), which open() catches.
 */
import { Sha256, Sha256Factory, toHex } from './container-format';
import { containerInfo, ContainerInfo } from './container-opener';
import { ContainerParser } from './container-parser';

export interface ContainerInspection extends ContainerInfo {
  /** Data records, the final one included (an empty file has one). */
  chunkCount: number;
  /** The whole container's length in bytes: what the platform stores. */
  ciphertextSize: number;
  /** SHA-256 of the whole container, lower-case hex: what the receipt (回执) carries. */
  sha256: string;
}

export class ContainerInspector {
  private readonly parser: ContainerParser;
  private readonly hash: Sha256;

  constructor(createSha256: Sha256Factory) {
    this.parser = new ContainerParser(createSha256);
    this.hash = createSha256();
  }

  /** True once the complete header has been read and verified. */
  get headerVerified(): boolean {
    return this.parser.header !== null;
  }

  get bytesSeen(): number {
    return this.parser.bytesSeen;
  }

  /** Throws a SealingError as soon as the bytes so far cannot be the start of a container. */
  push(piece: Uint8Array): void {
    this.parser.push(piece);
    this.hash.update(piece);
  }

  /** Throws unless the stream was exactly one complete container. */
  end(): ContainerInspection {
    this.parser.end();
    return {
      ...containerInfo(this.parser.header!),
      chunkCount: this.parser.chunkCount,
      ciphertextSize: this.parser.bytesSeen,
      sha256: toHex(this.hash.digest()),
    };
  }
}
