import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { UploadErrors } from './documents.errors';

/** How long a connection whose upload was refused mid-body may keep sending before it is closed. */
export const REFUSED_UPLOAD_GRACE_MS = 2_000;

/**
 * The body of an upload request as a stream the documents service may give up on (destroy) at any point
 * without touching the connection, so that every refusal, at any point of a streamed upload, is answered.
 *
 * Destroying the request itself (what a pipeline does to its source when a later stage fails) destroys the
 * socket, and the client then gets no answer at all. Here the request is piped into a stream of its own;
 * when the response goes out before the request body was read to its end (a refusal), the answer carries
 * `Connection: close`, what still arrives is read and discarded (so that the client reads the answer rather
 * than a reset), and a client that keeps sending is disconnected after `graceMs`, so that a refused 2 GiB
 * upload is not taken in whole. A request that fails (the client went away) fails the stream with
 * UPLOAD_INCOMPLETE.
 */
export function uploadBody(req: IncomingMessage, res: ServerResponse, graceMs = REFUSED_UPLOAD_GRACE_MS): Readable {
  const body = new PassThrough();
  const fail = () => {
    if (!req.complete && !body.destroyed) body.destroy(UploadErrors.incomplete());
  };
  req.once('aborted', fail);
  req.once('error', fail);
  req.once('close', fail);
  req.pipe(body);

  // A refusal answered while the body is still arriving: the answer closes the connection.
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (!req.complete && !this.headersSent) this.setHeader('Connection', 'close');
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;

  res.once('finish', () => {
    if (req.complete) return;
    req.unpipe(body);
    req.resume();
    const timer = setTimeout(() => {
      if (!req.complete) req.socket?.destroy();
    }, graceMs);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  });
  return body;
}
