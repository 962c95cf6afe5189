import type { NextFunction, Request, Response } from 'express';

/**
 * Keeps the request body as the exact bytes received (`req.rawBody`), for the signature, which is computed over
 * those bytes; JSON is parsed afterwards by the handler, so malformed JSON is answered as the contract says
 * (400) rather than by a generic body-parser error. A body over `maxBytes` is refused with 413 without being
 * held in memory.
 */
export function rawBodyMiddleware(maxBytes: number) {
  return (req: Request & { rawBody?: Buffer }, res: Response, next: NextFunction): void => {
    const tooLarge = () => {
      res.status(413).setHeader('Connection', 'close');
      res.json({ success: false, errorCode: 'PAYLOAD_TOO_LARGE', errorMessage: `body over ${maxBytes} bytes` });
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      req.rawBody = Buffer.concat(chunks, size);
      next();
    });
    req.on('error', (error) => {
      if (!refused) next(error);
    });
  };
}
