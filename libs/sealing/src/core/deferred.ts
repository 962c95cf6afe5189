/** A promise with its resolve and reject, whose rejection is not "unhandled" when nobody awaits it. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
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
export async function* reportingEnd<T>(generator: AsyncGenerator<T>, onDone: (error: unknown) => void): AsyncGenerator<T, void, undefined> {
  let settled = false;
  try {
    yield* generator;
    settled = true;
    onDone(null);
  } catch (error) {
    settled = true;
    onDone(error);
    throw error;
  } finally {
    if (!settled) onDone(new Error('the stream was closed before it ended'));
  }
}
