// Generated from libs/sealing/src/core/opening-summary.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FORBIDDEN_IN_VALUES = exports.FORBIDDEN_IN_NAMES = exports.MAX_FILE_NAME_LENGTH = exports.MAX_ITEM_VALUE_LENGTH = exports.MAX_ITEM_NAME_LENGTH = exports.MAX_ITEMS = exports.MAX_DURATION_DAYS = exports.PRICE_PATTERN = void 0;
exports.codePointLength = codePointLength;
exports.validateOpeningSummary = validateOpeningSummary;
exports.validateFileName = validateFileName;
exports.encodeSealedSummary = encodeSealedSummary;
exports.decodeSealedSummary = decodeSealedSummary;
exports.firstDuplicateMember = firstDuplicateMember;
/**
 * The opening summary (开标一览表): what is read out at the opening (开标) and published in the opening record
 * (开标记录). It is sealed inside the container, so nobody reads the price before the deadline (截止).
 */
const container_format_1 = require("./container-format");
const sealing_error_1 = require("./sealing-error");
exports.PRICE_PATTERN = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/;
exports.MAX_DURATION_DAYS = 36_500;
exports.MAX_ITEMS = 50;
/** Lengths of texts are counted in Unicode code points (not UTF-16 units, not bytes): README "Lengths". */
exports.MAX_ITEM_NAME_LENGTH = 100;
exports.MAX_ITEM_VALUE_LENGTH = 2_000;
exports.MAX_FILE_NAME_LENGTH = 255;
/**
 * Characters no name may hold (item names and fileName): the C0 controls U+0000–U+001F (TAB included), DEL and
 * the C1 controls U+007F–U+009F, the line and paragraph separators U+2028 and U+2029, and the bidirectional
 * controls U+200E, U+200F, U+202A–U+202E and U+2066–U+2069 (they make a name display as another one).
 */
// eslint-disable-next-line no-control-regex
exports.FORBIDDEN_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Characters no item value may hold: the same as names, except TAB, LF, CR, U+2028 and U+2029 (values may have several lines). */
// eslint-disable-next-line no-control-regex
exports.FORBIDDEN_IN_VALUES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The blank characters: a name made only of these (or empty) is refused. */
const BLANK = /^[\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]*$/;
/** A UTF-16 surrogate that is not half of a pair: not a Unicode scalar value, so not encodable in UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
/** The length of a text in Unicode code points. */
function codePointLength(text) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff)
                i++;
        }
        n++;
    }
    return n;
}
function fail(code, message) {
    throw new sealing_error_1.SealingError(code, message);
}
/**
 * Checks an opening summary given by a caller and returns a clean copy holding only the known fields.
 * Throws INVALID_SUMMARY naming the field. `items` may be absent (no items); when present it must be a list.
 */
function validateOpeningSummary(input, code = sealing_error_1.SealingErrorCode.InvalidSummary) {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
        fail(code, 'the opening summary must be an object');
    const record = input;
    for (const key of Object.keys(record)) {
        if (key !== 'price' && key !== 'durationDays' && key !== 'items') {
            fail(code, `unknown field "${key}" in the opening summary (allowed: price, durationDays, items)`);
        }
    }
    const { price, durationDays } = record;
    if (typeof price !== 'string' || !exports.PRICE_PATTERN.test(price)) {
        fail(code, 'price must be a decimal string in yuan with at most two decimals, e.g. "1234567.89"');
    }
    if (typeof durationDays !== 'number' || !Number.isInteger(durationDays) || durationDays < 0 || durationDays > exports.MAX_DURATION_DAYS) {
        fail(code, `durationDays must be a whole number of days from 0 to ${exports.MAX_DURATION_DAYS}`);
    }
    const rawItems = record.items === undefined ? [] : record.items; // JSON has no undefined: absent
    if (!Array.isArray(rawItems))
        fail(code, 'items must be a list of { name, value } (or left out)');
    if (rawItems.length > exports.MAX_ITEMS)
        fail(code, `at most ${exports.MAX_ITEMS} read-out items are allowed`);
    const names = new Set();
    const items = rawItems.map((item, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item))
            fail(code, `items[${i}] must be an object { name, value }`);
        const { name, value, ...rest } = item;
        if (Object.keys(rest).length > 0)
            fail(code, `items[${i}] has unknown fields: ${Object.keys(rest).join(', ')}`);
        if (typeof name !== 'string' ||
            BLANK.test(name) ||
            codePointLength(name) > exports.MAX_ITEM_NAME_LENGTH ||
            exports.FORBIDDEN_IN_NAMES.test(name) ||
            LONE_SURROGATE.test(name)) {
            fail(code, `items[${i}].name must be a single-line text of 1 to ${exports.MAX_ITEM_NAME_LENGTH} characters, not blank, without control characters`);
        }
        if (typeof value !== 'string' || codePointLength(value) > exports.MAX_ITEM_VALUE_LENGTH || exports.FORBIDDEN_IN_VALUES.test(value) || LONE_SURROGATE.test(value)) {
            fail(code, `items[${i}].value must be a text of at most ${exports.MAX_ITEM_VALUE_LENGTH} characters without control characters other than line breaks and TAB`);
        }
        if (names.has(name))
            fail(code, `read-out item "${name}" appears twice`);
        names.add(name);
        return { name, value };
    });
    return { price, durationDays, items };
}
/**
 * A bid file's own name: 1 to 255 code points, no `/` or `\`, none of FORBIDDEN_IN_NAMES, no lone surrogate,
 * not `.` or `..`.
 */
function validateFileName(fileName, code = sealing_error_1.SealingErrorCode.InvalidOption) {
    if (typeof fileName !== 'string' ||
        fileName === '' ||
        codePointLength(fileName) > exports.MAX_FILE_NAME_LENGTH ||
        /[/\\]/.test(fileName) ||
        exports.FORBIDDEN_IN_NAMES.test(fileName) ||
        LONE_SURROGATE.test(fileName) ||
        fileName === '.' ||
        fileName === '..') {
        fail(code, `fileName must be a plain file name (no folders, no control characters, at most ${exports.MAX_FILE_NAME_LENGTH} characters)`);
    }
    return fileName;
}
/**
 * The summary record's plaintext: u32 big-endian JSON length || UTF-8 JSON || zero bytes up to a multiple of
 * SUMMARY_PAD_UNIT, so the record's length says nothing about how many digits the price has.
 */
function encodeSealedSummary(sealed) {
    const json = new TextEncoder().encode(JSON.stringify(sealed));
    const padded = Math.max(container_format_1.SUMMARY_PAD_UNIT, Math.ceil((4 + json.length) / container_format_1.SUMMARY_PAD_UNIT) * container_format_1.SUMMARY_PAD_UNIT);
    if (padded > container_format_1.MAX_SUMMARY_PLAINTEXT) {
        fail(sealing_error_1.SealingErrorCode.InvalidSummary, `the opening summary is too long (${json.length} bytes of JSON; at most ${container_format_1.MAX_SUMMARY_PLAINTEXT - 4})`);
    }
    const bytes = new Uint8Array(padded);
    new DataView(bytes.buffer).setUint32(0, json.length);
    bytes.set(json, 4);
    return bytes;
}
/** Reads an authenticated summary plaintext; anything unexpected is CONTAINER_MALFORMED. */
function decodeSealedSummary(bytes) {
    const malformed = sealing_error_1.SealingErrorCode.Malformed;
    if (bytes.length < 4)
        fail(malformed, 'the sealed summary is too short');
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
    if (length > bytes.length - 4)
        fail(malformed, 'the sealed summary length is out of range');
    for (let i = 4 + length; i < bytes.length; i++) {
        if (bytes[i] !== 0)
            fail(malformed, 'the sealed summary padding is not zero');
    }
    let parsed;
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(4, 4 + length));
        parsed = JSON.parse(text); // a byte order mark is kept by the decoder, and JSON.parse refuses it
    }
    catch {
        fail(malformed, 'the sealed summary is not UTF-8 JSON');
    }
    const duplicate = firstDuplicateMember(text);
    if (duplicate !== null)
        fail(malformed, `the sealed summary names the member "${duplicate}" twice in one object`);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        fail(malformed, 'the sealed summary is not a JSON object');
    const top = parsed;
    if (!('summary' in top))
        fail(malformed, 'the sealed summary has no "summary" member');
    const result = { summary: validateOpeningSummary(top.summary, malformed) };
    if ('fileName' in top)
        result.fileName = validateFileName(top.fileName, malformed);
    return result;
}
/**
 * The first member name that appears twice in one object of a JSON text already known to be valid, or null.
 * JSON.parse keeps the last of two equal names silently; another reader might keep the first, so the format
 * refuses them (README "Sealed summary plaintext"). Names are compared after unescaping.
 */
function firstDuplicateMember(json) {
    const objects = [];
    for (let i = 0; i < json.length; i++) {
        const c = json[i];
        if (c === '"') {
            let j = i + 1;
            while (json[j] !== '"')
                j += json[j] === '\\' ? 2 : 1;
            const top = objects[objects.length - 1];
            if (top?.expectName) {
                const name = JSON.parse(json.slice(i, j + 1));
                if (top.names.has(name))
                    return name;
                top.names.add(name);
                top.expectName = false;
            }
            i = j;
        }
        else if (c === '{') {
            objects.push({ isObject: true, names: new Set(), expectName: true });
        }
        else if (c === '[') {
            objects.push({ isObject: false, names: new Set(), expectName: false });
        }
        else if (c === '}' || c === ']') {
            objects.pop();
        }
        else if (c === ',') {
            const top = objects[objects.length - 1];
            if (top?.isObject)
                top.expectName = true;
        }
    }
    return null;
}
