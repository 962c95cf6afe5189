import type { NextFunction, Request, Response } from 'express';
import { readRawBody, writeTooLarge } from './exchange-responder';

/**
 * Keeps the request body as the exact bytes received (`req.rawBody`) for the Express routes (the signed
 * reconciliation GET, the admin calls); JSON is parsed afterwards by the handler, so malformed JSON is answered
 * as the contract says (400) rather than by a generic body-parser error. A body over `maxBytes` is refused with
 * 413 without being held in memory.
 */
export function rawBodyMiddleware(maxBytes: number) {
  return (req: Request & { rawBody?: Buffer }, res: Response, next: NextFunction): void => {
    readRawBody(req, maxBytes).then((read) => {
      if (read.ok) {
        req.rawBody = read.body;
        next();
      } else if (read.reason === 'too-large') {
        writeTooLarge(res, maxBytes);
      } else {
        next(read.error);
      }
    }, next);
  };
}
