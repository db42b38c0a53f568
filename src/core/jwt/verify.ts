/**
 * Signature and claim verification with jose. The token never leaves this process: the only
 * network requests are for public keys (a JWKS URL or an issuer's discovery document) that the
 * caller chose explicitly.
 */
import { createPublicKey } from 'node:crypto';
import type { JWK, JWTVerifyOptions } from 'jose' with { 'resolution-mode': 'import' };
import { decodeToken, type DecodedJws } from './decode';

export type KeySource =
  /** An HMAC secret; `encoding` says how the text maps to key bytes. */
  | { kind: 'secret'; secret: string; encoding?: SecretEncoding; label?: string }
  /** Text of a PEM public key, X.509 certificate, private key (its public half is used), JWK or JWKS. */
  | { kind: 'keyText'; text: string; label?: string }
  | { kind: 'jwksUrl'; url: string }
  /** An issuer URL or a full `/.well-known/openid-configuration` URL; its `jwks_uri` gives the keys. */
  | { kind: 'discovery'; issuer: string };

export type SecretEncoding = 'utf8' | 'base64' | 'base64url' | 'hex';

export interface VerifyOptions {
  issuer?: string;
  audience?: string | string[];
  clockToleranceSeconds?: number;
  /** Milliseconds since the epoch; defaults to now. */
  now?: number;
  fetchTimeoutMs?: number;
}

export type VerifyStatus =
  'verified' | 'invalid-signature' | 'expired' | 'not-yet-valid' | 'invalid-claims' | 'key-error';

export interface VerifyResult {
  status: VerifyStatus;
  /** True when a key verified the signature, even if a claim check then failed. */
  signatureValid: boolean;
  /** One sentence for people; never contains the token or a secret. */
  message: string;
  alg?: string;
  /** `kid` of the key that verified the signature (from the JWK, else the token header). */
  kid?: string;
  /** Which key verified it, e.g. `JWKS https://id.example.com/jwks (kid "k1")`. */
  keyDescription?: string;
  /** URLs fetched for keys, in order. */
  fetched: string[];
}

export class KeySourceError extends Error {
  override name = 'KeySourceError';
}

type Jose = Awaited<ReturnType<typeof loadJose>>;
type VerifyKey = Awaited<ReturnType<Jose['importJWK']>>;

interface Candidate {
  key: VerifyKey;
  kid?: string;
  description: string;
}

// jose ships only as an ES module; a dynamic import keeps this file CommonJS for the bundle and tsx.
function loadJose() {
  return import('jose');
}

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_KEY_DOCUMENT_BYTES = 1024 * 1024;

export async function verifyToken(
  input: string,
  source: KeySource,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const decoded = decodeToken(input);
  const fetched: string[] = [];
  const fail = (status: VerifyStatus, message: string): VerifyResult => ({
    status,
    signatureValid: false,
    message,
    fetched,
    alg: typeof decoded.header.alg === 'string' ? decoded.header.alg : undefined,
  });

  if (decoded.kind === 'jwe') {
    return fail(
      'key-error',
      'This token is encrypted (JWE); it needs decrypting, which Token Warden does not do.',
    );
  }
  const alg = decoded.header.alg;
  if (typeof alg !== 'string') {
    return fail('invalid-signature', 'The header has no `alg`, so there is nothing to verify.');
  }
  if (alg.toLowerCase() === 'none') {
    return fail(
      'invalid-signature',
      'The token is unsigned (`alg: none`); it cannot be verified and must not be trusted.',
    );
  }

  const jose = await loadJose();
  let candidates: Candidate[];
  try {
    candidates = await resolveCandidates(jose, source, decoded, alg, options, fetched);
  } catch (err) {
    return fail('key-error', err instanceof Error ? err.message : String(err));
  }

  const problems: string[] = [];
  for (const candidate of candidates) {
    const outcome = await tryCandidate(jose, decoded, alg, candidate, options);
    if (outcome === 'wrong-key') continue;
    if (typeof outcome === 'object' && 'problem' in outcome) {
      problems.push(outcome.problem);
      continue;
    }
    const kid = candidate.kid ?? (typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined);
    return { ...outcome, alg, kid, keyDescription: candidate.description, fetched };
  }

  const tried =
    candidates.length === 1
      ? candidates[0].description
      : `${candidates.length} keys (${candidates
          .map((c) => (c.kid ? `kid "${c.kid}"` : 'no kid'))
          .join(', ')})`;
  const extra = problems.length > 0 ? ` ${problems.join(' ')}` : '';
  return fail('invalid-signature', `The signature does not match ${tried}.${extra}`);
}

type Outcome =
  Omit<VerifyResult, 'fetched' | 'alg' | 'kid' | 'keyDescription'> | 'wrong-key' | { problem: string };

async function tryCandidate(
  jose: Jose,
  decoded: DecodedJws,
  alg: string,
  candidate: Candidate,
  options: VerifyOptions,
): Promise<Outcome> {
  const verifyOptions: JWTVerifyOptions = {
    algorithms: [alg],
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSeconds ?? 0,
    currentDate: new Date(options.now ?? Date.now()),
  };
  const where = candidate.kid ? ` with kid "${candidate.kid}"` : '';
  try {
    if (decoded.nested) {
      // The payload is an inner token, not a claims set: check the outer signature only.
      await jose.compactVerify(decoded.compact, candidate.key, { algorithms: [alg] });
      return {
        status: 'verified',
        signatureValid: true,
        message: `Outer signature verified${where}; the nested token inside was not verified.`,
      };
    }
    await jose.jwtVerify(decoded.compact, candidate.key, verifyOptions);
    return {
      status: 'verified',
      signatureValid: true,
      message: `Signature verified${where}; time and claim checks passed.`,
    };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'wrong-key';
    // jose checks claims only after the signature has verified.
    const signed = (status: VerifyStatus, message: string): Outcome => ({
      status,
      signatureValid: true,
      message,
    });
    if (code === 'ERR_JWT_EXPIRED') {
      return signed('expired', `Signature verified${where}, but the token has expired.`);
    }
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
      const claim = (err as { claim?: string }).claim;
      const reason = (err as Error).message;
      if (claim === 'nbf' && /timestamp check failed/.test(reason)) {
        return signed(
          'not-yet-valid',
          `Signature verified${where}, but the token is not valid yet (\`nbf\`).`,
        );
      }
      return signed(
        'invalid-claims',
        `Signature verified${where}, but the \`${claim ?? 'claims'}\` check failed: ${reason}.`,
      );
    }
    if (code === 'ERR_JWT_INVALID') {
      return signed(
        'invalid-claims',
        `Signature verified${where}, but the payload is not a valid claims set.`,
      );
    }
    return { problem: `A key${where} could not be used: ${(err as Error).message}.` };
  }
}

async function resolveCandidates(
  jose: Jose,
  source: KeySource,
  decoded: DecodedJws,
  alg: string,
  options: VerifyOptions,
  fetched: string[],
): Promise<Candidate[]> {
  const timeoutMs = options.fetchTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (source.kind) {
    case 'secret': {
      if (!alg.startsWith('HS')) {
        throw new KeySourceError(`The token uses ${alg}; an HMAC secret can only verify HS256/384/512.`);
      }
      return [
        {
          key: secretBytes(source.secret, source.encoding ?? 'utf8'),
          description: source.label ?? 'the HMAC secret',
        },
      ];
    }
    case 'keyText':
      return keysFromText(jose, source.text, decoded, alg, source.label ?? 'the key');
    case 'jwksUrl': {
      const jwks = await fetchJson(source.url, timeoutMs, fetched);
      return keysFromJwks(jose, jwks, decoded, alg, `JWKS ${source.url}`);
    }
    case 'discovery': {
      const { url, jwksUri } = await discoverJwksUri(source.issuer, timeoutMs, fetched);
      const jwks = await fetchJson(jwksUri, timeoutMs, fetched);
      return keysFromJwks(jose, jwks, decoded, alg, `JWKS ${jwksUri} (from ${url})`);
    }
  }
}

export function secretBytes(secret: string, encoding: SecretEncoding): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(secret);
  const text = secret.trim();
  const valid =
    encoding === 'hex'
      ? /^(?:[0-9a-fA-F]{2})+$/
      : encoding === 'base64'
        ? /^[A-Za-z0-9+/]+={0,2}$/
        : /^[A-Za-z0-9_-]+$/;
  if (!valid.test(text)) throw new KeySourceError(`The secret is not valid ${encoding}.`);
  return new Uint8Array(Buffer.from(text, encoding));
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,40})-----/;

/** The first PEM block in the text (a certificate chain starts with the leaf). */
function firstPemBlock(text: string): { type: string; pem: string } | undefined {
  const begin = PEM_BEGIN.exec(text);
  if (!begin) return undefined;
  const endMarker = `-----END ${begin[1]}-----`;
  const end = text.indexOf(endMarker, begin.index);
  if (end < 0) return undefined;
  return { type: begin[1], pem: text.slice(begin.index, end + endMarker.length) };
}

async function keysFromText(
  jose: Jose,
  text: string,
  decoded: DecodedJws,
  alg: string,
  label: string,
): Promise<Candidate[]> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new KeySourceError(`${label} looks like JSON but does not parse: ${(err as Error).message}.`);
    }
    if (json && typeof json === 'object' && Array.isArray((json as { keys?: unknown }).keys)) {
      return keysFromJwks(jose, json, decoded, alg, `${label} (JWKS)`);
    }
    if (json && typeof json === 'object' && typeof (json as JWK).kty === 'string') {
      const jwk = publicJwk(json as JWK);
      checkJwkFits(jwk, alg);
      const key = await importOrExplain(() => jose.importJWK(jwk, alg), label);
      return [{ key, kid: jwk.kid, description: `${label} (JWK)` }];
    }
    throw new KeySourceError(`${label} is JSON but neither a JWK (no "kty") nor a JWKS (no "keys" array).`);
  }

  const block = firstPemBlock(trimmed);
  if (!block) {
    throw new KeySourceError(`${label} is neither PEM (-----BEGIN …-----) nor JSON (a JWK or JWKS).`);
  }
  const type = block.type;
  if (type === 'CERTIFICATE') {
    const key = await importOrExplain(() => jose.importX509(block.pem, alg), label);
    return [{ key, description: `${label} (X.509 certificate)` }];
  }
  if (type === 'PUBLIC KEY') {
    const key = await importOrExplain(() => jose.importSPKI(block.pem, alg), label);
    return [{ key, description: `${label} (public key)` }];
  }
  if (type.endsWith('PUBLIC KEY') || type.endsWith('PRIVATE KEY')) {
    // PKCS#1 public keys and private keys: node converts them to the SPKI form jose imports.
    let spki: string;
    try {
      spki = createPublicKey(block.pem).export({ type: 'spki', format: 'pem' }).toString();
    } catch (err) {
      throw new KeySourceError(`${label} (${type}) could not be read: ${(err as Error).message}.`);
    }
    const key = await importOrExplain(() => jose.importSPKI(spki, alg), label);
    const what = type.endsWith('PRIVATE KEY') ? 'public half of a private key' : 'public key';
    return [{ key, description: `${label} (${what})` }];
  }
  throw new KeySourceError(`${label} holds a PEM "${type}", which is not a key or certificate.`);
}

async function importOrExplain(load: () => Promise<VerifyKey>, label: string): Promise<VerifyKey> {
  try {
    return await load();
  } catch (err) {
    throw new KeySourceError(`${label} does not fit this token's algorithm: ${(err as Error).message}.`);
  }
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

/** Drops private members so a private JWK given by mistake still verifies with its public half. */
function publicJwk(jwk: JWK): JWK {
  if (jwk.kty === 'oct') return jwk;
  const copy: JWK = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete (copy as Record<string, unknown>)[member];
  return copy;
}

function ktyFor(alg: string): string | undefined {
  if (/^(?:RS|PS)\d{3}$/.test(alg)) return 'RSA';
  if (/^ES(?:256|384|512|256K)$/.test(alg)) return 'EC';
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'OKP';
  if (/^HS\d{3}$/.test(alg)) return 'oct';
  return undefined;
}

function checkJwkFits(jwk: JWK, alg: string): void {
  const wanted = ktyFor(alg);
  if (wanted && jwk.kty !== wanted) {
    throw new KeySourceError(`The key is ${jwk.kty} but the token's ${alg} needs a ${wanted} key.`);
  }
}

async function keysFromJwks(
  jose: Jose,
  jwks: unknown,
  decoded: DecodedJws,
  alg: string,
  label: string,
): Promise<Candidate[]> {
  const keys = (jwks as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new KeySourceError(`${label} has no "keys" array.`);
  const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined;
  const wantedKty = ktyFor(alg);
  const usable = (keys as JWK[]).filter(
    (k) =>
      k !== null &&
      typeof k === 'object' &&
      (wantedKty === undefined || k.kty === wantedKty) &&
      (k.alg === undefined || k.alg === alg) &&
      k.use !== 'enc' &&
      (kid === undefined || k.kid === kid),
  );
  if (usable.length === 0) {
    const kids = (keys as JWK[]).map((k) => k?.kid).filter((k): k is string => typeof k === 'string');
    const available = kids.length > 0 ? ` (it has kid ${kids.map((k) => `"${k}"`).join(', ')})` : '';
    const wanted = kid !== undefined ? `kid "${kid}" and ` : '';
    throw new KeySourceError(`${label} has no key matching ${wanted}${alg}${available}.`);
  }
  const candidates: Candidate[] = [];
  for (const jwk of usable) {
    try {
      const key = await jose.importJWK(publicJwk(jwk), alg);
      const which = jwk.kid ? ` kid "${jwk.kid}"` : '';
      candidates.push({ key, kid: jwk.kid, description: `${label}${which}` });
    } catch {
      // A malformed entry must not hide the others; if none import, the error below says so.
    }
  }
  if (candidates.length === 0) {
    throw new KeySourceError(`${label}: none of the matching keys could be imported.`);
  }
  return candidates;
}

async function discoverJwksUri(
  issuerOrUrl: string,
  timeoutMs: number,
  fetched: string[],
): Promise<{ url: string; jwksUri: string }> {
  const suffix = '/.well-known/openid-configuration';
  const base = issuerOrUrl.replace(/\/+$/, '');
  const url = base.endsWith(suffix) ? base : `${base}${suffix}`;
  const doc = (await fetchJson(url, timeoutMs, fetched)) as { issuer?: unknown; jwks_uri?: unknown };
  const expectedIssuer = url.slice(0, -suffix.length);
  if (typeof doc.issuer === 'string' && doc.issuer.replace(/\/+$/, '') !== expectedIssuer) {
    throw new KeySourceError(
      `The discovery document at ${url} names issuer ${doc.issuer}, not ${expectedIssuer}; ` +
        'its keys are not trusted.',
    );
  }
  if (typeof doc.jwks_uri !== 'string') {
    throw new KeySourceError(`The discovery document at ${url} has no "jwks_uri".`);
  }
  return { url, jwksUri: doc.jwks_uri };
}

/** GETs a JSON document with a timeout and a size cap. Sends nothing but the request line and Accept. */
export async function fetchJson(url: string, timeoutMs: number, fetched: string[]): Promise<unknown> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new KeySourceError(`"${url}" is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new KeySourceError(`Only http and https key URLs are fetched, not ${parsed.protocol}.`);
  }
  if (parsed.username || parsed.password) {
    throw new KeySourceError('Key URLs with credentials in them are refused.');
  }
  fetched.push(parsed.href);

  let response: Response;
  try {
    response = await fetch(parsed, {
      headers: { accept: 'application/json, application/jwk-set+json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
  } catch (err) {
    const cause =
      (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
    throw new KeySourceError(`Could not fetch ${parsed.href}: ${cause}.`);
  }
  if (!response.ok) throw new KeySourceError(`Fetching ${parsed.href} failed with HTTP ${response.status}.`);
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_KEY_DOCUMENT_BYTES) {
    throw new KeySourceError(`${parsed.href} is too large for a key document.`);
  }
  const text = await response.text();
  if (text.length > MAX_KEY_DOCUMENT_BYTES) {
    throw new KeySourceError(`${parsed.href} is too large for a key document.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new KeySourceError(`${parsed.href} did not return JSON.`);
  }
}
