/**
 * Decoding of compact JWS and JWE tokens without verifying anything. Written here rather than
 * taken from jose because a user needs to know *which* part of a pasted token is broken, and
 * because real tokens arrive with padding, quotes, `Bearer ` prefixes and trailing newlines.
 */

export type TokenPartName =
  | 'token'
  | 'header'
  | 'payload'
  | 'signature'
  | 'encrypted key'
  | 'initialization vector'
  | 'ciphertext'
  | 'authentication tag';

const JWS_PARTS: readonly TokenPartName[] = ['header', 'payload', 'signature'];
const JWE_PARTS: readonly TokenPartName[] = [
  'header',
  'encrypted key',
  'initialization vector',
  'ciphertext',
  'authentication tag',
];

export class JwtDecodeError extends Error {
  constructor(
    /** The part of the token that is broken; `token` when the overall shape is wrong. */
    readonly part: TokenPartName,
    message: string,
  ) {
    super(message);
    this.name = 'JwtDecodeError';
  }
}

export type JsonObject = Record<string, unknown>;

interface DecodedBase {
  /** The token after removing quotes, `Bearer ` and whitespace. */
  compact: string;
  header: JsonObject;
  /** Notes about lenient decoding, e.g. padding or standard-base64 characters that were accepted. */
  notes: string[];
}

export interface DecodedJws extends DecodedBase {
  kind: 'jws';
  /** The claims set, or undefined when the payload is a nested token. */
  payload: JsonObject | undefined;
  /** Present when the header says `cty: JWT` and the payload is itself a compact token. */
  nested?: DecodedToken | { error: JwtDecodeError };
  /** Raw payload text when it is a nested token. */
  payloadText: string;
  signatureBytes: number;
  /** header.payload, the bytes the signature covers. */
  signingInput: string;
}

export interface DecodedJwe extends DecodedBase {
  kind: 'jwe';
  encryptedKeyBytes: number;
  ciphertextBytes: number;
}

export type DecodedToken = DecodedJws | DecodedJwe;

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; error: JwtDecodeError };

const BEARER = /^(?:authorization\s*:\s*)?(?:bearer|jwt|token)\s+/i;
const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '`': '`', '<': '>' };

/**
 * Strips what commonly surrounds a pasted token: whitespace and newlines, one pair of quotes,
 * an `Authorization: Bearer ` prefix, and JSON's `\"` quoting. Leaves anything else alone so
 * that the decoder can name what is wrong.
 */
export function normalizeTokenInput(input: string): string {
  let text = input.trim();
  for (let round = 0; round < 3; round++) {
    const before = text;
    text = text.replace(BEARER, '').trim();
    if (text.startsWith('\\"') && text.endsWith('\\"') && text.length >= 4) text = text.slice(2, -2).trim();
    const close = QUOTE_PAIRS[text[0] ?? ''];
    if (close && text.length >= 2 && text.endsWith(close)) text = text.slice(1, -1).trim();
    if (text.endsWith(',') || text.endsWith(';')) text = text.slice(0, -1).trim();
    // A token copied out of JSON-escaped text may drag an escaped newline along.
    text = text.replace(/^(?:\\[nrt])+/, '');
    let end = text.length;
    while (end >= 2 && text[end - 2] === '\\' && 'nrt'.includes(text[end - 1])) end -= 2;
    text = text.slice(0, end);
    if (text === before) break;
  }
  return text;
}

const BASE64URL_CHAR = /[^A-Za-z0-9_-]/;

/** Index where a run of `char` at the end of `text` begins (text.length when there is none). */
function trailingRunStart(text: string, char: string): number {
  let i = text.length;
  while (i > 0 && text[i - 1] === char) i--;
  return i;
}

/** Decodes one base64url segment, naming the part and position of the first problem. */
export function decodeSegment(segment: string, part: TokenPartName, notes?: string[]): Uint8Array {
  let body = segment;
  const padStart = trailingRunStart(body, '=');
  if (padStart < body.length) {
    const padding = body.length - padStart;
    body = body.slice(0, padStart);
    if (padding > 2) {
      throw new JwtDecodeError(
        part,
        `The ${part} ends with ${padding} "=" characters; at most 2 are possible.`,
      );
    }
    notes?.push(`The ${part} carries base64 padding ("="), which JWTs normally omit.`);
  }
  if (/[+/]/.test(body)) {
    notes?.push(`The ${part} uses the standard base64 alphabet ("+" or "/") instead of base64url.`);
    body = body.replace(/\+/g, '-').replace(/\//g, '_');
  }
  const bad = BASE64URL_CHAR.exec(body);
  if (bad) {
    const shown = JSON.stringify(bad[0]);
    throw new JwtDecodeError(
      part,
      `The ${part} contains ${shown} at position ${bad.index + 1}, which is not base64url.`,
    );
  }
  if (body.length % 4 === 1) {
    throw new JwtDecodeError(
      part,
      `The ${part} has ${body.length} characters, a length base64url cannot have; it is probably truncated.`,
    );
  }
  return new Uint8Array(Buffer.from(body, 'base64url'));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(segment: string, part: TokenPartName, notes: string[]): string {
  const bytes = decodeSegment(segment, part, notes);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new JwtDecodeError(part, `The ${part} is valid base64url but its bytes are not UTF-8 text.`);
  }
}

function decodeJsonObject(segment: string, part: TokenPartName, notes: string[]): JsonObject {
  if (segment.length === 0) throw new JwtDecodeError(part, `The ${part} is empty.`);
  return parseJsonObject(decodeText(segment, part, notes), part);
}

function parseJsonObject(text: string, part: TokenPartName): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8 quotes the start of the input in some messages; that text may be a claim value.
    const reason = (err instanceof Error ? err.message : String(err)).replace(
      /, "[\s\S]*"(?:\.\.\.)? is not valid JSON$/,
      '',
    );
    throw new JwtDecodeError(part, `The ${part} decodes to text that is not JSON (${reason}).`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new JwtDecodeError(part, `The ${part} is ${what} in JSON, but a JWT needs a JSON object there.`);
  }
  return value as JsonObject;
}

function shapeError(parts: number): JwtDecodeError {
  if (parts === 1) {
    return new JwtDecodeError(
      'token',
      'This is not a JWT: it has no "." separators (a JWT is header.payload.signature).',
    );
  }
  if (parts === 2) {
    return new JwtDecodeError(
      'signature',
      'The token has 2 parts; the signature part is missing (a signed JWT is header.payload.signature, ' +
        'and even `alg: none` keeps the final ".").',
    );
  }
  if (parts === 4) {
    return new JwtDecodeError(
      'token',
      'The token has 4 parts: too many for a signed JWT (3) and too few for an encrypted one (5). ' +
        'A part was probably lost or a "." added when copying.',
    );
  }
  return new JwtDecodeError('token', `The token has ${parts} parts; a JWT has 3 (signed) or 5 (encrypted).`);
}

/** Decodes a compact token. Throws JwtDecodeError naming the broken part. */
export function decodeToken(input: string, depth = 0): DecodedToken {
  const compact = normalizeTokenInput(input);
  if (compact.length === 0) throw new JwtDecodeError('token', 'There is no token: the input is empty.');
  if (/\s/.test(compact)) {
    throw new JwtDecodeError('token', 'The token contains whitespace; a compact JWT is one unbroken string.');
  }
  const segments = compact.split('.');
  if (segments.length !== 3 && segments.length !== 5) throw shapeError(segments.length);

  const notes: string[] = [];
  const header = decodeJsonObject(segments[0], 'header', notes);
  if (segments.length === 5) return decodeJwe(compact, segments, header, notes);

  const signatureBytes = decodeSegment(segments[2], 'signature', notes).length;
  const payloadText = decodeText(segments[1], 'payload', notes);
  const base = {
    compact,
    header,
    notes,
    payloadText,
    signatureBytes,
    signingInput: `${segments[0]}.${segments[1]}`,
  };

  if (typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT') {
    // A nested token's payload is the inner token itself, not a claims set.
    return { kind: 'jws', ...base, payload: undefined, nested: decodeNested(payloadText, depth) };
  }
  if (segments[1].length === 0) throw new JwtDecodeError('payload', 'The payload is empty.');
  return { kind: 'jws', ...base, payload: parseJsonObject(payloadText, 'payload') };
}

function decodeNested(inner: string, depth: number): DecodedToken | { error: JwtDecodeError } {
  if (depth >= 3) {
    return { error: new JwtDecodeError('payload', 'Tokens are nested more than 3 deep; stopped decoding.') };
  }
  try {
    return decodeToken(inner, depth + 1);
  } catch (err) {
    if (err instanceof JwtDecodeError) {
      return { error: new JwtDecodeError('payload', `The nested token is broken: ${err.message}`) };
    }
    throw err;
  }
}

function decodeJwe(compact: string, segments: string[], header: JsonObject, notes: string[]): DecodedJwe {
  const sizes = segments.map((segment, i) =>
    i === 0 ? 0 : decodeSegment(segment, JWE_PARTS[i], notes).length,
  );
  if (segments[3].length === 0) {
    throw new JwtDecodeError('ciphertext', 'The ciphertext of this encrypted token is empty.');
  }
  if (typeof header.enc !== 'string') {
    notes.push('The header has no "enc" (content encryption) member, which an encrypted JWT requires.');
  }
  return { kind: 'jwe', compact, header, notes, encryptedKeyBytes: sizes[1], ciphertextBytes: sizes[3] };
}

/** Like decodeToken, but returns the error instead of throwing it. */
export function tryDecodeToken(input: string): DecodeResult {
  try {
    return { ok: true, token: decodeToken(input) };
  } catch (err) {
    if (err instanceof JwtDecodeError) return { ok: false, error: err };
    throw err;
  }
}

export function partNames(kind: DecodedToken['kind']): readonly TokenPartName[] {
  return kind === 'jws' ? JWS_PARTS : JWE_PARTS;
}
