/**
 * What a decoded token means right now: validity by its time claims, lifetime, and the
 * warnings a reviewer should see. "Now" and the time zone are parameters so tests are exact.
 */
import type { DecodedToken, JsonObject } from './decode';

export type TimeStatus = 'valid' | 'expired' | 'not-yet-valid' | 'encrypted';

export interface JwtWarning {
  code: string;
  message: string;
}

export interface AnalyzeOptions {
  /** Milliseconds since the epoch; defaults to Date.now(). */
  now?: number;
  /** Tokens living longer than this get a warning. */
  maxLifetimeHours?: number;
  clockToleranceSeconds?: number;
}

export interface TimeClaims {
  exp?: number;
  nbf?: number;
  iat?: number;
}

export interface ClaimsAnalysis {
  status: TimeStatus;
  /** One line for people: "valid now, expires in 12 min". */
  summary: string;
  lifetimeSeconds?: number;
  times: TimeClaims;
  warnings: JwtWarning[];
  /** Paths (claim names, then nested keys) whose values look secret and are masked when shown. */
  secretPaths: string[][];
  /** Analysis of a nested token (`cty: JWT`), when it could be decoded. */
  inner?: ClaimsAnalysis;
  now: number;
}

export const DEFAULT_MAX_LIFETIME_HOURS = 24;

const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

export function analyzeToken(token: DecodedToken, options: AnalyzeOptions = {}): ClaimsAnalysis {
  const now = options.now ?? Date.now();
  const warnings: JwtWarning[] = token.notes.map((message) => ({ code: 'lenient-encoding', message }));
  warnings.push(...headerWarnings(token));

  if (token.kind === 'jwe') {
    warnings.push({
      code: 'encrypted',
      message:
        'The payload is encrypted (JWE); only the protected header can be shown without the decryption key.',
    });
    return {
      status: 'encrypted',
      summary: 'encrypted token, claims not readable',
      times: {},
      warnings,
      secretPaths: [],
      now,
    };
  }

  if (token.payload === undefined) {
    warnings.push({
      code: 'nested-token',
      message: 'The header says `cty: JWT`: the payload is another token.',
    });
    const nested = token.nested;
    if (!nested || 'error' in nested) {
      warnings.push({
        code: 'nested-token-broken',
        message: nested?.error.message ?? 'The nested token is missing.',
      });
      return {
        status: 'valid',
        summary: 'nested token could not be decoded',
        times: {},
        warnings,
        secretPaths: [],
        now,
      };
    }
    const inner = analyzeToken(nested, options);
    return { ...inner, warnings: [...warnings, ...inner.warnings.map(innerWarning)], inner, secretPaths: [] };
  }

  return { ...analyzeClaims(token.payload, now, options, warnings), now };
}

function innerWarning(w: JwtWarning): JwtWarning {
  return { code: w.code, message: `Nested token: ${w.message}` };
}

function headerWarnings(token: DecodedToken): JwtWarning[] {
  const warnings: JwtWarning[] = [];
  const alg = token.header.alg;
  if (alg === undefined) {
    warnings.push({
      code: 'alg-missing',
      message: 'The header has no `alg`; no verifier will accept this token.',
    });
  } else if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    warnings.push({
      code: 'alg-none',
      message: '`alg` is `none`: the token is unsigned and anyone can forge it. Verifiers must refuse it.',
    });
    if (token.kind === 'jws' && token.signatureBytes > 0) {
      warnings.push({
        code: 'signature-unexpected',
        message: 'An `alg: none` token should have an empty signature.',
      });
    }
  } else if (token.kind === 'jws' && token.signatureBytes === 0) {
    warnings.push({
      code: 'signature-empty',
      message: `The header says \`alg: ${String(alg)}\` but the signature is empty.`,
    });
  }
  for (const member of ['jku', 'x5u']) {
    if (member in token.header) {
      warnings.push({
        code: 'header-key-url',
        message:
          `The header names a key location (\`${member}\`). ` +
          'Never fetch verification keys from a URL the token supplies.',
      });
    }
  }
  return warnings;
}

function analyzeClaims(
  payload: JsonObject,
  now: number,
  options: AnalyzeOptions,
  warnings: JwtWarning[],
): Omit<ClaimsAnalysis, 'now'> {
  const tolerance = (options.clockToleranceSeconds ?? 0) * 1000;
  const times: TimeClaims = {};
  for (const name of TIME_CLAIMS) {
    const value = payload[name];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value)) {
      times[name] = value;
      continue;
    }
    const json = JSON.stringify(value);
    const shown = json.length > 40 ? `${json.slice(0, 40)}…` : json;
    warnings.push({
      code: 'time-claim-type',
      message:
        `\`${name}\` is ${describeType(value)} (${shown}), not a number of seconds; ` +
        'verifiers reject or ignore it, so it is not used for the status.',
    });
  }

  let status: TimeStatus = 'valid';
  const parts: string[] = [];
  if (times.exp !== undefined && now >= times.exp * 1000 + tolerance) {
    status = 'expired';
    parts.push(`expired ${relativeTime(times.exp * 1000, now)}`);
  } else if (times.nbf !== undefined && now < times.nbf * 1000 - tolerance) {
    status = 'not-yet-valid';
    parts.push(`not valid yet, becomes valid ${relativeTime(times.nbf * 1000, now)}`);
  } else {
    parts.push('valid now');
    parts.push(times.exp !== undefined ? `expires ${relativeTime(times.exp * 1000, now)}` : 'never expires');
  }

  const start = times.iat ?? times.nbf;
  const lifetimeSeconds = times.exp !== undefined && start !== undefined ? times.exp - start : undefined;
  if (lifetimeSeconds !== undefined) parts.push(`lifetime ${formatDuration(lifetimeSeconds)}`);

  const maxHours = options.maxLifetimeHours ?? DEFAULT_MAX_LIFETIME_HOURS;
  if (times.exp === undefined && payload.exp === undefined) {
    warnings.push({ code: 'no-exp', message: 'There is no `exp` claim: this token never expires.' });
  }
  if (lifetimeSeconds !== undefined && maxHours > 0 && lifetimeSeconds > maxHours * 3600) {
    warnings.push({
      code: 'long-lifetime',
      message: `The lifetime (${formatDuration(lifetimeSeconds)}) is longer than the ${maxHours} h limit.`,
    });
  }
  if (times.exp !== undefined && times.nbf !== undefined && times.nbf >= times.exp) {
    warnings.push({ code: 'never-valid', message: '`nbf` is not before `exp`: the token is never valid.' });
  }
  if (times.iat !== undefined && times.iat * 1000 > now + Math.max(tolerance, 60_000)) {
    warnings.push({
      code: 'iat-future',
      message: `\`iat\` lies in the future (${relativeTime(times.iat * 1000, now)}).`,
    });
  }
  if (payload.aud === undefined) {
    warnings.push({
      code: 'no-aud',
      message: 'There is no `aud` claim: any service that trusts the issuer may accept it.',
    });
  }
  if (payload.iss === undefined) {
    warnings.push({ code: 'no-iss', message: 'There is no `iss` claim: nothing says who issued it.' });
  }

  const sensitive = findSensitiveClaims(payload);
  if (sensitive.personal.length > 0) {
    warnings.push({
      code: 'personal-data',
      message:
        `${listNames(sensitive.personal)} ${verb(sensitive.personal)} like personal data; ` +
        'anyone holding the token can read the payload.',
    });
  }
  if (sensitive.secrets.length > 0) {
    warnings.push({
      code: 'secret-claim',
      message:
        `${listNames(sensitive.secrets)} ${verb(sensitive.secrets)} like a secret ` +
        '(shown masked); a JWT payload is readable by anyone holding the token.',
    });
  }

  return {
    status,
    summary: parts.join(', '),
    lifetimeSeconds,
    times,
    warnings,
    secretPaths: sensitive.secrets,
  };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return 'not a finite number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function verb(paths: string[][]): string {
  return paths.length === 1 ? 'looks' : 'look';
}

function listNames(paths: string[][]): string {
  const names = paths.map((p) => `\`${p.join('.')}\``);
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}

// Names are compared after lower-casing and dropping separators, so `phone_number`,
// `phoneNumber` and `Phone-Number` are the same claim.
const PERSONAL_NAMES = new Set([
  'email',
  'emailaddress',
  'phone',
  'phonenumber',
  'mobile',
  'address',
  'streetaddress',
  'postalcode',
  'birthdate',
  'birthday',
  'dateofbirth',
  'dob',
  'name',
  'givenname',
  'familyname',
  'middlename',
  'firstname',
  'lastname',
  'fullname',
  'ssn',
  'socialsecuritynumber',
  'nationalid',
  'passport',
  'passportnumber',
  'taxid',
  'iban',
  'ipaddress',
  'gender',
]);
const SECRET_WORDS = [
  'password',
  'passwd',
  'secret',
  'apikey',
  'privatekey',
  'accesstoken',
  'refreshtoken',
  'sessiontoken',
  'credential',
  'credentials',
  'cardnumber',
  'creditcard',
  'cvv',
  'pin',
  'otp',
  'totp',
  'mfacode',
];
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[A-Za-z]{2,24}$/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----/;

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function findSensitiveClaims(payload: JsonObject): { personal: string[][]; secrets: string[][] } {
  const personal: string[][] = [];
  const secrets: string[][] = [];
  const visit = (value: unknown, path: string[], depth: number) => {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as JsonObject)) {
      const here = Array.isArray(value) ? path : [...path, key];
      const name = normalizeName(key);
      const isSecretName = !Array.isArray(value) && SECRET_WORDS.some((w) => name === w || name.endsWith(w));
      if (isSecretName || (typeof child === 'string' && PRIVATE_KEY.test(child))) {
        secrets.push(here);
        continue;
      }
      if (!Array.isArray(value) && PERSONAL_NAMES.has(name)) personal.push(here);
      else if (typeof child === 'string' && EMAIL.test(child)) personal.push(here);
      visit(child, here, depth + 1);
    }
  };
  visit(payload, [], 0);
  return { personal: dedupe(personal), secrets: dedupe(secrets) };
}

function dedupe(paths: string[][]): string[][] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "45 s", "12 min", "5 h", "3 days", "4 months", "2 years"; rounded down. */
export function formatDuration(seconds: number): string {
  const s = Math.floor(Math.abs(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 48 * 3600) {
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    return hours < 10 && minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(s / 86400);
  if (days < 60) return plural(days, 'day');
  if (days < 730) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}

/** "in 12 min" or "3 days ago". */
export function relativeTime(targetMs: number, nowMs: number): string {
  const seconds = (targetMs - nowMs) / 1000;
  if (Math.abs(seconds) < 1) return 'now';
  return seconds > 0 ? `in ${formatDuration(seconds)}` : `${formatDuration(seconds)} ago`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-12-03 17:40:00 UTC` */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'out of range';
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`
  );
}

/**
 * Local wall-clock time with its offset, `2026-12-03 18:40:00 (UTC+01:00)`. The offset in minutes
 * east of UTC defaults to this machine's at that instant.
 */
export function formatLocal(ms: number, offsetMinutes?: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'out of range';
  const offset = offsetMinutes ?? -d.getTimezoneOffset();
  const local = new Date(ms + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ` +
    `(UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`
  );
}

/** Phrase for one time claim relative to now: "expires in 12 min", "issued 3 days ago". */
export function describeTimeClaim(name: 'exp' | 'nbf' | 'iat', seconds: number, now: number): string {
  const ms = seconds * 1000;
  const rel = relativeTime(ms, now);
  const past = ms <= now;
  if (name === 'exp') return past ? `expired ${rel}` : `expires ${rel}`;
  if (name === 'nbf') return past ? `valid since ${rel}` : `becomes valid ${rel}`;
  return `issued ${rel}`;
}
