import { jsonTimeReplacer } from '../http/json-time';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requestIdOf } from '../logging/request-id';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  message: { zh: string; en: string };
  instance?: string;
  correlationId: string;
  errors?: { field: string; messages: string[] }[];
  [extra: string]: unknown;
}

/** Messages for the errors Nest itself raises, by status. */
const HTTP_DEFAULTS: Record<number, { code: string; zh: string; en: string }> = {
  400: { code: 'BAD_REQUEST', zh: '请求格式错误', en: 'The request is malformed' },
  401: { code: 'UNAUTHENTICATED', zh: '请先登录', en: 'Authentication required' },
  403: { code: 'FORBIDDEN', zh: '无权执行此操作', en: 'You are not allowed to do this' },
  404: { code: 'NOT_FOUND', zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  405: { code: 'METHOD_NOT_ALLOWED', zh: '不支持该请求方法', en: 'Method not allowed' },
  409: { code: 'CONFLICT', zh: '与当前状态冲突', en: 'Conflicts with the current state' },
  413: { code: 'PAYLOAD_TOO_LARGE', zh: '请求内容过大', en: 'The request body is too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', zh: '不支持的内容类型', en: 'Unsupported media type' },
  422: { code: 'UNPROCESSABLE', zh: '请求无法处理', en: 'The request cannot be processed' },
  429: { code: 'TOO_MANY_REQUESTS', zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
};

/** Thrown by the ValidationPipe's exceptionFactory: carries field errors. */
export class ValidationFailed extends HttpException {
  constructor(readonly fieldErrors: { field: string; messages: string[] }[]) {
    super('Validation failed', HttpStatus.BAD_REQUEST);
  }
}

/**
 * The one exception filter: every error leaves as application/problem+json with a stable code and a
 * message in Chinese and English. A 500 carries a correlation id and nothing internal.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    // the request's id (X-Request-Id, the access log's requestId): one id to find every line of this request
    const correlationId = req?.headers ? requestIdOf(req, res) : randomUUID();
    const body = toProblem(exception, correlationId, req?.originalUrl);
    // a refusal the code decided on (a DomainError, e.g. NOT_READY while starting) is no unhandled error
    if (body.status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ msg: 'unhandled error', correlationId, path: req?.originalUrl, error: describe(exception) });
    }
    if (!res || res.headersSent) {
      res?.destroy?.();
      return;
    }
    if (body.status === 429 && body.retryAfterSeconds) res.setHeader('Retry-After', String(body.retryAfterSeconds));
    res.status(body.status).type('application/problem+json').setHeader('X-Correlation-Id', correlationId);
    res.send(JSON.stringify(body, jsonTimeReplacer));
  }
}

function describe(e: unknown): unknown {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : e;
}

export function toProblem(exception: unknown, correlationId: string, instance?: string): ProblemDetails {
  const base = (status: number, code: string, zh: string, en: string): ProblemDetails => ({
    type: `urn:etendering:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: en,
    status,
    code,
    detail: `${zh} / ${en}`,
    message: { zh, en },
    instance,
    correlationId,
  });
  if (exception instanceof DomainError) {
    // details add fields; they never replace the problem's own (status, code, message…)
    return { ...(exception.details ?? {}), ...base(exception.status, exception.code, exception.zh, exception.en) };
  }
  if (exception instanceof ValidationFailed) {
    const p = base(400, 'VALIDATION_FAILED', '请求参数校验失败', 'The request failed validation');
    p.errors = exception.fieldErrors;
    return p;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const d = HTTP_DEFAULTS[status] ?? (status >= 500 ? undefined : { code: 'HTTP_' + status, zh: '请求失败', en: 'Request failed' });
    if (d) {
      const p = base(status, d.code, d.zh, d.en);
      // Body-parser errors (bad JSON, too large) arrive as HttpException with a safe message.
      const r = exception.getResponse();
      if (status < 500 && typeof r === 'object' && r && 'message' in r && typeof r.message === 'string') p.reason = r.message;
      return p;
    }
  }
  // Errors from body-parser and other middleware carry a status and an expose flag.
  if (exception && typeof exception === 'object' && 'status' in exception && (exception as { expose?: boolean }).expose) {
    const status = Number((exception as { status: number }).status);
    const d = HTTP_DEFAULTS[status];
    if (d) return base(status, d.code, d.zh, d.en);
  }
  return base(500, 'INTERNAL_ERROR', '服务器内部错误，请凭关联编号联系运维', 'Internal error; quote the correlation id to the operators');
}
