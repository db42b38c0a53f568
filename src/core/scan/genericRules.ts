/**
 * Detectors for credentials that have no provider-specific shape: private keys, credentials in
 * URLs, Authorization headers, JWTs and assignments to secret-sounding names. Each detector is
 * procedural where a single regular expression would need unbounded backtracking.
 */
import type { Rule, Severity } from './types';
import {
  hasFormatPlaceholder, isDataUri, isDocumentationExample, isDocumentationHost, isFilePath, isHexDigest,
  isIdentifier, isPasswordHash, isPlaceholder, isRegexGroup, isRegexPattern, isPublicKeyMaterial, isPublishableKey, isRedacted,
  isTemplateOrReference, isUrlWithoutCredentials, isUuid, isVersionString, looksLikeCode,
} from './falsePositiveFilters';
import { CREDENTIAL_CALL_DETECTOR } from './credentialCalls';
import { SECTION_KEY_DETECTOR, sectionAbove } from './sectionKeys';
import { SESSION_COOKIE_DETECTOR } from './sessionCookies';
import { decodeEscapes } from './escapedStrings';
import { TOOL_PASSWORD_DETECTORS } from './toolPasswords';
import { lowerCaseSameLength } from './keywordIndex';
import {
  GENERATED_SECRET_SHAPE, PASSWORD_SHAPE, STRONG_SECRET_SHAPE, looksRandomEnough, type SecretShapeThresholds,
} from './secretShape';

const SECRETS_MANAGEMENT_GUIDE =
  'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html';

/**
 * How much evidence a file gets scanned with: everything, only strong signals (minified bundles),
 * or lock files, where name-based heuristics are skipped altogether.
 */
export type ScanMode = 'full' | 'strong' | 'lockfile';

export interface DetectorInput {
  text: string;
  mode: ScanMode;
  /**
   * False in program source, where an unquoted right-hand side is an expression, not a literal
   * (`password = user.password`); true in .env, YAML, .properties, INI and unknown files.
   */
  unquotedValues: boolean;
  /**
   * For a detector with `wantsKeywordEnds`: every end offset of each of its keywords in `text`,
   * aligned with `keywords` (undefined where one does not occur).
   */
  keywordEnds?: readonly (readonly number[] | undefined)[];
  /**
   * The provider rule whose credential a value assigned to `name` is, when the name says which
   * provider and the value has its shape; it outranks the generic rules' value heuristics.
   */
  providerFor?: (name: string, value: string) => string | undefined;
}

export interface Candidate {
  ruleId: string;
  start: number;
  end: number;
  secret: string;
  severity?: Severity;
}

export interface GenericDetector {
  /** Lower-case literals; the detector runs only when one occurs. */
  keywords: readonly string[];
  modes: readonly ScanMode[];
  /** The engine's keyword pass then records every occurrence, sparing the detector its own search. */
  wantsKeywordEnds?: boolean;
  /** Lower-case file names (no folder): a format known by its file name is read only in files so named. */
  fileNames?: readonly string[];
  find(input: DetectorInput): Candidate[];
}

/** A generic rule with a plain-words description for docs/rules.md (no token-like example). */
export interface GenericRule extends Rule {
  description: string;
}

function rule(
  id: string, title: string, severity: Severity, keywords: string[], pattern: RegExp, envName: string,
  description: string,
): GenericRule {
  return {
    id, title, provider: 'Generic', category: 'generic', severity, keywords, pattern,
    revokeUrl: SECRETS_MANAGEMENT_GUIDE, envName, description,
  };
}

const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY( BLOCK)?-----/g;
// The password runs to the last `@` of the authority: people paste passwords with a raw `@` in them
// (`user:p@ss@host`), which clients split the same way. Bounded, and tried only after `://`.
const URL_CREDENTIALS = new RegExp(
  ':\\/\\/(?<user>[^\\s:@/?#"\'<>`\\\\]{0,100}):(?<secret>[^\\s/?#"\'<>`\\\\]{1,200})' +
    '@(?<host>[\\w[\\]-][\\w.[\\]-]{0,253})',
  'g',
);
/** Oracle's thin JDBC URL, `jdbc:oracle:thin:user/password@host:1521/db`: a password without `://`. */
const ORACLE_THIN_AT = /oracle:thin:(?<user>[\w.$#-]{1,64})\/(?<secret>[^\s@"'/\\]{1,128})@/iy;
const BASIC_AUTH = /\bbasic\s+(?<secret>[A-Za-z0-9+/]{8,512}={0,2})(?![A-Za-z0-9+/=])/gi;
const BEARER = /\bbearer\s+(?<secret>[A-Za-z0-9\-._~+/]{16,2048}=*)(?![A-Za-z0-9\-._~+/=])/gi;
/** Sticky twins, tried where the keyword pass found `basic` and `bearer`. */
const BASIC_AUTH_AT = new RegExp(BASIC_AUTH.source, 'iy');
const BEARER_AT = new RegExp(BEARER.source, 'iy');
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,2048}(?![A-Za-z0-9_.-])/g;
/** `curl -u user:pass`, `--user "user:pass"`, `--user=user:pass`; tried only where the keyword pass found `curl`. */
const CURL_USER_AT = new RegExp('(?<![\\w-])curl\\b[^\\r\\n]{0,300}?[ \\t](?:-u[ \\t]*|--user(?:[ \\t]+|=))' +
  '(?<q>[\'"]?)(?<user>[^\\s:\'"]{1,64}):(?<secret>[^\\s\'"]{1,200})\\k<q>(?![^\\s;|&)])', 'y');
const GO_DSN_MAX_NAME = 64;
const GO_DSN_MAX_PASSWORD = 128;
/**
 * Go's MySQL driver DSN, `user:password@tcp(host:3306)/db`: credentials without a URL scheme.
 * Tried where goDsnStart says a DSN ending at an `@tcp(` or `@unix(` would start.
 */
const GO_MYSQL_DSN_AT = new RegExp(`(?<![\\w.-])[\\w.-]{1,${GO_DSN_MAX_NAME}}:` +
  `(?<secret>[^\\s:@/"'\`]{1,${GO_DSN_MAX_PASSWORD}})@(?:tcp|unix)\\(`, 'y');
/** `Authorization: Token ...`, Django REST framework's scheme (GitHub's too). */
const TOKEN_SCHEME_AT = new RegExp('authorization["\']?[ \\t]*(?:=>|[:=,])[ \\t]*\\[?[ \\t]*["\']?' +
  'token[ \\t]+' +
  '(?<secret>[A-Za-z0-9\\-._~+/]{16,512}=*)(?![A-Za-z0-9\\-._~+/=])', 'iy');
const SQL_IDENTIFIED_BY_AT =
  /\bidentified\s+(?:with\s+\w{1,40}\s+)?by\s+(?:password\s+)?(?<q>['"])(?<secret>[^'"\r\n]{1,200})\k<q>/iy;
const MYSQL_PASSWORD_FLAG_AT =
  /\bmysql(?:dump|admin|sh)?\b[^\r\n]{0,300}?\s-p(?<secret>[^\s'"-][^\s'"]{5,100})/iy;
/**
 * Services whose name before `key` names a credential (`STRIPE_KEY`, `mapboxKey`, `sendgrid.key`).
 * Only names that are not also everyday words: `segment_key` or `line_key` may be anything.
 */
const SERVICE_NAMES = ['stripe', 'twilio', 'sendgrid', 'mailgun', 'mailchimp', 'mandrill', 'postmark', 'github',
  'gitlab', 'bitbucket', 'slack', 'discord', 'telegram', 'openai', 'anthropic', 'cohere', 'mistral', 'groq',
  'huggingface', 'replicate', 'datadog', 'sentry', 'newrelic', 'algolia', 'firebase', 'supabase', 'google',
  'gcp', 'aws', 'azure', 'mapbox', 'shopify', 'paypal', 'braintree', 'heroku', 'netlify', 'vercel',
  'cloudflare', 'okta', 'auth0', 'pusher', 'pagerduty', 'launchdarkly', 'contentful', 'airtable', 'hubspot',
  'zendesk', 'intercom', 'mixpanel', 'amplitude', 'twitter', 'facebook', 'linkedin', 'dropbox',
  'digitalocean', 'linode', 'vultr', 'doppler', 'snyk', 'pinecone', 'deepgram', 'elevenlabs', 'assemblyai'];
/** Secret-sounding name fragments; hits are extended to the whole name and checked further. */
// `pw` rather than `pwd`: it finds both, and `pw`/`db_pw` are as common a password's name in scripts.
const NAME_HIT = new RegExp('pass|pw|secret|token|auth|credential|creds|salt|' +
  '(?:api|access|private|license|client|subscription|signing|encryption|master|account|service|consumer|' +
  `webhook|hmac|app|jwt|nonce|decryption|validation|preshared|encrypt|aes|crypto|cipher|fernet)[-_.]?key|` +
  `${SERVICE_NAMES.join('|')}`, 'g');
/** Keywords that start the assignment detector: every NAME_HIT alternative, lower-cased. */
const KEY_NAME_KEYWORDS = ['api', 'access', 'private', 'license', 'client', 'subscription', 'signing', 'encryption',
  'master', 'account', 'service', 'consumer', 'webhook', 'hmac', 'app', 'jwt', 'nonce', 'decryption', 'validation',
  'preshared', 'encrypt', 'aes', 'crypto', 'cipher', 'fernet']
  .flatMap((qualifier) => ['', '_', '-', '.'].map((separator) => `${qualifier}${separator}key`));
/** NAME_HIT's alternatives in its order, which RecordedNameHits relies on. */
const ASSIGNMENT_KEYWORDS: readonly string[] =
  ['pass', 'pw', 'secret', 'token', 'auth', 'credential', 'creds', 'salt', ...KEY_NAME_KEYWORDS, ...SERVICE_NAMES];

const ASSIGNMENT_SYNTAX = 'in `=`, `:`, `:=`, `=>` assignments, JSON/YAML keys (the value also on the line ' +
  'below a `|` or `>` block scalar), .env and .properties lines (also `key value`), XML elements and ' +
  'attributes, command-line flags and connection strings';
const VALUE_CHECKS = 'The value must look generated or chosen: long enough, several character classes, ' +
  'enough entropy, and not a placeholder, a reference to the environment or a template, an identifier, ' +
  'a path, a URL, a version, a UUID or a digest.';

export const GENERIC_RULES: readonly GenericRule[] = [
  rule('private-key', 'Private key', 'critical', ['private key'], PEM_HEADER, 'PRIVATE_KEY',
    'A PEM block from a `BEGIN ... PRIVATE KEY` line to its `END` line (RSA, EC, DSA, OpenSSH, encrypted, ' +
    'PKCS#8, PGP), also written with `\\n` escapes inside a JSON string. Public keys and certificates are ' +
    'not reported.'),
  rule('url-credentials', 'Password in URL', 'high', ['://'], URL_CREDENTIALS, 'DATABASE_URL',
    'The password part of `scheme://user:password@host`, up to the last `@` before the host when the ' +
    'password holds a raw `@`, and of Oracle\'s `jdbc:oracle:thin:user/password@host`; also such a URL ' +
    'base64-encoded (a Kubernetes Secret\'s `data:`), reported whole. Empty passwords, ' +
    'placeholders, `$VAR`/`${VAR}` ' +
    'references and a password equal to the user name are not reported.'),
  rule('authorization-basic', 'HTTP Basic credentials', 'high', ['basic', 'curl'], BASIC_AUTH, 'BASIC_AUTH',
    'The base64 value after `Basic` in an Authorization header, reported only when it decodes to ' +
    '`user:password` with a password that is not a placeholder; also the password of `curl -u user:password` ' +
    '(`--user`), unless it is a placeholder or a `$VARIABLE`.'),
  rule('authorization-bearer', 'Bearer token', 'high', ['bearer'], BEARER, 'API_TOKEN',
    'A random-looking value of 16 or more characters after `Bearer` (headers, code, curl commands). ' +
    'Variables, templates and identifiers are not reported.'),
  rule('jwt', 'JSON Web Token', 'high', ['eyj'], JWT, 'JWT',
    'Three base64url parts whose first decodes to a JSON header with `alg`. Severity is high for a signed ' +
    'token that has not expired, medium once expired, low when unsigned.'),
  rule('generic-password', 'Hard-coded password', 'medium', ['pass', 'pw', 'identified', 'mysql'],
    NAME_HIT, 'PASSWORD',
    'A value assigned to a name ending in password, passwd, pwd, pw, pass, passphrase or passcode ' +
    `${ASSIGNMENT_SYNTAX}; ` +
    'also SQL `IDENTIFIED BY`, `mysql -p`, .netrc and .pgpass entries, Redis `requirepass` (also ' +
    '`--requirepass` and `CONFIG SET`), `redis-cli -a`/`--pass`, `sshpass -p` and openssl\'s `-k` and ' +
    `\`pass:\` arguments. ${VALUE_CHECKS}`),
  rule('generic-api-key', 'Hard-coded API key', 'medium', ['key'], NAME_HIT, 'API_KEY',
    `A value assigned to a name such as api_key, apiKey, access_key, secretKey or a service's key ` +
    `(STRIPE_KEY, mapboxKey) ${ASSIGNMENT_SYNTAX}; also a bare \`key\` in a section so named ` +
    '(`"Jwt": { "Key": ... }`, YAML `encryption:` then `key:`, INI `[jwt]` then `key =`). ' +
    VALUE_CHECKS),
  rule('generic-secret', 'Hard-coded secret or token', 'medium',
    ['secret', 'token', 'auth', 'credential', 'creds'], NAME_HIT, 'SECRET',
    `A value assigned to a name ending in secret, token, auth, credentials or creds ${ASSIGNMENT_SYNTAX}; ` +
    'also Redis\'s `masterauth` directive, and session cookies (`sessionid`, `connect.sid`, `*_session`) ' +
    `in a \`Cookie\` header, a HAR capture or curl's \`-b\`. ${VALUE_CHECKS}`),
];

export const GENERIC_RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(GENERIC_RULES.map((r) => [r.id, r]));

function groupStart(match: RegExpExecArray, group: string): number {
  const value = match.groups?.[group] ?? '';
  return match.index + match[0].lastIndexOf(value);
}

// ---------------------------------------------------------------------------------------------
// Private keys

const BASE64_CHAR = /[A-Za-z0-9+/=]/;

function findPrivateKeys({ text }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  PEM_HEADER.lastIndex = 0;
  for (let m = PEM_HEADER.exec(text); m; m = PEM_HEADER.exec(text)) {
    const headerEnd = m.index + m[0].length;
    const footer = text.indexOf('-----END', headerEnd);
    // No footer after this header means none after any later header either: stop (linear).
    if (footer === -1) break;
    const footerClose = text.indexOf('-----', footer + 8);
    if (footerClose === -1 || footerClose - footer > 80) {
      PEM_HEADER.lastIndex = footer + 8;
      continue;
    }
    const end = footerClose + 5;
    // A key split over several JSON strings (a notebook cell's line list) is found here too, but
    // its secret keeps the quotes and commas between the lines.
    if (hasKeyBody(text, headerEnd, footer)) {
      const secret = text.slice(m.index, end).replace(/\\r\\n|\\n/g, '\n');
      out.push({ ruleId: 'private-key', start: m.index, end, secret });
    }
    PEM_HEADER.lastIndex = end;
  }
  return out;
}

/** A real key body: plenty of base64, not `...` or `<your key here>`. */
/** `-----BEGIN` in base64, as a key file base64-encoded starts (Kubernetes secrets, kubeconfig). */
const ENCODED_PEM_START = 'LS0tLS1CRUdJTi';

/**
 * Private keys stored base64-encoded: `tls.key: LS0tLS1CRUdJTi...` in a Kubernetes Secret,
 * `client-key-data:` in a kubeconfig. The run must decode to a private key block with a body;
 * encoded certificates and public keys decode to other headers.
 */
function findEncodedPrivateKeys({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  let resumeAt = 0;
  for (const keywordEnd of keywordEnds?.[0] ?? []) {
    const start = keywordEnd - ENCODED_PEM_START.length;
    if (start < resumeAt || !text.startsWith(ENCODED_PEM_START, start)) continue;
    let end = start;
    while (end < text.length && end - start < 16384 && BASE64_CHAR.test(text[end])) end++;
    while (text[end] === '=') end++;
    resumeAt = end;
    const decoded = Buffer.from(text.slice(start, end), 'base64').toString('latin1');
    PEM_HEADER.lastIndex = 0;
    const header = PEM_HEADER.exec(decoded);
    if (header?.index !== 0) continue;
    const footer = decoded.indexOf('-----END', header[0].length);
    if (footer === -1 || !hasKeyBody(decoded, header[0].length, footer)) continue;
    out.push({ ruleId: 'private-key', start, end, secret: text.slice(start, end) });
  }
  return out;
}

/** Schemes of URLs that carry a password, as Kubernetes Secrets and CI variables store them encoded. */
const ENCODED_URL_SCHEMES = ['postgres', 'postgresql', 'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'redis',
  'rediss', 'amqp', 'amqps', 'http', 'https', 'ftp', 'sftp', 'smtp', 'ldap', 'ldaps'];
/**
 * `scheme://` base64-encoded, cut to whole three-byte groups: an encoded value starting with the
 * scheme starts with these characters whatever follows.
 */
const ENCODED_URL_STARTS = [...new Set(ENCODED_URL_SCHEMES.map((scheme) => {
  const bytes = Buffer.from(`${scheme}://`);
  return bytes.subarray(0, bytes.length - (bytes.length % 3)).toString('base64');
}))];

/**
 * A base64 value that decodes to a URL with a password in it: `DATABASE_URL: cG9zdGdyZXM6Ly9...`
 * under a Kubernetes Secret's `data:`, whose name says nothing. The encoded value is the secret.
 */
function findEncodedUrlCredentials({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  let resumeAt = 0;
  const starts = mergeSorted(...ENCODED_URL_STARTS.map((prefix, k) =>
    (keywordEnds?.[k] ?? []).map((end) => end - prefix.length)));
  for (const start of starts) {
    if (start < resumeAt || BASE64_CHAR.test(text[start - 1] ?? '')) continue;
    if (!ENCODED_URL_STARTS.some((prefix) => text.startsWith(prefix, start))) continue;
    let end = start;
    while (end < text.length && end - start < 4096 && BASE64_CHAR.test(text[end])) end++;
    resumeAt = end;
    const decoded = Buffer.from(text.slice(start, end), 'base64').toString('utf8');
    if (!/^[\x21-\x7e]+$/.test(decoded.replace(/\s+$/, ''))) continue;
    if (urlCredentialsIn(decoded).length === 0) continue;
    out.push({ ruleId: 'url-credentials', start, end, secret: text.slice(start, end) });
  }
  return out;
}

function hasKeyBody(text: string, start: number, end: number): boolean {
  let base64 = 0;
  let other = 0;
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (BASE64_CHAR.test(ch)) base64++;
    else if (ch === '<' || ch === '.' || ch === '*') other++;
  }
  return base64 >= 64 && other < 8;
}

// ---------------------------------------------------------------------------------------------
// Credentials in URLs and Authorization headers

function findUrlCredentials({ text }: DetectorInput): Candidate[] {
  return urlCredentialsIn(text);
}

function urlCredentialsIn(text: string): Candidate[] {
  const out: Candidate[] = [];
  URL_CREDENTIALS.lastIndex = 0;
  for (let m = URL_CREDENTIALS.exec(text); m; m = URL_CREDENTIALS.exec(text)) {
    const user = m.groups?.user ?? '';
    const secret = m.groups?.secret ?? '';
    URL_CREDENTIALS.lastIndex = m.index + 3;
    if (isDocumentationHost(m.groups?.host ?? '')) continue;
    if (secret === user || isPlaceholder(secret) || isTemplateOrReference(secret)) continue;
    if (isRedacted(secret)) continue;
    if (isTemplateOrReference(user) && /^\$|^\{\{|^%/.test(secret)) continue;
    // CVS roots (`cvs://:pserver:anoncvs@host:/cvs`) name an access method and a user, no password.
    if (user === '' && /^(?:pserver|gserver|kserver|ext|server|fork|sspi):/.test(secret)) continue;
    // A pattern that matches such URLs (`://([^:]*(:[^@]*)?@)?`) or a syntax's description
    // (`git://[path-to-repo[:ref]@]path`): a URL's user and password never hold raw brackets.
    if (/[[\]]/.test(`${user}:${secret}`)) continue;
    // `azureservicebus://SAS_POLICY_NAME:SAS_KEY@`: names in capitals stand for the values.
    if (/^[A-Z]+(?:_[A-Z]+)+$/.test(secret)) continue;
    // URLs carry non-ASCII percent-encoded, so raw non-ASCII marks a template, not a password.
    if (secret.length < 3 || /^%|\$[A-Za-z_{(]|\{|^<|^\*+$|[^\x21-\x7e]/.test(secret)) continue;
    const start = m.index + 3 + user.length + 1;
    out.push({ ruleId: 'url-credentials', start, end: start + secret.length, secret });
  }
  return out;
}

function findOracleThinPasswords({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matchesAtKeyword(ORACLE_THIN_AT, 'oracle:thin:'.length, text, keywordEnds?.[0])) {
    const secret = m.groups?.secret ?? '';
    if (secret.length < 3 || /^[$%<{*]/.test(secret)) continue;
    if (isPlaceholder(secret) || isTemplateOrReference(secret)) continue;
    const start = groupStart(m, 'secret');
    out.push({ ruleId: 'url-credentials', start, end: start + secret.length, secret });
  }
  return out;
}

/**
 * Matches of a sticky pattern that starts with a detector's keyword, tried only where the keyword
 * pass found it: in order and without overlap, as a global search would find them.
 */
function matchesAtKeyword(
  pattern: RegExp, keywordLength: number, text: string, ends: readonly number[] | undefined,
): RegExpExecArray[] {
  return matchesAt(pattern, text, (ends ?? []).map((end) => end - keywordLength));
}

/**
 * A sticky pattern tried at each of `places` (in order; negative ones skipped), without overlap,
 * as a global search would find its matches where they can only start there.
 */
function matchesAt(pattern: RegExp, text: string, places: readonly number[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let resumeAt = 0;
  for (const at of places) {
    if (at < resumeAt) continue;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) continue;
    out.push(m);
    resumeAt = pattern.lastIndex;
  }
  return out;
}

function findBasicAuth({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matchesAtKeyword(BASIC_AUTH_AT, 'basic'.length, text, keywordEnds?.[0])) {
    const secret = m.groups?.secret ?? '';
    const decoded = Buffer.from(secret, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1 || colon === decoded.length - 1 || !/^[\x20-\x7e]+$/.test(decoded)) continue;
    const password = decoded.slice(colon + 1);
    if (isPlaceholder(password) || isPlaceholder(decoded.slice(0, colon) + password)) continue;
    if (isDocumentationExample(password)) continue;
    const start = groupStart(m, 'secret');
    out.push({ ruleId: 'authorization-basic', start, end: start + secret.length, secret });
  }
  return out;
}

function findBearerTokens({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matchesAtKeyword(BEARER_AT, 'bearer'.length, text, keywordEnds?.[0])) {
    const secret = m.groups?.secret ?? '';
    const end = m.index + m[0].length;
    // `Bearer realm="api"`, `Bearer authorization_uri="..."`: a challenge's parameters, not a token.
    if (secret.endsWith('=') && text[end] === '"') continue;
    const bare = secret.replace(/=+$/, '');
    if (isPlaceholder(bare) || isIdentifier(bare)) continue;
    if (isDocumentationExample(bare) || isRedacted(bare) || isPublicOrSampleJwt(secret)) continue;
    if (!looksRandomEnough(secret, GENERATED_SECRET_SHAPE)) continue;
    const start = groupStart(m, 'secret');
    out.push({ ruleId: 'authorization-bearer', start, end: start + secret.length, secret });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JWTs: only recognised here; decoding and verification live with the JWT feature.

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    const isObject = value && typeof value === 'object' && !Array.isArray(value);
    return isObject ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Severity of a JWT by how likely it still works: unsigned or expired tokens matter less. */
/** The signature of jwt.io's sample token (HS256 over its John Doe payload), quoted in docs everywhere. */
const JWT_IO_SAMPLE_SIGNATURE = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/**
 * Tokens that are no secret: jwt.io's sample, and Supabase's anon keys, which ship in every
 * browser client by design (`"role": "anon"`; the `service_role` key is a secret).
 */
export function isPublicOrSampleJwt(token: string): boolean {
  const [, payloadPart, signature] = token.split('.');
  if (signature === JWT_IO_SAMPLE_SIGNATURE) return true;
  const payload = decodeJsonPart(payloadPart);
  return payload?.role === 'anon' && typeof payload.iss === 'string' && payload.iss.includes('supabase');
}

export function jwtSeverity(token: string, nowSeconds = Date.now() / 1000): Severity | undefined {
  const [headerPart, payloadPart, signature] = token.split('.');
  const header = decodeJsonPart(headerPart);
  if (!header || typeof header.alg !== 'string') return undefined;
  if (header.alg.toLowerCase() === 'none' || signature.length < 16) return 'low';
  const payload = decodeJsonPart(payloadPart);
  if (payload && typeof payload.exp === 'number' && payload.exp < nowSeconds) return 'medium';
  return 'high';
}

const MAX_JWT_PART = 8192;

function isBase64UrlChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

function endOfBase64UrlRun(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_JWT_PART);
  let i = from;
  while (i < limit && isBase64UrlChar(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Walks `header.payload.signature` by hand. When a candidate fails, the search resumes after the
 * run it read: any `eyJ` inside that run would fail the same way, so each character is read once.
 */
function findJwts({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  let resumeAt = 0;
  // Where the keyword pass saw `eyj` in any case: a token starts with exactly `eyJ` after a non-word character.
  for (const keywordEnd of keywordEnds?.[0] ?? []) {
    const start = keywordEnd - 3;
    if (start < resumeAt || !text.startsWith('eyJ', start) || isWordChar(text.charCodeAt(start - 1))) continue;
    const headerEnd = endOfBase64UrlRun(text, start);
    resumeAt = headerEnd;
    if (headerEnd - start < 11 || text[headerEnd] !== '.') continue;
    const payloadEnd = endOfBase64UrlRun(text, headerEnd + 1);
    resumeAt = payloadEnd;
    if (payloadEnd - headerEnd - 1 < 8 || text[payloadEnd] !== '.') continue;
    const end = endOfBase64UrlRun(text, payloadEnd + 1);
    resumeAt = end;
    // A fourth part makes it an encrypted (five-part) token or something else: not a signed JWT.
    if (text[end] === '.' && isBase64UrlChar(text.charCodeAt(end + 1))) continue;
    const token = text.slice(start, end);
    const severity = jwtSeverity(token);
    if (!severity || isDocumentationExample(token) || isPublicOrSampleJwt(token)) continue;
    out.push({ ruleId: 'jwt', start, end, secret: token, severity });
  }
  return out;
}

/** What `\b` sees as a word character. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

// ---------------------------------------------------------------------------------------------
// Assignments to secret-sounding names

export function isNameChar(c: number): boolean {
  // A-Z a-z 0-9 _ . -
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
    || c === 95 || c === 46 || c === 45;
}
const MAX_NAME = 80;
const MAX_VALUE = 1000;
const SECRET_SUFFIXES = [
  'password', 'passwd', 'pwd', 'pw', 'passphrase', 'passcode', 'pass', 'secret', 'token', 'apikey', 'accesskey',
  'secretkey', 'privatekey', 'credential', 'credentials', 'creds', 'auth',
];
const KEY_QUALIFIERS = [
  'api', 'access', 'secret', 'private', 'signing', 'encryption', 'client', 'app', 'master', 'auth',
  'account', 'service', 'license', 'subscription', 'consumer', 'webhook', 'hmac', 'jwt', 'nonce',
  'decryption', 'validation', 'preshared', 'encrypt', 'aes', 'crypto', 'cipher', 'fernet',
];
const SERVICE_NAME_SET = new Set(SERVICE_NAMES);
const KEY_QUALIFIER_SET = new Set([...KEY_QUALIFIERS, ...SERVICE_NAMES]);

/**
 * `STRIPE_KEY`, `slackKey`: a key named by its service alone, not as an API or access key. Such
 * names also hold channel names, file names, cache keys and labels, so their values must look
 * issued (see looksIssued).
 */
function namesServiceOnly(name: string): boolean {
  const segments = nameSegments(name);
  const previous = segments[segments.length - 2];
  return segments[segments.length - 1] === 'key' && previous !== undefined && SERVICE_NAME_SET.has(previous)
    && !KEY_QUALIFIERS.some((qualifier) => previous.endsWith(qualifier));
}

/**
 * A value a service issued, not a label: no SHA-1 or SHA-256 digest (commit and content hashes;
 * 32 hex digits are how many services write keys), no ARN, and not mostly words joined by
 * separators (`#eng-alerts`, `gcp-sa-key-prod.json`, `uploads/avatars/profile`, `stripe:events`).
 */
export function looksIssued(value: string): boolean {
  if ((isHexDigest(value) && value.length !== 32) || /^arn:/.test(value)) return false;
  const parts = value.split(/[-_.:/#@ ]+/).filter((part) => part.length > 0);
  const words = parts.filter((part) => /^(?:[A-Za-z][a-z]{2,}|[A-Z]{3,}|[a-z]{3,})$/.test(part)).length;
  return !(words >= 2 && 2 * words >= parts.length);
}

/** `api` in `api_key`, also run together with a prefix as in `XApiKey` (`xapi`). */
function qualifiesKey(word: string | undefined): boolean {
  if (word === undefined) return false;
  return KEY_QUALIFIER_SET.has(word) || KEY_QUALIFIERS.some((qualifier) => word.endsWith(qualifier));
}
/** Names whose values are secrets by definition, so a hex value is a key rather than a digest. */
const STRONG_NAME = /pass|pwd|secret|api_?key|access_?key|private_?key/;
/** Characters that end an unquoted value, as a lookup table over ASCII. */
const UNQUOTED_END = new Uint8Array(128);
// Not `&`: `.env`, YAML and `.properties` values hold it as written; in a query string it ends one.
for (const ch of ' \t\r\n\f\v;,"\'`<>()[]{}|') UNQUOTED_END[ch.charCodeAt(0)] = 1;

function endsUnquoted(c: number): boolean {
  return c < 128 ? UNQUOTED_END[c] === 1 : c === 0xa0 || c === 0x2028 || c === 0x2029;
}

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password`, `config.db.password` into lower-case words. */
export function nameSegments(name: string): string[] {
  const segments: string[] = [];
  let from = 0;
  const close = (to: number) => {
    let end = to;
    while (end > from && isDigit(name.charCodeAt(end - 1))) end--; // password2, key1
    if (end > from) segments.push(name.slice(from, end).toLowerCase());
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46 || c === 95 || c === 45 || c === 58 || c === 32 || (c >= 9 && c <= 13) || c >= 128) {
      // Separators; anything beyond ASCII goes through the general path.
      if (c >= 128) return nameSegmentsSlow(name);
      close(i);
      from = i + 1;
    } else if (c >= 65 && c <= 90 && i > 0 && isLowerOrDigit(name.charCodeAt(i - 1))) {
      close(i); // camelCase boundary
      from = i;
    }
  }
  close(name.length);
  return segments;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLowerOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || isDigit(c);
}

function nameSegmentsSlow(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s._:-]+/)
    .map((segment) => segment.replace(/\d+$/, ''))
    .filter((segment) => segment.length > 0);
}

/**
 * Tokens that grant nothing: pagination and idempotency tokens (`NextToken`, `ClientToken`,
 * `--starting-token`), parser and lexer tokens (`current_token`), cancellation tokens, CSRF
 * tokens (a value fixed in source is a test's), and export/import tokens of key exchanges.
 */
const NON_CREDENTIAL_TOKENS = new Set([
  'next', 'continuation', 'continue', 'page', 'pagination', 'cursor', 'starting', 'start', 'output', 'input',
  'client', 'idempotency', 'sync', 'change', 'update', 'forward', 'backward', 'marker', 'resume',
  'cancellation', 'cancel', 'stop', 'arrival', 'csrf', 'xsrf', 'lexer', 'current', 'prev', 'previous',
  'parse', 'parser', 'syntax', 'export', 'import', 'unit',
]);

function namesNonCredentialToken(segments: string[]): boolean {
  const previous = segments[segments.length - 2];
  if (previous === undefined) return false;
  // `ClientRequestToken` is an idempotency token; an OAuth 1 `request_token` is a credential.
  if (previous === 'request') return segments[segments.length - 3] === 'client';
  return NON_CREDENTIAL_TOKENS.has(previous);
}

/** Words of names whose values are published by design: browser-side keys, search-only keys, site keys. */
const PUBLIC_WORDS = new Set(['public', 'publishable', 'anon', 'site', 'searchonly']);

function namesPublicSegments(segments: string[]): boolean {
  if (segments.some((s) => /secret|pass|pwd|private|admin/.test(s))) return false;
  return segments.some((s, i) => PUBLIC_WORDS.has(s) || (s === 'search' && segments[i + 1] === 'only'));
}

/**
 * A name for a value that is no secret though a provider's word is in it: an identifier
 * (`SPOTIFY_CLIENT_ID`, `private_key_id`) or a key published by design (`NEXT_PUBLIC_ALGOLIA_KEY`,
 * `algoliaSearchOnlyKey`, `RECAPTCHA_SITE_KEY`, `SUPABASE_ANON_KEY`).
 */
export function namesPublicValue(name: string): boolean {
  const segments = nameSegments(name);
  const last = segments[segments.length - 1];
  return last === 'id' || last === 'ids' || namesPublicSegments(segments);
}

/**
 * Salts that sign or derive keys, set once per deployment and as secret as a key: WordPress's
 * `AUTH_SALT`, `NONCE_SALT`, `LOGGED_IN_SALT`, Flask-Security's `SECURITY_PASSWORD_SALT`,
 * `HASHIDS_SALT`. A bare `salt` is left alone: hashing code generates and stores salts in the open.
 */
function namesSecretSalt(segments: readonly string[]): boolean {
  const previous = segments[segments.length - 2];
  // `LOGGED_IN_SALT`; `SECURITY_PASSWORD_SALT`, where a user record's `password_salt` is public.
  if (previous === 'in') return segments[segments.length - 3] === 'logged';
  if (previous === 'password') return segments[segments.length - 3] === 'security';
  return previous !== undefined && SALT_QUALIFIERS.has(previous);
}

/** A salt in crypt's format (`$2b$10$` and 22 characters, `$6$` and up to 16) feeds a password hash in code. */
const CRYPT_SALT = /^\$(?:2[abxy]?\$\d{2}\$[./A-Za-z0-9]{22}|[156]\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9]{1,16}\$?)$/;

// `derivation`: Rails' Active Record encryption derives its keys from `key_derivation_salt`.
const SALT_QUALIFIERS = new Set(['auth', 'nonce', 'security', 'hashids', 'hashid', 'secret', 'session', 'cookie',
  'app', 'jwt', 'signing', 'encryption', 'derivation']);

/** Which generic rule a variable name points at, or undefined when it does not name a secret. */
export function classifySecretName(name: string): string | undefined {
  const segments = nameSegments(name);
  const last = segments[segments.length - 1];
  if (!last) return undefined;
  const previous = segments[segments.length - 2];
  const named = SECRET_SUFFIXES.some((suffix) => last.endsWith(suffix))
    || (last === 'key' && qualifiesKey(previous));
  // Rails' secret_key_base: the one common secret whose name ends in neither secret nor key.
  const railsBase = last === 'base' && previous === 'key' && segments[segments.length - 3] === 'secret';
  if (railsBase) return 'generic-secret';
  if (last === 'salt') return namesSecretSalt(segments) ? 'generic-secret' : undefined;
  if (!named || /author$|bypass$|compass$|passport$|surpass$|overpass$|tokens$/.test(last)) return undefined;
  if (last === 'token' && namesNonCredentialToken(segments)) return undefined;
  // Django's form field and cookie run the words together: `csrfmiddlewaretoken`, `csrftoken`.
  if (/^[cx]srf/.test(last)) return undefined;
  if (namesPublicSegments(segments)) return undefined;
  const joined = segments.join('_');
  if (/pass|pwd/.test(joined) || last.endsWith('pw')) return 'generic-password';
  if (last.endsWith('key')) return 'generic-api-key';
  return 'generic-secret';
}

export interface ParsedValue {
  start: number;
  end: number;
  quoted: boolean;
  /** The quoted value holds backslash escapes; the secret is its decoded form. */
  escaped?: boolean;
}

export function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

const ESCAPED_BREAKS = 'nrt';

/** Reads a value starting at `i`: a quoted string on one line, or a run up to a delimiter. */
export function readValue(text: string, i: number, xmlElement: boolean): ParsedValue | undefined {
  const first = text[i];
  if (first === '"' || first === "'" || first === '`') {
    const limit = Math.min(text.length, i + 1 + MAX_VALUE);
    let escaped = false;
    for (let j = i + 1; j < limit; j++) {
      const ch = text[j];
      if (ch === '\\') {
        escaped = true;
        j++;
      } else if (ch === '\n' || ch === '\r') {
        return undefined;
      } else if (ch === first) {
        return { start: i + 1, end: j, quoted: true, escaped };
      }
    }
    return undefined;
  }
  const limit = Math.min(text.length, i + MAX_VALUE);
  let j = i;
  if (xmlElement) {
    while (j < limit && text[j] !== '<' && text[j] !== '\n') j++;
    // Delimited by the element's tags, so as good as quoted.
    return j > i && text[j] === '<' ? { start: i, end: j, quoted: true } : undefined;
  } else {
    // A shell's `&&` ends the command, and the value with it; an escaped line break (`\\n` in a
    // source map's or a notebook's JSON) ends the line the value is on.
    while (j < limit && !endsUnquoted(text.charCodeAt(j)) && !(text[j] === '&' && text[j + 1] === '&')
      && !(text[j] === '\\' && ESCAPED_BREAKS.includes(text[j + 1]))) j++;
  }
  return j > i ? { start: i, end: j, quoted: false } : undefined;
}

// Not yet: `-p value` for tools other than mysql, which needs the tool's grammar.
const OPERATOR_START = ['=', ':', '?', '|', ','];
/** Blanks, operators, a closing quote, `>` or `<` (XML): whatever else follows a name, it has no value. */
const AFTER_NAME = [' ', '\t', '\n', '\r', '"', "'", '>', '<', '(', ...OPERATOR_START];
/** AFTER_NAME as a lookup table over ASCII. */
const FOLLOWS_NAME = new Uint8Array(128);
for (const ch of AFTER_NAME) FOLLOWS_NAME[ch.charCodeAt(0)] = 1;

/**
 * Parses what follows a name ending at `nameEnd`: `=`, `:`, `:=`, `=>`, `==`, quoted JSON/YAML
 * keys, XML elements and `key="Password" value="..."` attributes, and `--flag value`.
 */
function valueAfterName(
  text: string, nameStart: number, nameEnd: number, flag: boolean,
): ParsedValue | undefined {
  let i = nameEnd;
  const before = text[nameStart - 1];
  if ((before === '"' || before === "'") && text[i] === before) {
    i++;
    if (text[nameStart - 2] === '[' && text[i] === ']') i++; // $config['api_key'] = ..., ENV["TOKEN"] = ...
  }
  if (before === '<' && text[i] === '>') {
    const value = readValue(text, i + 1, true);
    const closing = `</${text.slice(nameStart, nameEnd)}>`;
    return value && text.startsWith(closing, value.end) ? value : undefined;
  }
  if (before === '>' && text[i] === '<') return plistValue(text, nameStart, i);

  const afterQuote = i;
  // `- name: DB_PASSWORD` and `value: ...` below it, `{"key": "client_secret", "value": "..."}`.
  const sibling = isFieldValue(text, nameStart) ? siblingValue(text, afterQuote) : undefined;
  if (sibling) return sibling;
  // `process.env.API_KEY || '...'`, `getenv("TOKEN") or "..."`: the fallback is hard-coded.
  const fallback = mayOpenFallback(text, afterQuote) ? fallbackLiteral(text, text[afterQuote] === ')'
    || text[afterQuote] === ']' ? afterQuote + 1 : afterQuote) : undefined;
  if (fallback) return fallback;
  while (isBlank(text[i])) i++;
  if (afterQuote > nameEnd && text[i] === '{') return variableDefault(text, nameStart, i);
  // Kotlin's `"client_secret" to "..."`, Scala's `"X-Api-Key" -> "..."`.
  if (afterQuote > nameEnd && i > afterQuote && (text.startsWith('to ', i) || text.startsWith('-> ', i))) {
    i = skipBlanksFrom(text, i + 2);
    return readValue(text, i, false);
  }
  // JSON and YAML keys (`"password": ...`) go on to the operators below without the element search.
  // `<property name="hibernate.connection.password">...</property>`
  if (text[i] === '>' && afterQuote > nameEnd && /name=["']$/i.test(text.slice(nameStart - 6, nameStart))) {
    const value = readValue(text, i + 1, true);
    if (value && text.startsWith('</', value.end)) return value;
  }
  if (afterQuote > nameEnd && !OPERATOR_START.includes(text[i])) {
    // .NET settings, `<setting name="DbPassword" serializeAs="String"><value>...</value>`, and
    // Spring beans, `<property name="password"><value>...</value></property>`.
    const element = settingValueElement(text, i);
    if (element) return element;
  }
  // Most names are followed by neither blanks nor an operator (`getToken(`, `tokens.map`): every
  // form below then needs one of these characters next.
  if (i === afterQuote && text[i] === '(') return setterArgument(text, nameStart, nameEnd, i);
  if (text[i] === ',' && opensTuple(text, nameStart)) return tupleSecond(text, i + 1);
  // R's `token <- "..."`.
  if (i > afterQuote && text[i] === '<' && text[i + 1] === '-') {
    return quotedAt(text, skipBlanksFrom(text, i + 2));
  }
  if (i === afterQuote && !OPERATOR_START.includes(text[i])) return undefined;
  const op = text.slice(i, i + 3);
  if (i > nameEnd && text[i] === ',' && (text[skipBlanksBack(text, nameStart - 2)] === '('
    || isGradleFieldName(text, nameStart))) {
    // setProperty("db.password", "..."), os.Setenv("TOKEN", "..."), define('API_KEY', '...')
    i++;
    while (isBlank(text[i])) i++;
    return text[i] === '"' || text[i] === "'" ? readValue(text, i, false) : undefined;
  }
  if (op === '||=' || op === '??=') i += 3;
  else if (op.startsWith(':=') || op.startsWith('=>') || op.startsWith('?=')) i += 2;
  else if (op === '===') i += 3;
  else if (op.startsWith('==')) i += 2;
  else if (op.startsWith('::')) return undefined; // C++ and Rust paths: `Pass::getAnalysis`
  else if (op[0] === '=' || op[0] === ':') i += 1;
  else if (i > afterQuote && (before === '"' || before === "'")
    && /^value[ \t]*=/i.test(text.slice(i, i + 12))) {
    i = text.indexOf('=', i) + 1;
  } else if (i > afterQuote && (flag || isQuoteAfterBlank(text, nameStart, nameEnd, i) || isDockerEnv(text, nameStart)
    || isBlankSeparatedPair(text, nameStart, i))) {
    // `--password s3cret`, SQL's `PASSWORD 'x'`, Dockerfile `ENV DB_PASSWORD s3cret`, .properties
    // `db.password s3cret`: a blank separates them.
  } else {
    return undefined;
  }
  while (isBlank(text[i])) i++;
  if (op[0] === ':' && (text[i] === '|' || text[i] === '>')) return blockScalarLine(text, nameStart, i);
  if (op[0] === ':' && op[1] !== '=') {
    // `password: string = "..."`: a type annotation sits between the name and the value.
    TYPE_ANNOTATION.lastIndex = i;
    if (TYPE_ANNOTATION.test(text)) i = TYPE_ANNOTATION.lastIndex;
  }
  if (text[i] === '=' || text[i] === '>' || text[i] === '\n') return undefined;
  if (text[i] === '@' && text[i + 1] === '"') i++; // C# verbatim string
  if (text[i] === 'b' && (text[i + 1] === '"' || text[i + 1] === "'")) i++; // Python bytes
  CONVERSION.lastIndex = i;
  if (CONVERSION.test(text)) i = CONVERSION.lastIndex;
  else if (text[i] === '(' || text[i] === '[') return pairSecond(text, i);
  return readValue(text, i, false);
}

/**
 * Conversions around a literal: `Buffer.from("...", "hex")`, Go's `[]byte("...")`, `bytes.fromhex(`,
 * `b64decode(`, `Encoding.UTF8.GetBytes(`, PowerShell's `ConvertTo-SecureString "..."`, Rust's
 * `SecretString::new(`.
 */
const CONVERSION = new RegExp('(?:new[ \\t]+)?(?:Buffer\\.from|\\[\\]byte|bytes(?:\\.fromhex)?|bytearray|' +
  '(?:base64\\.)?b64decode|(?:hex|base64\\.StdEncoding)\\.DecodeString|Base64\\.decode|' +
  'Encoding\\.(?:UTF8|ASCII|Default)\\.GetBytes|Convert\\.FromBase64String|SecretKeySpec|' +
  '(?:Secret|SecretString|SecretBox|Zeroizing)::(?:new|from)|String::from)[ \\t]*\\([ \\t]*' +
  '|ConvertTo-SecureString[ \\t]+(?:-String[ \\t]+)?', 'y');

/** A quoted string at `i`, else undefined. */
function quotedAt(text: string, i: number): ParsedValue | undefined {
  return text[i] === '"' || text[i] === "'" || text[i] === '`' ? readValue(text, i, false) : undefined;
}

/**
 * The name opens a two-element tuple, `{db_password, "..."}` in Erlang's sys.config, Elixir's
 * `{:password, "..."}`: a brace before it, past an atom's colon or a quote.
 */
function opensTuple(text: string, nameStart: number): boolean {
  let i = nameStart - 1;
  if (text[i] === ':' || text[i] === '"' || text[i] === "'") i--;
  return text[skipBlanksBack(text, i)] === '{';
}

/** The tuple's second element when it is a literal: a string or Erlang's binary `<<"...">>`. */
function tupleSecond(text: string, i: number): ParsedValue | undefined {
  i = skipBlanksFrom(text, i);
  if (text[i] === '<' && text[i + 1] === '<') i += 2;
  return quotedAt(text, i);
}

/** Android Gradle's `buildConfigField("String", "API_KEY", "\"...\"")`: the name is the second argument. */
function isGradleFieldName(text: string, nameStart: number): boolean {
  const before = text.slice(Math.max(0, nameStart - 80), nameStart);
  return /\b(?:buildConfigField|resValue)[ \t]*\([ \t]*["'][\w.]{1,40}["'][ \t]*,[ \t]*["']$/.test(before);
}

/**
 * A property list's `<key>APIPassword</key>` with its `<string>` element after it, on the same line
 * or the next, as Xcode writes Info.plist and friends.
 */
function plistValue(text: string, nameStart: number, close: number): ParsedValue | undefined {
  const opened = /<key>$/i.test(text.slice(Math.max(0, nameStart - 5), nameStart));
  if (!opened || !text.startsWith('</key>', close)) return undefined;
  const open = skipSpaceFrom(text, close + '</key>'.length);
  if (!text.startsWith('<string>', open)) return undefined;
  const value = readValue(text, open + '<string>'.length, true);
  return value && text.startsWith('</string>', value.end) ? value : undefined;
}

/** `("svc", "...")`, `['shop', '...']`: a user and a password as a pair; the second is the secret. */
function pairSecond(text: string, open: number): ParsedValue | undefined {
  const first = readValue(text, skipSpaceFrom(text, open + 1), false);
  if (!first?.quoted) return undefined;
  let i = skipSpaceFrom(text, first.end + 1);
  if (text[i] !== ',') return undefined;
  const second = readValue(text, skipSpaceFrom(text, i + 1), false);
  if (!second?.quoted) return undefined;
  i = skipSpaceFrom(text, second.end + 1);
  if (text[i] === ',') i = skipSpaceFrom(text, i + 1); // a trailing comma
  return text[i] === (text[open] === '(' ? ')' : ']') ? second : undefined;
}

/** Blanks and at most two line breaks, as a call or a tuple wrapped over lines has. */
function skipSpaceFrom(text: string, i: number): number {
  for (let breaks = 0; isBlank(text[i]) || ((text[i] === '\n' || text[i] === '\r') && breaks++ < 4); i++);
  return i;
}

/** Up to the first `default =` in a variable block, not past a nested block; bounded by the window. */
const VARIABLE_DEFAULT = /^[^{}]*?\bdefault[ \t]*=[ \t]*/;

/**
 * Terraform's `variable "db_password" { default = "..." }`: the name labels a block, and the
 * literal is its default value, a few lines below.
 */
function variableDefault(text: string, nameStart: number, open: number): ParsedValue | undefined {
  if (!/(?:^|\s)variable[ \t]+"$/.test(text.slice(Math.max(0, nameStart - 12), nameStart))) return undefined;
  const m = VARIABLE_DEFAULT.exec(text.slice(open + 1, open + 1 + 4 * MAX_NAME));
  if (!m) return undefined;
  const value = readValue(text, open + 1 + m[0].length, false);
  return value?.quoted ? value : undefined;
}

/**
 * Setters and builders given a literal: `setPassword("...")`, `.withApiKey("...")`, `.clientSecret("...")`;
 * also a credential type built from one, `OAuth2BearerToken("...")`, `new AzureKeyCredential("...")`.
 */
function setterArgument(text: string, nameStart: number, nameEnd: number, open: number): ParsedValue | undefined {
  // Only a literal argument counts; most calls (`getToken(scope)`, `hasSecret(x)`) have none.
  const quote = text[skipSpaceFrom(text, open + 1)];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  const name = text.slice(nameStart, nameEnd);
  const dot = name.lastIndexOf('.');
  const ownName = name.slice(dot + 1); // `config.setPassword`: the method's own name
  const segments = nameSegments(ownName);
  const verb = segments[0];
  const builder = (dot !== -1 || text[nameStart - 1] === '.') && !SETTER_EXCLUDED_VERBS.has(verb) && segments.length <= 3;
  // A type's name (capitalised, as Java, C#, Kotlin and Scala write them) whose only argument is the literal.
  const constructor = /^[A-Z]/.test(ownName) && !SETTER_EXCLUDED_VERBS.has(verb);
  if (!builder && !constructor && verb !== 'set' && verb !== 'with') return undefined;
  const value = readValue(text, skipSpaceFrom(text, open + 1), false);
  return value?.quoted && text[skipSpaceFrom(text, value.end + 1)] === ')' ? value : undefined;
}

/** Builder methods named by a verb read or check a secret rather than set it. */
const SETTER_EXCLUDED_VERBS = new Set(['get', 'read', 'load', 'fetch', 'find', 'check', 'validate', 'verify',
  'hash', 'encrypt', 'decrypt', 'is', 'has', 'create', 'generate', 'new', 'reset', 'update', 'rotate', 'revoke',
  'delete', 'remove', 'refresh', 'parse', 'sign', 'mask', 'redact', 'compare', 'matches', 'to', 'from']);

export function skipBlanksFrom(text: string, i: number): number {
  while (isBlank(text[i])) i++;
  return i;
}

function skipBlanksBack(text: string, i: number): number {
  while (isBlank(text[i])) i--;
  return i;
}

/** Whether `??`, `||` or `or` can follow (after a closing bracket and blanks): most names have none. */
function mayOpenFallback(text: string, i: number): boolean {
  if (text[i] === ')' || text[i] === ']') i++;
  while (isBlank(text[i])) i++;
  const ch = text[i];
  return ch === '?' || ch === '|' || ch === 'o';
}

/** The name is itself the value of a `name` or `key` field: `- name: DB_PASSWORD`, `"key": "token"`. */
function isFieldValue(text: string, nameStart: number): boolean {
  let i = nameStart - 1;
  if (text[i] === '"' || text[i] === "'") i--;
  while (isBlank(text[i])) i--;
  if (text[i] !== ':' && text[i] !== '=') return false;
  i--;
  while (isBlank(text[i])) i--;
  if (text[i] === '"' || text[i] === "'") i--;
  const field = text[i] === 'e' || text[i] === 'E' ? 4 : text[i] === 'y' || text[i] === 'Y' ? 3 : 0;
  if (field === 0 || !/^(?:name|key)$/i.test(text.slice(i + 1 - field, i + 1))) return false;
  return i + 1 - field === 0 || !isWordChar(text.charCodeAt(i - field));
}

/** The `value` field beside a name field: on the same line after a comma, or on the next line. */
const SIBLING_VALUE = /["']?[ \t]*(?:,[ \t]*(?:\r?\n[ \t]*)?|\r?\n[ \t]*(?:- )?)["']?[vV]alue["']?[ \t]*[:=][ \t]*/y;

function siblingValue(text: string, afterName: number): ParsedValue | undefined {
  SIBLING_VALUE.lastIndex = afterName;
  if (!SIBLING_VALUE.test(text)) return undefined;
  return readValue(text, SIBLING_VALUE.lastIndex, false);
}

/**
 * Hex is how many services issue tokens (Twilio, Rollbar, bot tokens); cursors, CSRF tokens and
 * nonces are hex too but are not credentials.
 */
function isHexTokenName(ruleId: string, name: string): boolean {
  return ruleId === 'generic-secret' && /token$/i.test(name)
    && !/csrf|xsrf|page|next|cursor|sync|continuation|nonce|etag|state|hash|digest|checksum/i.test(name);
}

// `Type`, `Map<K, V>`, `string[]`, `string | undefined`; bounded, and `|` separates the alternatives.
// Rust's `&str`, `&'static str`, `&mut T`, `&[u8]` and `[u8; 32]` too. The `=` must lead somewhere: a
// base64 value's padding (`key: QUJD...=` at the end of a line) is not an annotation. Code puts a blank
// before that `=`; a value with `=` inside (`adminPassword: $8Xh1c=f1a` in YAML) has none.
const TYPE_ANNOTATION = new RegExp("(?:&(?:'[a-z_]{1,20}[ \\t]{1,4})?(?:mut[ \\t]{1,4})?)?" +
  '(?:[A-Za-z_$][\\w$.]{0,60}(?:<[\\w$., ]{0,60}>)?|\\[[\\w; ]{1,24}\\])(?:\\[\\])?\\??' +
  '(?:[ \\t]*\\|[ \\t]*[A-Za-z_$][\\w$.]{0,60}(?:\\[\\])?){0,3}[ \\t]+=(?![=>\\r\\n]|$)[ \\t]*', 'y');

/** `ENV NAME value` at the start of a line; looks back a few characters only, so long lines stay linear. */
function isDockerEnv(text: string, nameStart: number): boolean {
  if (!isBlank(text[nameStart - 1])) return false;
  // The instruction's last letter before the blanks, as most names have none. Only the 16
  // characters the pattern below reads are looked at: a long run of blanks costs no more.
  const from = Math.max(0, nameStart - 16);
  let i = nameStart - 1;
  while (i >= from && isBlank(text[i])) i--;
  if (text[i] !== 'V' && text[i] !== 'G') return false;
  const before = text.slice(from, nameStart);
  const newline = before.lastIndexOf('\n');
  if (newline === -1 && from > 0) return false;
  return /^[ \t]*(?:ENV|ARG)[ \t]+$/.test(before.slice(newline + 1));
}

/** Where the line holding `at` starts, looking back at most `limit` characters (-1 beyond). */
function lineStartWithin(text: string, at: number, limit: number): number {
  const from = Math.max(0, at - limit);
  for (let i = at - 1; i >= from; i--) if (text[i] === '\n' || text[i] === '\r') return i + 1;
  return from === 0 ? 0 : -1;
}

/**
 * SQL's `PASSWORD 'x'` and `--password "x"` (flags are handled apart): a quote after the blank.
 * Not the verb in prose and docstrings: `you can pass "inline=False"`.
 */
function isQuoteAfterBlank(text: string, nameStart: number, nameEnd: number, i: number): boolean {
  if (text[i] !== '"' && text[i] !== "'") return false;
  return nameEnd - nameStart !== 4 || !text.startsWith('pass', nameStart);
}

/**
 * `.properties` `key value`: a dotted or snake_case name opens its line (after indentation) and
 * one blank-free run follows it to the line's end. Prose (`password reset link sent`, a line
 * wrapped after `OAuth2 credentials.`) has single-word names, more words or closing punctuation.
 */
function isBlankSeparatedPair(text: string, nameStart: number, valueStart: number): boolean {
  const lineStart = lineStartWithin(text, nameStart, 16);
  if (lineStart === -1) return false;
  for (let k = lineStart; k < nameStart; k++) if (!isBlank(text[k])) return false;
  let separated = false;
  for (let k = nameStart; k < valueStart && !separated; k++) {
    const c = text.charCodeAt(k);
    separated = c === 46 || c === 95 || c === 45;
  }
  if (!separated) return false;
  const limit = Math.min(text.length, valueStart + MAX_VALUE);
  let j = valueStart;
  while (j < limit && text[j] !== '\n' && text[j] !== '\r' && !isBlank(text[j])) j++;
  if (j === valueStart || '.,:;!?'.includes(text[j - 1])) return false;
  while (j < limit && isBlank(text[j])) j++;
  return j >= text.length || text[j] === '\n' || text[j] === '\r';
}

/**
 * YAML block scalars (`password: |`, `key: >-`): the value is the next line, indented deeper than
 * the key, and delimited by its line as a quoted string is by its quotes.
 */
function blockScalarLine(text: string, nameStart: number, indicator: number): ParsedValue | undefined {
  let i = indicator + 1;
  for (let k = 0; k < 2 && (text[i] === '-' || text[i] === '+' || isDigitChar(text[i])); k++) i++;
  while (isBlank(text[i])) i++;
  if (text[i] === '\r') i++;
  if (text[i] !== '\n') return undefined;
  const keyLineStart = lineStartWithin(text, nameStart, MAX_NAME);
  if (keyLineStart === -1) return undefined;
  let keyIndent = 0;
  while (isBlank(text[keyLineStart + keyIndent])) keyIndent++;
  const lineStart = i + 1;
  let start = lineStart;
  while (start < text.length && start - lineStart <= MAX_NAME && isBlank(text[start])) start++;
  if (start - lineStart <= keyIndent || isAssignmentLine(text, start)) return undefined;
  const limit = Math.min(text.length, start + MAX_VALUE);
  let end = start;
  while (end < limit && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > start && isBlank(text[end - 1])) end--;
  return end > start ? { start, end, quoted: true } : undefined;
}

/**
 * The `<value>` element after a quoted name in a settings element, on its line or the next:
 * `...Password" serializeAs="String"><value>s3cret</value>`.
 */
function settingValueElement(text: string, from: number): ParsedValue | undefined {
  const window = text.slice(from, from + 2 * MAX_NAME);
  const open = window.indexOf('<value>');
  // The rest of the element's attributes, then `<value>` there or on the next line (as Visual
  // Studio writes settings files).
  if (open === -1 || !/^[^<>\r\n]*>[ \t]*(?:\r?\n[ \t]*)?$/.test(window.slice(0, open))) return undefined;
  const start = from + open + '<value>'.length;
  const value = readValue(text, start, true);
  return value && text.startsWith('</value>', value.end) ? value : undefined;
}

/**
 * `name=value` or `name: value` at `start`: a block scalar whose line is an assignment holds
 * text of its own (an embedded .env or config), searched for names like any other line.
 */
function isAssignmentLine(text: string, start: number): boolean {
  const limit = Math.min(text.length, start + MAX_NAME);
  let i = start;
  while (i < limit && isNameChar(text.charCodeAt(i))) i++;
  if (i === start) return false;
  while (isBlank(text[i])) i++;
  const next = text[i + 1];
  // `KEY=value`, not base64's `=` padding at the end of a value.
  if (text[i] === '=') return next !== undefined && next !== '=' && next !== '\n' && next !== '\r';
  return text[i] === ':' && (next === undefined || isBlank(next) || next === '\n' || next === '\r');
}

function isDigitChar(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

const PASS_PHRASE_SOURCE = /^(?:env|file|fd):/;

/**
 * Where a flag's value starts, after openssl's `pass:` (`-pass pass:x`); undefined for its `env:`,
 * `file:` and `fd:`, which name where the password is read from.
 */
function passPhraseStart(text: string, start: number): number | undefined {
  if (text.startsWith('pass:', start)) return start + 5;
  return PASS_PHRASE_SOURCE.test(text.slice(start, start + 5)) ? undefined : start;
}

/** `process.env.X ?? "..."`, `ENV['X'] || '...'`, `getenv("X") or "..."`: the literal after the fallback operator. */
const FALLBACK = /[ \t]*(?:\?\?|\?:|\|\||or\b)[ \t]*(?=["'`])/y;

/** The generic heuristics a candidate value must pass before it counts as a secret. */
export function isPlausibleSecretValue(
  value: string, restOfLine: string, ruleId: string, name: string, shape: SecretShapeThresholds,
): boolean {
  if (value.length < shape.minLength || /\s/.test(value)) return false;
  if (isTemplateOrReference(restOfLine) || isTemplateOrReference(value) || hasFormatPlaceholder(value)) return false;
  if (isPlaceholder(value) || isRedacted(value) || isDocumentationExample(value)) return false;
  if (isUuid(value) || isDataUri(value) || isIdentifier(value) || isVersionString(value)) return false;
  if (isFilePath(value) || isUrlWithoutCredentials(value) || /^[a-z][\w+.-]*:\/\//i.test(value)) return false;
  if (/^(?:arn|urn):[\w-]+:/i.test(value)) return false; // resource names such as an ARN
  if (isPublicKeyMaterial(value) || isPublishableKey(value)) return false;
  if (isPasswordHash(value) || isRegexPattern(value) || isRegexGroup(value) || looksLikeCode(value)) return false;
  if (echoesName(value, name)) return false;
  if (value.startsWith('eyJ') && isPublicOrSampleJwt(value)) return false;
  // Named pass/secret/key, hex is a generated key (`openssl rand -hex 32`); named token, it may be a digest.
  // A name that classifies as a key (`hmac_key`, `masterKey`, `encryption.key`) names a key, never a digest.
  if (isHexDigest(value) && ruleId !== 'generic-api-key' && !STRONG_NAME.test(name.toLowerCase())
    && !isHexTokenName(ruleId, name)) return false;
  return looksRandomEnough(value, shape);
}

/** Letters and digits, lower case: `SN_setct_PANToken` and `setct-PANToken` spell the same. */
const spelled = (text: string) => text.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/**
 * A value that spells part of its own name is a label (`#define SN_setct_PANToken "setct-PANToken"`,
 * `AUTH_TOKEN_KEY = "auth_token"`): a generated secret never repeats the name it is stored under.
 */
function echoesName(value: string, name: string): boolean {
  const letters = spelled(value);
  return letters.length >= 6 && spelled(name).includes(letters);
}

/** `name: Type = ...`, `key: getKey()`, `token: A | B`: what follows shows it is code, not a value. */
function isExpressionTail(text: string, end: number): boolean {
  let i = end;
  while (isBlank(text[i])) i++;
  const ch = text[i];
  return (ch === '=' && text[i + 1] !== '=') || ch === '(' || ch === '<' || ch === '|' || ch === '[';
}

// Names repeat a lot within a file and across keystrokes; classifying each once saves most work.
const nameClassCache = new Map<string, string | null>();

function classifyCached(name: string): string | undefined {
  let cached = nameClassCache.get(name);
  if (cached === undefined) {
    if (nameClassCache.size > 20_000) nameClassCache.clear();
    cached = classifySecretName(name) ?? null;
    // A flat copy: `name` is a slice of the scanned text and would keep the whole file alive in the cache.
    nameClassCache.set(` ${name}`.slice(1), cached);
  }
  return cached ?? undefined;
}

const CONNECTION_STRING_END = [';', '"', "'", String.fromCharCode(10), String.fromCharCode(13)];

/** In `...;Password=a&b;...` only `;`, a quote or the line's end closes the value. */
function connectionStringValueEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_VALUE);
  let i = start;
  while (i < limit && !CONNECTION_STRING_END.includes(text[i])) i++;
  return i;
}

/** Another keyword of a libpq conninfo string (`host=db user=app password=x dbname=app`). */
const CONNINFO_KEYWORD = /(?:^|[\s"'])(?:host|hostaddr|user|dbname|port|sslmode)=[^\s"'=]/;

/**
 * `password=x` as one of the blank-separated pairs of a libpq conninfo string, which code passes
 * to psycopg2, pgx or libpq inside a string literal, so the value itself has no quotes of its own.
 */
function isConninfoPassword(text: string, nameStart: number, nameEnd: number): boolean {
  if (nameEnd - nameStart !== 8 || text[nameEnd] !== '=' || !isBlank(text[nameStart - 1])) return false;
  if (text.slice(nameStart, nameEnd).toLowerCase() !== 'password') return false;
  const before = text.slice(Math.max(0, nameStart - 200), nameStart);
  const after = text.slice(nameEnd, nameEnd + 200);
  return CONNINFO_KEYWORD.test(before.slice(before.lastIndexOf('\n') + 1))
    || CONNINFO_KEYWORD.test(after.split('\n', 1)[0]);
}

/** In `?api_key=x&page=2` the next parameter ends the value (a `#` may be the password's own). */
function queryValueEnd(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text[i] === '&') return i;
  return end;
}

function fallbackLiteral(text: string, end: number): ParsedValue | undefined {
  FALLBACK.lastIndex = end;
  if (!FALLBACK.test(text)) return undefined;
  const literal = readValue(text, FALLBACK.lastIndex, false);
  return literal?.quoted ? literal : undefined;
}

/**
 * The same hits from the engine's keyword pass, in the order NAME_HIT would find them: by start,
 * then by alternative (the detector's keywords are NAME_HIT's alternatives in its order). Each
 * keyword's ends are sorted already, so the lists are merged as they are read.
 */
class RecordedNameHits {
  /** Per keyword that occurs: its alternative, its length, its ends and how far they are read. */
  private readonly lists: { alternative: number; length: number; ends: readonly number[]; read: number }[] = [];
  start = 0;
  end = 0;

  constructor(keywordEnds: readonly (readonly number[] | undefined)[]) {
    keywordEnds.forEach((ends, alternative) => {
      if (ends && ends.length > 0) {
        this.lists.push({ alternative, length: ASSIGNMENT_KEYWORDS[alternative].length, ends, read: 0 });
      }
    });
  }

  /** Moves to the first hit starting at or after `from`; false when there is none. */
  next(from: number): boolean {
    let best = -1;
    for (const list of this.lists) {
      const { ends, length } = list;
      while (list.read < ends.length && ends[list.read] - length < from) list.read++;
      if (list.read === ends.length) continue;
      const start = ends[list.read] - length;
      // Lists are in alternative order, so on equal starts the earlier alternative stays.
      if (best === -1 || start < this.start) {
        best = list.alternative;
        this.start = start;
        this.end = start + length;
      }
    }
    return best !== -1;
  }
}

/**
 * Where a quoted .NET configuration path holding the name starts (`"Smtp:Password": ...`, as
 * user secrets and Azure app settings write section and key together); `nameStart` otherwise.
 * The quotes must hold the path alone: `"urn:ietf:params:oauth:grant-type"` is a value.
 */
function configurationPathStart(text: string, nameStart: number, nameEnd: number, leftLimit: number): number {
  let i = nameStart;
  while (i > leftLimit + 1 && text[i - 1] === ':' && isNameChar(text.charCodeAt(i - 2))) {
    i--;
    while (i > leftLimit && isNameChar(text.charCodeAt(i - 1))) i--;
  }
  const quote = text[i - 1];
  return i < nameStart && (quote === '"' || quote === "'") && text[nameEnd] === quote ? i : nameStart;
}

/** Where `keyword` ends in `lower`, for callers other than the engine (its keyword pass records these). */
function endsOf(lower: string, keyword: string): number[] {
  const ends: number[] = [];
  for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) {
    ends.push(at + keyword.length);
  }
  return ends;
}

/** The shortest value any shape accepts: shorter ones are dropped before the name is classified. */
export const MIN_VALUE_LENGTH = Math.min(PASSWORD_SHAPE.minLength, GENERATED_SECRET_SHAPE.minLength,
  STRONG_SECRET_SHAPE.minLength);

/**
 * What the last word of a secret's name ends in, for classifySecretName to say so (lower case),
 * by the code of their last letter.
 */
const NAME_ENDINGS = new Map<number, string[]>();
for (const ending of new Set([...SECRET_SUFFIXES.filter((suffix) => !suffix.endsWith('key')), 'key', 'base', 'salt'])) {
  const last = ending.charCodeAt(ending.length - 1);
  NAME_ENDINGS.set(last, [...(NAME_ENDINGS.get(last) ?? []), ending]);
}

/**
 * False when classifySecretName cannot name a secret here: after trailing digits and separators,
 * the name ends in none of NAME_ENDINGS. Reads the text in place, so most hits cost no allocation.
 */
function mayNameSecret(text: string, nameStart: number, nameEnd: number): boolean {
  let end = nameEnd;
  for (let c = text.charCodeAt(end - 1); end > nameStart && (isDigit(c) || c === 46 || c === 95 || c === 45);
    c = text.charCodeAt(end - 1)) end--;
  for (const ending of NAME_ENDINGS.get(foldedCode(text, end - 1)) ?? []) {
    const from = end - ending.length;
    if (from < nameStart) continue;
    let k = 0;
    while (k < ending.length && foldedCode(text, from + k) === ending.charCodeAt(k)) k++;
    if (k === ending.length) return true;
  }
  return false;
}

/**
 * The lower-case code of a name's character, as the keyword pass sees it: the Kelvin sign and
 * U+0130 lower-case to `k` and `i`, and a name may hold them where a keyword matched.
 */
function foldedCode(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c < 128) return c | 0x20;
  return c === 0x212a ? 107 : c === 0x130 ? 105 : c;
}

/** A driver's name as ODBC braces it, words and blanks (`{PostgreSQL Unicode(x64)}`), not code's `{}`. */
const BRACED_ODBC_VALUE = /^[\w.+()-]{1,40}(?: [\w.+()-]{1,40}){1,8}$/;
/** An interpolated or formatted part of a string: a name, a property path or an index. */
const INTERPOLATED = /^[\w.]{1,60}$/;
/** How far back a string literal holding a connection string or a query is looked for. */
const STRING_OPENING_REACH = 256;
/** Characters of a URL up to its query (RFC 3986's unreserved, sub-delims, `:`, `/`, `@`, `%`, `?`). */
const URL_CHAR = /[\w.~!$&'*+,;=:@%/?-]/;

/**
 * In program source a connection string or a query is a string literal's content, or a URL's
 * query in a comment or a docstring. Going back from its `;`, `?` or `&`, either a URL runs back to
 * a scheme or a path (`https://host/login?token=`, `/v1?a=1&token=`), or a quote (or the start of a
 * decoded string) comes before any bracket or line break, with an earlier `key=value` between
 * (`"Server=db;Password=`). Minified code's `{};x.token=` and `y?this.token=` are statements and a
 * condition.
 */
function delimitedInString(text: string, at: number): boolean {
  const limit = Math.max(0, at - STRING_OPENING_REACH);
  if (text[at] !== ';' && text[at - 1] !== '&') {
    let i = at - 1;
    while (i >= limit && URL_CHAR.test(text[i])) i--;
    const url = text.slice(i + 1, at);
    if (url.includes('://') || url.startsWith('/')) return text[at] === '?' || url.includes('?');
  }
  let i = at - 1;
  for (; i >= limit; i--) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') break;
    // ODBC braces a value that holds blanks: `Driver={ODBC Driver 18 for SQL Server};`. An
    // interpolated or formatted part (`$"Server={host};`, `${host}`, `{0}`) stands for a value too.
    if (c === '}') {
      let open = i - 1;
      while (open > limit && !'{}"\'`\n\r'.includes(text[open])) open--;
      const inside = text.slice(open + 1, i);
      const braced = open > limit && text[open] === '{' && (text[open - 1] === '='
        ? BRACED_ODBC_VALUE.test(inside) || INTERPOLATED.test(inside)
        : text[open - 1] === '$' && INTERPOLATED.test(inside));
      if (braced) {
        i = open;
        continue;
      }
    }
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === '[' || c === ']' || c === '\n' || c === '\r') {
      return false;
    }
  }
  // The start of the text opens it when the text is a decoded string's content.
  if (i < limit && limit > 0) return false;
  const between = text.slice(i + 1, at);
  // `"Server=" + host + ";Password=`: a string that starts with the `;` goes on from a concatenation.
  if (between === '' && text[at] === ';' && i > limit) {
    let j = i - 1;
    while (j > limit && isBlank(text[j])) j--;
    if (text[j] === '+' || text[j] === '.' || text[j] === '&') return true;
  }
  return text[at] === '?' ? between === '' : between.includes('=') && text[at - 1] !== '&';
}

/**
 * The value assigned to the name, with the delimiters of a connection string or query, or a
 * fallback literal in program source; `resume` is where the search goes on, never past the end
 * of the name's line (only a YAML block scalar's value lies beyond it).
 */
function assignedValue(
  text: string, nameStart: number, nameEnd: number, flag: boolean, unquotedValues: boolean,
): { value?: ParsedValue; resume: number } {
  let value = valueAfterName(text, nameStart, nameEnd, flag);
  if (!value) return { resume: nameEnd };
  // A block scalar's line below is searched on its own too, whatever the verdict on this value.
  for (let i = nameEnd; i < value.start; i++) if (text.charCodeAt(i) === 10) return { value, resume: i };
  if (!value.quoted) {
    // Inside a connection string or a query (`;Password=x;`, `?api_key=x&`) the delimiters quote it.
    if (nameStart > 0 && ';?&'.includes(text[nameStart - 1])
      && (unquotedValues || delimitedInString(text, nameStart - 1))) {
      value.quoted = true;
      if (text[nameStart - 1] === ';') value.end = connectionStringValueEnd(text, value.start);
      else value.end = queryValueEnd(text, value.start, value.end);
    } else if (isConninfoPassword(text, nameStart, nameEnd)) {
      // Blanks delimit a libpq conninfo's values as `;` does a connection string's.
      value.quoted = true;
    }
    else if (!unquotedValues) value = fallbackLiteral(text, value.end) ?? value;
  }
  if (value.escaped && value.end - value.start > 4 && text.startsWith('\\"', value.start)
    && text.startsWith('\\"', value.end - 2)) {
    // `"\"...\""`: a string literal written inside one (Gradle's buildConfigField, C defines).
    value = { start: value.start + 2, end: value.end - 2, quoted: true };
  }
  // In an unquoted value an `&` may join query parameters, whose names are searched after it.
  const end = value.quoted ? value.end : queryValueEnd(text, value.start, value.end);
  return { value, resume: Math.max(nameEnd, end) };
}

const CODE_AFTER_STRING = ',;)]}+.';
/** A control character other than tab and line breaks within [start, end). */
function hasControlCharacter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}
/** What follows a value's closing quote: the line's end, a blank, or a delimiter of code or data. */
const VALUE_END_AFTER_QUOTE = /^(?:$|[\s,;)\]}])/;
const URN_BEFORE = /\burn:(?:[\w.-]+:)*$/i;

function findAssignments({ text, mode, unquotedValues, keywordEnds, providerFor }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  const lower = keywordEnds ? '' : lowerCaseSameLength(text);
  const hits = new RecordedNameHits(
    keywordEnds ?? ASSIGNMENT_KEYWORDS.map((keyword) => endsOf(lower, keyword)),
  );
  let resumeAt = 0;
  // A name that names no secret still owns the value after it on its line, where the search must
  // not look for names (a block scalar's lines below are searched: they hold text of their own).
  // So that value is parsed only when another hit follows on the same line.
  let unparsed: { nameStart: number; nameEnd: number; flag: boolean } | undefined;
  // The end of the line of the latest name that names no secret: hits come in order, so each
  // line is searched for its end once.
  let lineEnd = -1;
  while (hits.next(resumeAt)) {
    if (unparsed) {
      const { nameStart, nameEnd, flag } = unparsed;
      unparsed = undefined;
      if (hits.start < lineEnd) {
        resumeAt = Math.max(resumeAt, assignedValue(text, nameStart, nameEnd, flag, unquotedValues).resume);
        if (hits.start < resumeAt) continue;
      }
    }
    let nameStart = hits.start;
    let nameEnd = hits.end;
    const rightLimit = Math.min(text.length, nameEnd + MAX_NAME);
    while (nameEnd < rightLimit && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
    resumeAt = nameEnd;
    // What valueAfterName accepts after a name starts with one of these; most hits stop here.
    const next = text.charCodeAt(nameEnd);
    if (!(next < 128 && FOLLOWS_NAME[next] === 1)) continue;
    const leftLimit = Math.max(0, nameStart - MAX_NAME);
    while (nameStart > leftLimit && isNameChar(text.charCodeAt(nameStart - 1))) nameStart--;
    nameStart = configurationPathStart(text, nameStart, nameEnd, leftLimit);

    // A call or a line's end ends most names: only a literal argument (`setPassword("...")`) or
    // a `name:` field with its `value:` below (`- name: DB_PASSWORD`) can follow those.
    const after = text[nameEnd];
    if (after === '(' ? !'"\'`'.includes(text[skipSpaceFrom(text, nameEnd + 1)])
      : (after === '\n' || after === '\r') && !isFieldValue(text, nameStart)) continue;
    // A URN's part names a kind of thing: `urn:ietf:params:oauth:token-type:jwt`.
    if (text[nameStart - 1] === ':' && URN_BEFORE.test(text.slice(Math.max(0, nameStart - 64), nameStart))) continue;
    // Helm's `checksum/secret: <sha256>` annotation names what the digest was taken of.
    if (text[nameStart - 1] === '/' && /checksum\/$/i.test(text.slice(Math.max(0, nameStart - 9), nameStart))) continue;
    let flag = false;
    while (text.charCodeAt(nameStart) === 45 && nameStart < nameEnd) {
      nameStart++;
      flag = true;
    }
    if (!mayNameSecret(text, nameStart, nameEnd)) {
      if (lineEnd < nameEnd) {
        lineEnd = text.indexOf('\n', nameEnd);
        if (lineEnd === -1) lineEnd = text.length;
      }
      unparsed = { nameStart, nameEnd, flag };
      continue;
    }
    const assigned = assignedValue(text, nameStart, nameEnd, flag, unquotedValues);
    // Continue after the value whatever the verdict, so each character is read a bounded number of times.
    resumeAt = assigned.resume;
    const value = assigned.value;
    if (!value) continue;
    // `"Unexpected token =",next:"..."` took the quote closing the name's own string for a value's
    // opening; the "value" then ends where the next string opens, so text, not an end, follows it.
    // A password may start with the same punctuation (`password = "+Kq7..."`): after it comes an end.
    if (value.quoted && CODE_AFTER_STRING.includes(text[value.start]) && '"\'`'.includes(text[value.start - 1])
      && !VALUE_END_AFTER_QUOTE.test(text[value.end + 1] ?? '')) continue;
    const bareValueAllowed = mode !== 'strong' && unquotedValues && !isExpressionTail(text, value.end);
    if (!value.quoted && !bareValueAllowed) continue;
    // Escapes only shorten a value, so one too short as written is too short decoded.
    if (value.end - value.start < MIN_VALUE_LENGTH) continue;
    // Control characters as written are a binary file's bytes (an Illustrator `.ai`), never a typed
    // secret; written as escapes (`b'\x05\xfc...'`) they may well be a key.
    if (hasControlCharacter(text, value.start, value.end)) continue;
    const name = text.slice(nameStart, nameEnd);
    const start = flag ? passPhraseStart(text, value.start) : value.start;
    if (start === undefined) continue;
    const secret = value.escaped ? decodeEscapes(text, start, value.end).value : text.slice(start, value.end);
    const candidate = namedSecret({ text, mode, providerFor }, name, secret, start, value.end, nameStart);
    if (candidate) out.push(candidate);
  }
  return out;
}

const BARE_CREDENTIAL_NAME =
  /^(?:api[-_.]?key|api[-_.]?token|access[-_.]?token|auth[-_.]?token|token|secret|secret[-_.]?key|password)$/i;

/**
 * The finding for a value assigned to `name` (its text at [start, end), `secret` once decoded),
 * if the name and the value make it one: a provider's credential under the provider's name, or
 * a generic secret that passes the value checks.
 */
export function namedSecret(
  { text, mode, providerFor }: Pick<DetectorInput, 'text' | 'mode' | 'providerFor'>, name: string, secret: string,
  start: number, end: number, nameStart?: number,
): Candidate | undefined {
  let provider = namesPublicValue(name) ? undefined : providerFor?.(name, secret);
  // A name that says only what kind of credential it is takes the provider from its section:
  // `snyk:` then `  token: <uuid>`, `"Datadog": { "ApiKey": ... }`, `[heroku]` then `api_key = ...`.
  if (!provider && providerFor && nameStart !== undefined && BARE_CREDENTIAL_NAME.test(name)) {
    const section = sectionAbove(text, nameStart);
    if (section !== undefined) provider = providerFor(`${section}.${name}`, secret);
  }
  if (provider) return { ruleId: provider, start, end, secret };
  const ruleId = classifyCached(name);
  if (!ruleId) return undefined;
  if (CRYPT_SALT.test(secret) && /salt$/i.test(name)) return undefined;
  if (ruleId === 'generic-api-key' && namesServiceOnly(name) && !looksIssued(secret)) return undefined;
  const window = text.slice(start, start + 200);
  const newline = window.indexOf('\n');
  const rest = newline === -1 ? window : window.slice(0, newline);
  const shape = mode === 'strong' ? STRONG_SECRET_SHAPE : ruleId === 'generic-password' ? PASSWORD_SHAPE
    : GENERATED_SECRET_SHAPE;
  if (!isPlausibleSecretValue(secret, rest, ruleId, name, shape)) return undefined;
  if (isSealedValue(text, secret)) return undefined;
  return { ruleId, start, end, secret };
}

/**
 * Bitnami SealedSecrets' `encryptedData`: ciphertext only the cluster can open, meant to be
 * committed. Its values open with `Ag` (the format's version bytes) and run for hundreds of characters.
 */
function isSealedValue(text: string, value: string): boolean {
  return value.length >= 200 && value.startsWith('Ag') && text.includes('SealedSecret');
}

function findCurlUserPasswords({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matchesAtKeyword(CURL_USER_AT, 'curl'.length, text, keywordEnds?.[0])) {
    const user = m.groups?.user ?? '';
    const secret = m.groups?.secret ?? '';
    if (secret === user || isTemplateOrReference(user + secret) || /^[$%<{]/.test(secret)) continue;
    if (!isPlausibleSecretValue(secret, secret, 'generic-password', 'password', { ...PASSWORD_SHAPE, minLength: 6 })) {
      continue;
    }
    const start = groupStart(m, 'secret');
    out.push({ ruleId: 'authorization-basic', start, end: start + secret.length, secret });
  }
  return out;
}

function findTokenSchemeHeaders({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  for (const m of matchesAtKeyword(TOKEN_SCHEME_AT, 'authorization'.length, text, keywordEnds?.[0])) {
    const secret = m.groups?.secret ?? '';
    if (isPlaceholder(secret) || isIdentifier(secret) || isDocumentationExample(secret) || isRedacted(secret)) continue;
    if (!looksRandomEnough(secret, GENERATED_SECRET_SHAPE)) continue;
    const start = groupStart(m, 'secret');
    out.push({ ruleId: 'generic-secret', start, end: start + secret.length, secret });
  }
  return out;
}

/** What ends a Go DSN's password, read backwards from its `@`. */
const GO_DSN_PASSWORD_END = /[\s:@/"'`]/;

/**
 * Where a Go DSN ending in the `@` at `at` would start: the name run before the nearest `:`
 * before it (the password holds no `:`); -1 where there is none. GO_MYSQL_DSN_AT then decides
 * whether it is one.
 */
function goDsnStart(text: string, at: number): number {
  let colon = at - 1;
  while (colon >= 0 && at - colon <= GO_DSN_MAX_PASSWORD + 1 && !GO_DSN_PASSWORD_END.test(text[colon])) colon--;
  if (text[colon] !== ':') return -1;
  let start = colon;
  while (start > 0 && colon - start < GO_DSN_MAX_NAME && isNameChar(text.charCodeAt(start - 1))) start--;
  return start;
}

function mergeSorted(...lists: (readonly number[])[]): number[] {
  return lists.reduce<number[]>((merged, list) => mergeTwo(merged, list), []);
}

function mergeTwo(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j === b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++]);
  return out;
}

/**
 * SQL `IDENTIFIED BY`, `mysql -p` and Go DSNs, each only where its keyword occurs: every match
 * starts at its keyword, or (a Go DSN) ends at it, so the patterns are tried there instead of
 * over the whole text.
 */
function findSqlAndCliPasswords({ text, keywordEnds }: DetectorInput): Candidate[] {
  const matches = [
    ...matchesAtKeyword(SQL_IDENTIFIED_BY_AT, 'identified'.length, text, keywordEnds?.[0]),
    ...matchesAtKeyword(MYSQL_PASSWORD_FLAG_AT, 'mysql'.length, text, keywordEnds?.[1]),
  ];
  const dsnAts = mergeSorted((keywordEnds?.[2] ?? []).map((end) => end - '@tcp('.length),
    (keywordEnds?.[3] ?? []).map((end) => end - '@unix('.length));
  matches.push(...matchesAt(GO_MYSQL_DSN_AT, text, dsnAts.map((at) => goDsnStart(text, at))));
  const out: Candidate[] = [];
  for (const m of matches) {
    const secret = m.groups?.secret ?? '';
    if (secret.startsWith('*') || !isPlausibleSecretValue(secret, secret, 'generic-password', 'password',
      { ...PASSWORD_SHAPE, minLength: 6 })) continue;
    const start = groupStart(m, 'secret');
    out.push({ ruleId: 'generic-password', start, end: start + secret.length, secret });
  }
  return out;
}

const ALL_MODES: readonly ScanMode[] = ['full', 'strong', 'lockfile'];

export const GENERIC_DETECTORS: readonly GenericDetector[] = [
  { keywords: ['private key'], modes: ALL_MODES, find: findPrivateKeys },
  { keywords: [ENCODED_PEM_START.toLowerCase()], modes: ALL_MODES, wantsKeywordEnds: true, find: findEncodedPrivateKeys },
  { keywords: ['://'], modes: ALL_MODES, find: findUrlCredentials },
  { keywords: ENCODED_URL_STARTS.map((prefix) => prefix.toLowerCase()), modes: ['full', 'strong'],
    wantsKeywordEnds: true, find: findEncodedUrlCredentials },
  { keywords: ['oracle:thin:'], modes: ['full', 'strong'], wantsKeywordEnds: true,
    find: findOracleThinPasswords },
  { keywords: ['basic'], modes: ['full', 'strong'], wantsKeywordEnds: true, find: findBasicAuth },
  { keywords: ['bearer'], modes: ['full', 'strong'], wantsKeywordEnds: true, find: findBearerTokens },
  { keywords: ['eyj'], modes: ['full', 'strong'], wantsKeywordEnds: true, find: findJwts },
  { keywords: ASSIGNMENT_KEYWORDS, modes: ['full', 'strong'], wantsKeywordEnds: true, find: findAssignments },
  { keywords: ['identified', 'mysql', '@tcp(', '@unix('], modes: ['full'], wantsKeywordEnds: true,
    find: findSqlAndCliPasswords },
  { keywords: ['authorization'], modes: ['full', 'strong'], wantsKeywordEnds: true, find: findTokenSchemeHeaders },
  { keywords: ['curl'], modes: ['full'], wantsKeywordEnds: true, find: findCurlUserPasswords },
  CREDENTIAL_CALL_DETECTOR,
  SECTION_KEY_DETECTOR,
  SESSION_COOKIE_DETECTOR,
  ...TOOL_PASSWORD_DETECTORS,
];
