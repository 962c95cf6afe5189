import { formatDateTime } from './format';

/**
 * A refusal's Chinese message with the instant that would pass, when the API sent one (R20–R26: `latestAllowed`,
 * `earliestAllowed`, `publicityEnd`; R33: `answerDue`): '…（可设为 2026-12-31 00:00 或之后）'.
 */
export function refusalText(zh: string, details: Record<string, unknown>): string {
  const at = (key: string) => (typeof details[key] === 'string' ? formatDateTime(details[key]) : '');
  if (at('latestAllowed')) return `${zh}（须在 ${at('latestAllowed')} 或之前）`;
  if (at('earliestAllowed')) return `${zh}（可设为 ${at('earliestAllowed')} 或之后）`;
  if (at('publicityEnd')) return `${zh}（公示期至 ${at('publicityEnd')}）`;
  if (at('answerDue')) return `${zh}（答复期限至 ${at('answerDue')}）`;
  return zh;
}

/** A date and time typed in a datetime-local field, read as Beijing time: '2026-12-10T17:00' → '2026-12-10T17:00:00+08:00'. */
export function beijing(local: string): string {
  return local.length === 16 ? `${local}:00+08:00` : `${local}+08:00`;
}

/** An instant as a datetime-local value in Beijing time, for a field's default: → '2026-12-10T17:00'. */
export function toBeijingLocal(instant: string | number | Date): string {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}
