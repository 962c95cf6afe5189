import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An inbound X-Request-Id is kept when it is a plain token (a proxy's id); anything else gets a new id. */
const INBOUND_ID = /^[A-Za-z0-9._:-]{8,64}$/;

type WithId = IncomingMessage & { id?: unknown };

/**
 * The id of this request, the same for its log lines (pino-http), its request context (nestjs-cls, read by the
 * outbox when a change writes its upstream record), its error answers (correlationId) and the X-Request-Id
 * response header. Whichever middleware asks first assigns it.
 */
export function requestIdOf(req: IncomingMessage, res?: ServerResponse): string {
  const r = req as WithId;
  if (typeof r.id === 'string') return r.id;
  const inbound = req.headers['x-request-id'];
  const id = typeof inbound === 'string' && INBOUND_ID.test(inbound) ? inbound : randomUUID();
  r.id = id;
  if (res && !res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}
