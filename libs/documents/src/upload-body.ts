import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { UploadErrors } from './documents.errors';
import { decodeFileName, rawQueryParameter } from './file-names';

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

/** What a controller hands to `DocumentsService.store` of an upload sent as the raw request body. */
export interface StreamedUpload {
  /** The body, from `uploadBody` (every refusal is answered). */
  body: Readable;
  /** The `?name=` query parameter, decoded strictly (`decodeFileName`); undefined when the request has none. */
  name?: string;
  /** Content-Length, when the client announced it. */
  declaredSize?: number;
  /** The Content-Type's media type, a hint only (the content decides). */
  declaredType?: string;
}

/**
 * An upload sent as the raw request body (`Content-Type: application/octet-stream`, the name in `?name=`), as the
 * portal's uploads send it: the body from `uploadBody`, the name from the raw query (a lenient decoding would keep
 * an invalid `%ZZ` as it came), the announced size and type. A JSON, form or multipart body is refused with
 * UNSUPPORTED_MEDIA_TYPE (415) — after `uploadBody` is attached, so that the refusal is answered.
 */
export function streamedUpload(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse): StreamedUpload {
  const body = uploadBody(req, res);
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type === 'application/x-www-form-urlencoded' || type.startsWith('multipart/')) {
    throw UploadErrors.notRawBody();
  }
  const length = req.headers['content-length'];
  const rawName = rawQueryParameter(req.originalUrl ?? req.url ?? '', 'name');
  return {
    body,
    name: rawName === undefined ? undefined : decodeFileName(rawName, { form: true }),
    declaredSize: length && /^\d+$/.test(length) ? Number(length) : undefined,
    declaredType: type || undefined,
  };
}
