/**
 * An error the user can act on: a stable code, an HTTP status, and a message in Chinese and English.
 * The global filter turns it into application/problem+json (RFC 9457).
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly zh: string,
    readonly en: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${en}`);
    this.name = 'DomainError';
  }
}

/** Shorthands for the common classes of refusal. */
export const Errors = {
  notFound: (what: string, zhWhat: string) =>
    new DomainError('NOT_FOUND', 404, `${zhWhat}不存在`, `${what} not found`),
  forbidden: (details?: Record<string, unknown>) =>
    new DomainError('FORBIDDEN', 403, '无权执行此操作', 'You are not allowed to do this', details),
  unauthenticated: () => new DomainError('UNAUTHENTICATED', 401, '请先登录', 'Authentication required'),
  conflict: (code: string, zh: string, en: string, details?: Record<string, unknown>) =>
    new DomainError(code, 409, zh, en, details),
  rule: (ruleId: string, code: string, zh: string, en: string, details?: Record<string, unknown>) =>
    new DomainError(code, 422, zh, en, { rule: ruleId, ...details }),
};
