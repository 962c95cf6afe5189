// Generated from libs/sealing/src/core/deferred.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deferred = deferred;
exports.reportingEnd = reportingEnd;
function deferred() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
    });
    promise.catch(() => undefined);
    return { promise, resolve, reject };
}
/**
 * Runs `generator` to its end and reports how it ended: `onDone(null)` after the last value, `onDone(error)`
 * if it threw or was closed early by its consumer.
 */
async function* reportingEnd(generator, onDone) {
    let settled = false;
    try {
        yield* generator;
        settled = true;
        onDone(null);
    }
    catch (error) {
        settled = true;
        onDone(error);
        throw error;
    }
    finally {
        if (!settled)
            onDone(new Error('the stream was closed before it ended'));
    }
}
