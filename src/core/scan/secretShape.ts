/** Measures of how random a candidate value looks, used to tell secrets from words and names. */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export interface CharClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  symbol: boolean;
  /** How many of the four classes occur. */
  count: number;
}

export function charClasses(value: string): CharClasses {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c >= 48 && c <= 57) digit = true;
    else symbol = true;
  }
  return { lower, upper, digit, symbol, count: +lower + +upper + +digit + +symbol };
}

export interface SecretShapeThresholds {
  minLength: number;
  minEntropy: number;
  minClasses: number;
}

/** Passwords are chosen by people: shorter and less random than generated keys. */
export const PASSWORD_SHAPE: SecretShapeThresholds = { minLength: 8, minEntropy: 2.5, minClasses: 2 };
export const GENERATED_SECRET_SHAPE: SecretShapeThresholds = {
  minLength: 12, minEntropy: 3.0, minClasses: 2,
};
/** For contexts where only strong evidence counts (minified bundles). */
export const STRONG_SECRET_SHAPE: SecretShapeThresholds = { minLength: 16, minEntropy: 3.5, minClasses: 2 };

/**
 * True when the value is long and random enough. A single character class is accepted
 * only when the value is long and very random (e.g. a 40-character lower-case token).
 */
export function looksRandomEnough(value: string, shape: SecretShapeThresholds): boolean {
  if (value.length < shape.minLength) return false;
  if (/^[A-Za-z][a-z]+$|^[A-Z]+$/.test(value)) return false; // a word, capitalised or not
  // A word in another script (`Contraseña`, `Пароль`, `パスワード`): translations, not secrets.
  if (/[^\x20-\x7e]/.test(value) && /^\p{Lu}?[\p{Ll}\p{Lo}\p{M}]+$/u.test(value)) return false;
  const entropy = shannonEntropy(value);
  if (entropy < shape.minEntropy) return false;
  const classes = charClasses(value);
  if (classes.count >= shape.minClasses) return true;
  return value.length >= 24 && entropy >= 4.0;
}
