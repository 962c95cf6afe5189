import { ApiProblem, authFetch, errorText, problemFrom, problemOf } from '@/api/client';
import { refusalText } from './refusal-text';

export { beijing, toBeijingLocal } from './refusal-text';

/**
 * A refusal of the API as the staff's consoles and the bidder's case forms show it: the Chinese message beside the field it
 * concerns, with the date that would pass when the refusal carries one (R20–R26: `latestAllowed`,
 * `earliestAllowed`, `publicityEnd`).
 */
export class Refusal extends ApiProblem {
  constructor(
    problem: ApiProblem,
    readonly details: Record<string, unknown>,
  ) {
    super(problem.status, problem.code, problem.zh, problem.fieldErrors);
  }

  /** The message, then the instant that would pass (refusal-text.ts). */
  get text(): string {
    return refusalText(this.zh, this.details);
  }
}

function refusalFrom(status: number, body: unknown): Refusal {
  return new Refusal(problemFrom(status, body), body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
}

/** The answer's body, or a Refusal (with the details the API sent) for a refusal. */
export async function call<T>(request: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw refusalFrom(response.status, error);
  return data as T;
}

/** The text of anything thrown, for the place it belongs. */
export function textOf(e: unknown): string {
  if (e instanceof Refusal) return e.text;
  if (e instanceof Error) return errorText(e);
  return String(e);
}

/**
 * Puts a refusal beside its field: by its code (FIELD_OF), else by the field the validation names, else under
 * `general`. Clears the earlier messages first.
 */
export function placeRefusal(e: unknown, errors: Record<string, string>, fieldOf: Record<string, string>): void {
  for (const k of Object.keys(errors)) delete errors[k];
  if (!(e instanceof ApiProblem)) {
    errors.general = textOf(e);
    return;
  }
  const field = fieldOf[e.code];
  if (field) errors[field] = textOf(e);
  for (const f of e.fieldErrors) {
    const name = f.field.split('.')[0].replace(/\[\d+\]$/, '');
    errors[name] = errors[name] ? `${errors[name]}；${f.message}` : `${f.message}`;
  }
  if (!field && !e.fieldErrors.length) errors.general = textOf(e);
}

/** Uploads a file as the raw body (the awards and case routes take ?name=), answering the API's JSON. */
export async function uploadRaw<T>(path: string, file: File): Promise<T> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await authFetch(`${path}${sep}name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  if (!res.ok) {
    const problem = await problemOf(res);
    throw new Refusal(problem, {});
  }
  return (await res.json()) as T;
}

/** The section's state in words. */
export const SECTION_STATUS: Record<string, string> = {
  draft: '草稿',
  published: '招标中',
  opening: '开标中',
  opened: '已开标',
  failed: '流标',
  evaluated: '已评标',
  publicity: '候选人公示中',
  awarded: '已定标',
  contracted: '已签订合同',
  terminated: '已终止',
};
