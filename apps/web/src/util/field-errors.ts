/**
 * A validation refusal's field messages (class-validator's, in English) in Chinese, keyed by field, to show
 * beside each field: `fieldProblems(e).title` → '不能为空'.
 */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/must not be blank|should not be empty/, () => '不能为空'],
  [/must be longer than or equal to (\d+) characters/, (m) => (m[1] === '1' ? '不能为空' : `至少 ${m[1]} 个字符`)],
  [/must be shorter than or equal to (\d+) characters/, (m) => `不能超过 ${m[1]} 个字符`],
  [/must be a UUID/, () => '请选择'],
  [/must be one of the following values/, () => '请从列表中选择'],
  [/must be a string/, () => '请填写'],
  [/must match .* regular expression/, () => '格式不正确'],
  [/should not exist/, () => '不应提供此项'],
];

export function fieldMessageZh(message: string): string {
  for (const [re, zh] of PATTERNS) {
    const m = re.exec(message);
    if (m) return zh(m);
  }
  return '不符合要求';
}

/** The field messages of a refusal (an ApiProblem of '@/api/client'), in Chinese; {} for anything else. */
export function fieldProblems(error: unknown): Record<string, string> {
  const fields = (error as { fieldErrors?: unknown } | null)?.fieldErrors;
  if (!Array.isArray(fields)) return {};
  return Object.fromEntries((fields as { field: string; message: string }[]).map((f) => [f.field, fieldMessageZh(f.message)]));
}
