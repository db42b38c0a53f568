/**
 * Deterministic fake credentials for every provider rule, built at test time so no realistic token
 * is ever committed. Same (ruleId, seed) always gives the same string; different seeds give
 * different, equally valid values.
 *
 *   fakeToken(ruleId, seed = 1)          a value the rule accepts: right shape, valid checksum/payload.
 *   fakeTokenInContext(ruleId, seed = 1) one line of code/config holding fakeToken(ruleId, seed),
 *                                        assigned to a name that satisfies the rule's context words.
 *   nearMiss(ruleId, seed = 1)           a decoy of the same shape the rule must reject
 *                                        (bad checksum or payload for validated rules, else one
 *                                        character too short in the last variable-length part).
 *   nearMissInContext(ruleId, seed = 1)  the decoy placed in the same line as fakeTokenInContext.
 *   placeInContext(ruleId, value, seed)  any value in such a line (for custom decoys).
 *   placeholder(ruleId)                  the rule's shape filled with one repeated character per
 *                                        part (`AKIAAAAA…`, `0000…`): what docs and templates
 *                                        contain; rules with an entropy floor must not report it.
 *   ruleIdsWithGenerators()              every rule id, in catalogue order.
 *
 * Unknown rule ids throw. Values come from mulberry32 seeded by (ruleId, seed).
 */
import { PROVIDER_RULE_DETAILS, type ProviderRule } from '../../src/core/scan/rules';
import { bech32Checksum, crc32Base62Tail } from '../../src/core/scan/rules/checksums';
import type { Part } from '../../src/core/scan/rules/tokenShape';
import { mulberry32, type Random } from './seededRandom';

export const DEFAULT_SEED = 1;


function hashString(value: string): number {
  let h = 2166136261;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 16777619);
  return h >>> 0;
}

function randomFor(ruleId: string, seed: number, salt = ''): Random {
  return mulberry32(hashString(`${ruleId}#${seed}#${salt}`));
}

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)];

function randomChars(rand: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Variable-length parts stay near their minimum so tests and fixtures stay readable. */
function chooseLength(rand: Random, min: number, max: number): number {
  return min + Math.floor(rand() * (Math.min(max - min, 24) + 1));
}

function fromParts(parts: readonly Part[], rand: Random, shorten?: Part): string {
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'choice':
        out += pick(rand, part.options);
        break;
      case 'chars': {
        const length = part === shorten ? part.min - 1 : chooseLength(rand, part.min, part.max);
        out += randomChars(rand, part.set.chars, length);
        break;
      }
      case 'optional':
        if (rand() < 0.5) out += fromParts(part.parts, rand, shorten);
        break;
    }
  }
  return out;
}

function ruleById(ruleId: string): ProviderRule {
  const rule = PROVIDER_RULE_DETAILS.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`fakeTokens: no rule with id ${ruleId}`);
  return rule;
}

function base64(text: string, urlSafe: boolean): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  return urlSafe ? encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : encoded;
}

function githubStyle(prefix: string, rand: Random): string {
  const random = randomChars(rand, BASE62, 30);
  return `${prefix}${random}${crc32Base62Tail(random)}`;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function ageSecretKey(rand: Random): string {
  const values = Array.from({ length: 52 }, () => Math.floor(rand() * 32));
  const data = values.map((v) => BECH32[v]).join('');
  return `AGE-SECRET-KEY-1${data}${bech32Checksum('age-secret-key-', values)}`.toUpperCase();
}

const CRC32_TAILED: Record<string, string> = {
  'github-pat-classic': 'ghp_',
  'github-oauth-token': 'gho_',
  'github-app-user-token': 'ghu_',
  'github-app-installation-token': 'ghs_',
  'github-app-refresh-token': 'ghr_',
  'npm-access-token': 'npm_',
};

/** Generators for formats whose validity goes beyond the regex (checksums, embedded JSON). */
const STRUCTURED: Record<string, (rand: Random) => string> = {
  ...Object.fromEntries(Object.entries(CRC32_TAILED).map(([id, prefix]) => [id,
    (rand: Random) => githubStyle(prefix, rand)])),
  'age-secret-key': ageSecretKey,
  'grafana-cloud-token': (rand) => 'glc_' + base64(JSON.stringify({
    o: String(100000 + Math.floor(rand() * 900000)), n: 'stack-token', k: randomChars(rand, BASE62, 24),
    m: { r: 'prod-us-east-0' },
  }), false),
  'grafana-api-key': (rand) => base64(JSON.stringify({
    k: randomChars(rand, BASE62, 32), n: 'ci', id: 1 + Math.floor(rand() * 999),
  }), false),
  'sentry-org-token': (rand) => 'sntrys_' + base64(JSON.stringify({
    iat: 1700000000 + Math.floor(rand() * 1e7), url: 'https://sentry.io', region_url: 'https://us.sentry.io',
    org: 'example-org',
  }), false).replace(/=+$/, '') + '_' + randomChars(rand, BASE62 + '+/', 43),
  'mapbox-secret-token': (rand) => 'sk.' + base64(JSON.stringify({
    u: 'example-user', a: randomChars(rand, BASE62, 25),
  }), true) + '.' + randomChars(rand, BASE62 + '_-', 22),
};

/** A value the rule accepts. */
export function fakeToken(ruleId: string, seed = DEFAULT_SEED): string {
  const rule = ruleById(ruleId);
  const rand = randomFor(ruleId, seed);
  const structured = STRUCTURED[ruleId];
  return structured ? structured(rand) : fromParts(rule.parts, rand);
}

function lastShortenable(parts: readonly Part[]): Part | undefined {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part.kind === 'chars' && part.min > 0) return part;
  }
  return undefined;
}

function flipChar(value: string, index: number, alphabet: string): string {
  const current = value[index];
  const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length];
  return value.slice(0, index) + replacement + value.slice(index + 1);
}

/** A same-shaped decoy the rule must reject. */
export function nearMiss(ruleId: string, seed = DEFAULT_SEED): string {
  const rule = ruleById(ruleId);
  const rand = randomFor(ruleId, seed, 'near-miss');
  if (ruleId === 'age-secret-key') {
    const valid = fakeToken(ruleId, seed);
    return flipChar(valid, valid.length - 3, BECH32.toUpperCase());
  }
  if (rule.validate) {
    if (CRC32_TAILED[ruleId]) {
      const valid = fakeToken(ruleId, seed);
      return flipChar(valid, valid.length - 1, BASE62);
    }
    // Right shape, random content: the embedded JSON cannot decode.
    return fromParts(rule.parts, rand);
  }
  const shorten = lastShortenable(rule.parts);
  if (!shorten) throw new Error(`fakeTokens: no near miss for ${ruleId}`);
  return fromParts(rule.parts, rand, shorten);
}

function assignmentName(rule: ProviderRule): string {
  if (!rule.context) return rule.envName;
  const env = rule.envName.toLowerCase();
  return rule.context.some((word) => env.includes(word)) ? rule.envName : rule.context[0];
}

/** One line of code or config assigning `value` the way people write it, chosen by seed. */
export function placeInContext(ruleId: string, value: string, seed = DEFAULT_SEED): string {
  const name = assignmentName(ruleById(ruleId));
  const templates = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? [`${name}="${value}"`, `export ${name}=${value}`, `const ${name} = '${value}';`,
      `  "${name}": "${value}",`,
      `${name}: ${value}`]
    : [`  "${name}": "${value}",`, `${name}: ${value}`];
  return pick(randomFor(ruleId, seed, 'template'), templates);
}

export function fakeTokenInContext(ruleId: string, seed = DEFAULT_SEED): string {
  return placeInContext(ruleId, fakeToken(ruleId, seed), seed);
}

export function nearMissInContext(ruleId: string, seed = DEFAULT_SEED): string {
  return placeInContext(ruleId, nearMiss(ruleId, seed), seed);
}

export function placeholder(ruleId: string): string {
  const fill = (parts: readonly Part[]): string => parts.map((part) => {
    switch (part.kind) {
      case 'text':
        return part.text;
      case 'choice':
        return part.options[0];
      case 'chars':
        return part.set.chars[0].repeat(part.min);
      case 'optional':
        return '';
    }
  }).join('');
  return fill(ruleById(ruleId).parts);
}

export function ruleIdsWithGenerators(): string[] {
  return PROVIDER_RULE_DETAILS.map((r) => r.id);
}
