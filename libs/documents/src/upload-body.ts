import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { UploadErrors } from './documents.errors';

/** How long a connection whose upload was refused mid-body may keep sending before it is closed. */
export const REFUSED_UPLOAD_GRACE_MS = 2_000;

/**
 * The body of an upload request as a stream the documents service may give up on (destroy) at any point
 * without touching the connection, so that every refusal, at any point of a streamed upload, is answered.
 *
 * Destroying the request itself (what a pipeline does to its source when a later stage fails) destroys the
 * socket, and the client then gets no answer at all. Here the request feeds a stream of its own, and only as
 * fast as that stream is read. When the response goes out before the request body was read to its end (a
 * refusal), what still arrives is read and discarded (so that the client reads the answer rather than a reset:
 * `Connection: close` would make Node destroy the socket at once, with the client's bytes unread), and a client
 * that is still sending after `graceMs` is disconnected, so that a refused 2 GiB upload is not taken in whole. A request that fails (the client went away) fails the stream with
 * UPLOAD_INCOMPLETE.
 */
export function uploadBody(req: IncomingMessage, res: ServerResponse, graceMs = REFUSED_UPLOAD_GRACE_MS): Readable {
  // Nothing is taken from the request before the body is read (an upload waiting for its share of the upload
  // budget holds no more than the socket's last read), and then no more than the reader asks for.
  const body = new Readable({
    read() {
      req.resume();
    },
  });
  const onData = (chunk: Buffer) => {
    if (!body.push(chunk)) req.pause();
  };
  const onEnd = () => body.push(null);
  req.on('data', onData);
  req.once('end', onEnd);
  req.pause();
  const detach = () => {
    req.off('data', onData);
    req.off('end', onEnd);
  };
  body.once('close', () => {
    if (!req.complete) detach();
  });
  const fail = () => {
    if (!req.complete && !body.destroyed) body.destroy(UploadErrors.incomplete());
  };
  req.once('aborted', fail);
  req.once('error', fail);
  req.once('close', fail);

  res.once('finish', () => {
    if (req.complete) return;
    detach();
    req.resume();
    const timer = setTimeout(() => {
      if (!req.complete) req.socket?.destroy();
    }, graceMs);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  });
  return body;
}
