/**
 * Seeded values for the generic detectors' tests: passwords, keys and PEM blocks built at run
 * time, so no realistic secret is ever written into the repository.
 */
import { mulberry32 as random } from './seededRandom';


function pick(alphabet: string, length: number, next: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%&*+-=?@^_~';

/** A person-chosen-looking password with all four character classes, e.g. `Kq7#mR2x!pLw`. */
export function fakePassword(seed: number, length = 14): string {
  const next = random(seed);
  const classes = [LOWER, UPPER, DIGITS, SYMBOLS];
  let out = '';
  for (let i = 0; i < length; i++) out += pick(classes[i % 4], 1, next);
  return out;
}

/** A generated API key: mixed-case letters and digits. */
export function fakeApiKey(seed: number, length = 32): string {
  const next = random(seed);
  let out = pick(UPPER, 1, next) + pick(DIGITS, 1, next) + pick(LOWER, 1, next);
  out += pick(LOWER + UPPER + DIGITS, length - 3, next);
  return out;
}

/** Base64 text of the given length, as in a key body. */
export function fakeBase64(seed: number, length: number): string {
  return pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', length, random(seed));
}

/** A PEM block shaped like a private key (random body, not a usable key). */
export function fakePemPrivateKey(seed: number, label = 'RSA PRIVATE KEY', lines = 8): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(fakeBase64(seed + i, 64));
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n');
}
