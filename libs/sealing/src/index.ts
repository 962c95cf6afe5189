/**
 * @app/sealing — the sealed-bid container (密封投标文件). Format: libs/sealing/README.md.
 * Node API here; the browser build of the same core is libs/sealing/browser/web/index.js.
 */
export { SealingError, SealingErrorCode, isSealingError } from './core/sealing-error';
export {
  DEFAULT_CHUNK_SIZE,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  FORMAT_VERSION,
  KEY_LENGTH,
} from './core/container-format';
export type { OpeningSummary, ReadOutItem } from './core/opening-summary';
export { validateOpeningSummary, PRICE_PATTERN } from './core/opening-summary';
export type { SealOptions, SealResult } from './core/container-sealer';
export type { ContainerInfo, OpenOptions, OpenResult } from './core/container-opener';
export { containerInfo } from './core/container-opener';
export type { ContainerInspection } from './core/container-inspection';
export { looksLikeContainer, ContainerParser } from './core/container-parser';
export { nodePlatform } from './node/node-platform';
export { seal, open, inspect, createInspector } from './node/node-sealing';
export type { ByteSource, SealedReadable, OpenedContainer, InspectorStream } from './node/node-sealing';
export { readKeyFile, writeNewKeyFile, newKey, fingerprintOf, parseKeyText, keyFileText } from './node/key-file';
