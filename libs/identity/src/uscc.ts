import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character set
 * (digits and upper-case letters without I, O, Z, S, V); the last is a check character computed from the
 * first 17 with weights 3^i mod 31.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const c = (31 - (sum % 31)) % 31;
  return CHARSET[c];
}

export type UsccProblem = 'length' | 'charset' | 'check_character';

/** Why a code is not valid, or null when it is. Lower case is refused, not folded: the code is printed in upper case. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!CHARSET.includes(ch)) return 'charset';
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check_character';
}

export function isValidUscc(code: unknown): code is string {
  return typeof code === 'string' && usccProblem(code) === null;
}

/** Completes 17 characters with their check character (demo data, tests). */
export function withCheckCharacter(first17: string): string {
  const c = usccCheckCharacter(first17);
  if (!c) throw new Error(`not 17 valid characters: ${first17}`);
  return first17 + c;
}

export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be a valid 统一社会信用代码 (GB 32100-2015: 18 characters, check character correct)',
        ...options,
      },
      validator: { validate: (v: unknown) => isValidUscc(v) },
    });
}
