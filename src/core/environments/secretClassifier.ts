/**
 * Decides whether an imported value is a secret. Deliberately small: a name that says "secret"
 * or a value that looks random. It only sorts imports; the leak scanner has the real rules.
 */

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'token',
  'key',
  'apikey',
  'credential',
  'credentials',
  'cookie',
  'session',
  'signature',
  'private',
  'salt',
  'bearer',
  'jwt',
  'auth',
]);
/** A last word that turns a secret-sounding name into a description of something public. */
const PUBLIC_LAST_WORDS = new Set([
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'domain',
  'path',
  'file',
  'dir',
  'name',
  'id',
  'type',
  'header',
  'expiry',
  'expires',
  'ttl',
  'timeout',
  'length',
  'algorithm',
  'alg',
  'enabled',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'version',
  'region',
  'port',
  'user',
  'username',
  'email',
  'prefix',
  'format',
  'location',
  'mode',
  'method',
  'provider',
  'kind',
]);

/** Splits `DB_PASSWORD`, `dbPassword`, `db-password`, `api.key` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** A name such as `tokenUrl` or `apiHost`: describes where something is, not a secret. */
export function publicByName(name: string): boolean {
  const words = nameWords(name);
  return words.length > 0 && (PUBLIC_LAST_WORDS.has(words[words.length - 1]) || words.includes('public'));
}

export function secretByName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || PUBLIC_LAST_WORDS.has(words[words.length - 1]) || words.includes('public')) {
    return false;
  }
  return words.some((w) => SECRET_WORDS.has(w));
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JWT = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(value: string): boolean {
  return JWT.test(value);
}

/**
 * A long, random-looking single token. URLs, paths, UUIDs, plain words and version strings are
 * not: they are what people complain generic entropy rules flag.
 */
export function secretByValue(value: string): boolean {
  if (looksLikeJwt(value)) return true;
  if (value.length < 20 || /\s/.test(value)) return false;
  if (value.includes('://') || value.startsWith('/') || UUID.test(value) || /\{\{/.test(value)) return false;
  // Digits and letters together: camelCase identifiers have high entropy too, but no digits.
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= 4;
}

export function isSecret(name: string, value: string): boolean {
  if (value === '') return false;
  return secretByName(name) || secretByValue(value);
}
