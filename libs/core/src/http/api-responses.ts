import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../errors/problem-details.dto';

/** Stable codes by HTTP status: `{ 404: ['NOT_FOUND'], 409: ['NOTICE_NOT_DRAFT'] }`. */
export type ProblemCodes = Partial<Record<number, readonly string[]>>;

const PROBLEM_CODES = 'etendering:problem-codes';
/** Where @nestjs/swagger keeps a route's responses (DECORATORS.API_RESPONSE). */
const SWAGGER_RESPONSES = 'swagger/apiResponse';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or failed validation',
  401: 'Not logged in, or the token expired',
  403: 'Not allowed for this account',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  423: 'Locked',
  422: 'Refused by a rule (the `rule` field names it; docs/rules.md)',
  429: 'Too many requests (Retry-After says when to try again)',
  503: 'Not ready or a dependency is down',
};

function problemResponse(status: number, codes: string[]) {
  const schema = {
    allOf: [{ $ref: getSchemaPath(ProblemDetailsDto) }, { type: 'object', properties: { code: { type: 'string', enum: codes } }, required: ['code'] }],
  };
  return ApiResponse({
    status,
    description: `${DESCRIPTIONS[status] ?? 'Refused'}: ${codes.join(', ')}`,
    content: { 'application/problem+json': { schema } },
  });
}

/**
 * Documents a route's refusals: application/problem+json (ProblemDetailsDto) with the stable codes each status
 * may carry. Several uses on one route (the access decorators add 401 and 403) merge their codes.
 */
export function ApiProblems(problems: ProblemCodes): MethodDecorator & ClassDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder: object = descriptor ? (descriptor.value as object) : target;
    const known: Record<number, string[]> = { ...(Reflect.getMetadata(PROBLEM_CODES, holder) ?? {}) };
    // swagger merges a second response of the same status into the first (descriptions concatenated): drop ours first
    const responses: Record<string, unknown> = { ...(Reflect.getMetadata(SWAGGER_RESPONSES, holder) ?? {}) };
    const statuses = Object.keys(problems).map(Number);
    for (const status of statuses) {
      known[status] = [...new Set([...(known[status] ?? []), ...(problems[status] ?? [])])].sort();
      if (responses[status]) delete responses[status];
    }
    Reflect.defineMetadata(PROBLEM_CODES, known, holder);
    Reflect.defineMetadata(SWAGGER_RESPONSES, responses, holder);
    const decorators = [ApiExtraModels(ProblemDetailsDto), ...statuses.map((status) => problemResponse(status, known[status]))];
    if (descriptor) applyDecorators(...decorators)(target, key!, descriptor);
    else applyDecorators(...decorators)(target as Type);
  };
}

/**
 * An instant in an answer: a Date in the code, in the JSON a string in Asia/Shanghai with its offset (apiTime,
 * the `json replacer`), e.g. 2026-03-02T09:30:00+08:00.
 */
export function ApiTime(options: { nullable?: boolean; required?: boolean; description?: string } = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-03-02T09:30:00+08:00',
    nullable: options.nullable,
    required: options.required ?? true,
    description: options.description,
  });
}

/** A page of a cursor-paginated list: items and the cursor of the next page (null on the last). */
export function PageOf<T>(item: Type<T>, name = `${item.name.replace(/Dto$/, '')}PageDto`): Type<{ items: T[]; nextCursor: string | null }> {
  class Page {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ type: String, nullable: true, description: 'the cursor of the next page; null on the last' }) nextCursor!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: name });
  return Page;
}
