/**
 * Money as decimal strings in yuan (元) with at most two decimals ('1234.50'), computed as BigInt fen (分).
 * No JavaScript number ever holds an amount: 0.1 + 0.2 is not 0.3 in floating point, and amounts above
 * 2^53 fen (≈ 90 trillion yuan) would lose precision.
 */

const YUAN_PATTERN = /^(-)?(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;
const RATIO_PATTERN = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/** An amount or ratio that is not a well-formed decimal string. */
export class MoneyFormatError extends RangeError {
  readonly code = 'MONEY_FORMAT_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

/**
 * '1234.50' → 123450n fen. Accepts digits with at most two decimals and no leading zeros ('0.05', '12', '12.5');
 * refuses numbers, exponents, signs (unless `allowNegative`), spaces, thousands separators and a third decimal
 * (which would have to be rounded: the caller decides, not this function).
 */
export function parseYuan(text: string, options: { allowNegative?: boolean } = {}): bigint {
  if (typeof text !== 'string') {
    throw new MoneyFormatError(`an amount must be a decimal string, not a ${typeof text}`);
  }
  const match = YUAN_PATTERN.exec(text);
  if (!match || (match[1] && !options.allowNegative)) {
    throw new MoneyFormatError(`"${text}" is not an amount in yuan with at most two decimals, e.g. "1234.50"`);
  }
  const fen = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** 123450n fen → '1234.50': always two decimals, as the provincial API and the database expect. */
export function formatYuan(fen: bigint): string {
  if (typeof fen !== 'bigint') throw new MoneyFormatError(`fen must be a bigint, not a ${typeof fen}`);
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** An exact ratio: '0.02' is 2/100. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** A non-negative decimal string ('0.02', '0.015', '1') as an exact ratio. */
export function parseRatio(text: string): Ratio {
  if (typeof text !== 'string') {
    throw new MoneyFormatError(`a ratio must be a decimal string, not a ${typeof text}`);
  }
  const match = RATIO_PATTERN.exec(text);
  if (!match) throw new MoneyFormatError(`"${text}" is not a decimal ratio, e.g. "0.02"`);
  const decimals = match[2] ?? '';
  const denominator = 10n ** BigInt(decimals.length);
  return { numerator: BigInt(match[1]) * denominator + BigInt(decimals || '0'), denominator };
}

/** The largest whole number of fen not above `fen × ratio` (the exact product rounded down). */
export function maxFenAtRatio(fen: bigint, ratio: Ratio): bigint {
  if (fen < 0n) throw new MoneyFormatError('the base amount cannot be negative');
  return (fen * ratio.numerator) / ratio.denominator; // BigInt division truncates; both are ≥ 0, so it floors
}

export interface RatioCheck {
  /** amount ≤ base × maxRatio, compared exactly. */
  readonly ok: boolean;
  /** The amount, normalised ('20' → '20.00'). */
  readonly amount: string;
  /** The largest amount allowed, in yuan, rounded down to the fen: what a refusal message shows. */
  readonly limit: string;
  readonly base: string;
  readonly maxRatio: string;
}

/**
 * Whether `amount` is at most `maxRatio` of `base`, exactly (R9: bid security ≤ 2% of the estimated price or
 * budget): ratioCheck('20000.00', '1000000.00', '0.02') is ok; '20000.01' is not.
 */
export function ratioCheck(amount: string, base: string, maxRatio: string): RatioCheck {
  const amountFen = parseYuan(amount);
  const baseFen = parseYuan(base);
  const ratio = parseRatio(maxRatio);
  return {
    ok: amountFen * ratio.denominator <= baseFen * ratio.numerator,
    amount: formatYuan(amountFen),
    limit: formatYuan(maxFenAtRatio(baseFen, ratio)),
    base: formatYuan(baseFen),
    maxRatio,
  };
}
