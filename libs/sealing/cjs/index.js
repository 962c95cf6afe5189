// Generated from libs/sealing/src/index.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.keyFileText = exports.parseKeyText = exports.fingerprintOf = exports.newKey = exports.writeNewKeyFile = exports.readKeyFile = exports.createInspector = exports.inspect = exports.open = exports.seal = exports.nodePlatform = exports.ContainerParser = exports.looksLikeContainer = exports.containerInfo = exports.PRICE_PATTERN = exports.validateOpeningSummary = exports.KEY_LENGTH = exports.FORMAT_VERSION = exports.MIN_CHUNK_SIZE = exports.MAX_CHUNK_SIZE = exports.DEFAULT_CHUNK_SIZE = exports.isSealingError = exports.SealingErrorCode = exports.SealingError = void 0;
/**
 * @app/sealing — the sealed-bid container (密封投标文件). Format: libs/sealing/README.md.
 * Node API here; the browser build of the same core is libs/sealing/browser/web/index.js.
 */
var sealing_error_1 = require("./core/sealing-error");
Object.defineProperty(exports, "SealingError", { enumerable: true, get: function () { return sealing_error_1.SealingError; } });
Object.defineProperty(exports, "SealingErrorCode", { enumerable: true, get: function () { return sealing_error_1.SealingErrorCode; } });
Object.defineProperty(exports, "isSealingError", { enumerable: true, get: function () { return sealing_error_1.isSealingError; } });
var container_format_1 = require("./core/container-format");
Object.defineProperty(exports, "DEFAULT_CHUNK_SIZE", { enumerable: true, get: function () { return container_format_1.DEFAULT_CHUNK_SIZE; } });
Object.defineProperty(exports, "MAX_CHUNK_SIZE", { enumerable: true, get: function () { return container_format_1.MAX_CHUNK_SIZE; } });
Object.defineProperty(exports, "MIN_CHUNK_SIZE", { enumerable: true, get: function () { return container_format_1.MIN_CHUNK_SIZE; } });
Object.defineProperty(exports, "FORMAT_VERSION", { enumerable: true, get: function () { return container_format_1.FORMAT_VERSION; } });
Object.defineProperty(exports, "KEY_LENGTH", { enumerable: true, get: function () { return container_format_1.KEY_LENGTH; } });
var opening_summary_1 = require("./core/opening-summary");
Object.defineProperty(exports, "validateOpeningSummary", { enumerable: true, get: function () { return opening_summary_1.validateOpeningSummary; } });
Object.defineProperty(exports, "PRICE_PATTERN", { enumerable: true, get: function () { return opening_summary_1.PRICE_PATTERN; } });
var container_opener_1 = require("./core/container-opener");
Object.defineProperty(exports, "containerInfo", { enumerable: true, get: function () { return container_opener_1.containerInfo; } });
var container_parser_1 = require("./core/container-parser");
Object.defineProperty(exports, "looksLikeContainer", { enumerable: true, get: function () { return container_parser_1.looksLikeContainer; } });
Object.defineProperty(exports, "ContainerParser", { enumerable: true, get: function () { return container_parser_1.ContainerParser; } });
var node_platform_1 = require("./node/node-platform");
Object.defineProperty(exports, "nodePlatform", { enumerable: true, get: function () { return node_platform_1.nodePlatform; } });
var node_sealing_1 = require("./node/node-sealing");
Object.defineProperty(exports, "seal", { enumerable: true, get: function () { return node_sealing_1.seal; } });
Object.defineProperty(exports, "open", { enumerable: true, get: function () { return node_sealing_1.open; } });
Object.defineProperty(exports, "inspect", { enumerable: true, get: function () { return node_sealing_1.inspect; } });
Object.defineProperty(exports, "createInspector", { enumerable: true, get: function () { return node_sealing_1.createInspector; } });
var key_file_1 = require("./node/key-file");
Object.defineProperty(exports, "readKeyFile", { enumerable: true, get: function () { return key_file_1.readKeyFile; } });
Object.defineProperty(exports, "writeNewKeyFile", { enumerable: true, get: function () { return key_file_1.writeNewKeyFile; } });
Object.defineProperty(exports, "newKey", { enumerable: true, get: function () { return key_file_1.newKey; } });
Object.defineProperty(exports, "fingerprintOf", { enumerable: true, get: function () { return key_file_1.fingerprintOf; } });
Object.defineProperty(exports, "parseKeyText", { enumerable: true, get: function () { return key_file_1.parseKeyText; } });
Object.defineProperty(exports, "keyFileText", { enumerable: true, get: function () { return key_file_1.keyFileText; } });
