import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analyzeToken, DEFAULT_MAX_LIFETIME_HOURS, type ClaimsAnalysis } from '../core/jwt/claims';
import { tryDecodeToken, type DecodedToken, type JwtDecodeError } from '../core/jwt/decode';
import { findTokens } from '../core/jwt/findTokens';
import { maskClaims, renderText } from '../core/jwt/render';
import { verifyToken, type KeySource, type SecretEncoding, type VerifyResult } from '../core/jwt/verify';

const USAGE = `Usage: token-warden jwt [token|-] [options]

Decodes a JWT (signed or encrypted) and shows header, claims, validity and warnings.
The token is read from the argument, or from stdin when it is "-" or omitted and stdin is
not a terminal. "Bearer " prefixes, quotes and surrounding text are tolerated.

Options:
  --json                    Print { header, payload, status, warnings } as JSON
  --verify                  Verify the signature (implied by --key, --jwks, --secret-env)
  --key FILE                PEM public key, X.509 certificate, private key (public half used) or JWK
  --jwks FILE|URL           JWKS file or URL; a URL ending in /.well-known/openid-configuration
                            is read as the issuer's discovery document and its jwks_uri is used
  --secret-env VAR          HMAC secret from environment variable VAR
  --secret-encoding ENC     How the secret is written: utf8 (default), base64, base64url, hex
  --iss ISSUER              Require this issuer
  --aud AUDIENCE            Require this audience
  --clock-tolerance SECONDS Leeway for exp/nbf (default 0)
  --max-lifetime-hours H    Warn when the lifetime is longer (default ${DEFAULT_MAX_LIFETIME_HOURS})
  --show-secrets            Show claims that look secret instead of masking them
  -h, --help                Show this help

Status: valid, expired, not-yet-valid (or encrypted for a JWE) when only decoding. With
verification it is verified only when the signature and every claim check pass, otherwise
invalid-signature; verification.status then says why: invalid-signature, expired,
not-yet-valid, invalid-claims or key-error, and verification.signatureValid whether the
signature itself matched.
Exit codes: 0 decoded (and verified, when asked), 1 verification failed, 2 not a token or bad usage.
The token is never sent anywhere; only key URLs you name are fetched.
`;

class UsageError extends Error {}

type Options = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      verify: { type: 'boolean' },
      key: { type: 'string' },
      jwks: { type: 'string' },
      'secret-env': { type: 'string' },
      'secret-encoding': { type: 'string' },
      iss: { type: 'string' },
      aud: { type: 'string', multiple: true },
      'clock-tolerance': { type: 'string' },
      'max-lifetime-hours': { type: 'string' },
      'show-secrets': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export async function runJwt(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    process.stderr.write(`token-warden jwt: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    return await decodeAndReport(values, positionals);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`token-warden jwt: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function decodeAndReport(values: Options, positionals: string[]): Promise<number> {
  if (positionals.length > 1) {
    throw new UsageError('give one token (or "-" for stdin); quote it if it contains spaces');
  }
  const input = await readInput(positionals[0]);
  const clockToleranceSeconds = nonNegative(values['clock-tolerance'], '--clock-tolerance', 0);
  const maxLifetimeHours = nonNegative(
    values['max-lifetime-hours'],
    '--max-lifetime-hours',
    DEFAULT_MAX_LIFETIME_HOURS,
  );

  const decoded = decodeInput(input);
  if ('error' in decoded) {
    const { part, message } = decoded.error;
    process.stderr.write(`token-warden jwt: not a valid JWT (${part}): ${message.replace(/`/g, '')}\n`);
    return 2;
  }
  const token = decoded.token;
  const analysis = analyzeToken(token, { clockToleranceSeconds, maxLifetimeHours });

  const source = await keySource(values);
  let verification: VerifyResult | undefined;
  if (source) {
    const audience = values.aud && values.aud.length > 0 ? values.aud : undefined;
    verification = await verifyToken(token.compact, source, {
      issuer: values.iss,
      audience,
      clockToleranceSeconds,
    });
  } else if (values.verify) {
    throw new UsageError('--verify needs a key: --key FILE, --jwks FILE|URL or --secret-env VAR');
  }

  const showSecrets = values['show-secrets'] ?? false;
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(jsonView(token, analysis, verification, showSecrets), null, 2)}\n`,
    );
  } else {
    process.stdout.write(renderText(token, analysis, { showSecrets, signatureChecked: !!verification }));
    if (verification) process.stdout.write(`\n${verificationLine(verification)}\n`);
  }
  return verification && verification.status !== 'verified' ? 1 : 0;
}

async function readInput(argument: string | undefined): Promise<string> {
  if (argument !== undefined && argument !== '-') return argument;
  if (argument === undefined && process.stdin.isTTY) {
    throw new UsageError('no token given; pass it as an argument or pipe it in ("-" reads stdin)');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Decodes the input as one token; failing that, the first token found inside it (a JSON body, a header). */
function decodeInput(input: string): { token: DecodedToken } | { error: JwtDecodeError } {
  const direct = tryDecodeToken(input);
  if (direct.ok) return { token: direct.token };
  const found = findTokens(input).filter((t) => t.kind !== 'malformed');
  if (found.length === 0) return { error: direct.error };
  if (found.length > 1) {
    process.stderr.write(`token-warden jwt: ${found.length} tokens in the input; showing the first\n`);
  }
  // A token glued to a stray character ("...sig%") must fail on that character, not be
  // shortened silently to the part that happens to look valid.
  const { start, end } = found[0];
  let runEnd = end;
  while (runEnd < input.length && !TOKEN_BOUNDARY.test(input[runEnd])) runEnd++;
  const first = tryDecodeToken(input.slice(start, runEnd));
  return first.ok ? { token: first.token } : { error: first.error };
}

/** Characters that may follow a token in JSON, headers, URLs, code and prose. */
const TOKEN_BOUNDARY = /[\s"'`,;:.(){}[\]<>&?=/\\|]/;

function nonNegative(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new UsageError(`${flag} takes a number of at least 0, not "${value}"`);
  }
  return n;
}

const ENCODINGS: readonly SecretEncoding[] = ['utf8', 'base64', 'base64url', 'hex'];

async function keySource(values: Options): Promise<KeySource | undefined> {
  const given = [values.key, values.jwks, values['secret-env']].filter((v) => v !== undefined);
  if (given.length > 1) throw new UsageError('use only one of --key, --jwks and --secret-env');

  if (values['secret-env'] !== undefined) {
    const name = values['secret-env'];
    const secret = process.env[name];
    if (!secret) throw new UsageError(`environment variable ${name} is not set or empty`);
    const encoding = (values['secret-encoding'] ?? 'utf8') as SecretEncoding;
    if (!ENCODINGS.includes(encoding)) {
      throw new UsageError(`--secret-encoding takes one of ${ENCODINGS.join(', ')}`);
    }
    return { kind: 'secret', secret, encoding, label: `the secret in $${name}` };
  }
  if (values.key !== undefined) {
    return { kind: 'keyText', text: await readKeyFile(values.key), label: values.key };
  }
  if (values.jwks !== undefined) {
    const where = values.jwks;
    if (/^https?:\/\//i.test(where)) {
      return /\/\.well-known\/openid-configuration\/?$/.test(where)
        ? { kind: 'discovery', issuer: where }
        : { kind: 'jwksUrl', url: where };
    }
    return { kind: 'keyText', text: await readKeyFile(where), label: where };
  }
  return undefined;
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read key file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

interface JsonView {
  header: unknown;
  payload: unknown;
  status: string;
  warnings: { code: string; message: string }[];
  nested?: { header: unknown; payload: unknown };
  verification?: {
    status: string;
    signatureValid: boolean;
    message: string;
    kid?: string;
    alg?: string;
    key?: string;
    fetched: string[];
  };
}

function jsonView(
  token: DecodedToken,
  analysis: ClaimsAnalysis,
  verification: VerifyResult | undefined,
  showSecrets: boolean,
): JsonView {
  const payloadOf = (t: DecodedToken, a: ClaimsAnalysis | undefined) =>
    t.kind === 'jws' && t.payload
      ? showSecrets || !a
        ? t.payload
        : maskClaims(t.payload, a.secretPaths)
      : null;
  const view: JsonView = {
    header: token.header,
    payload: payloadOf(token, analysis),
    // Scripts test `status` against the two documented values; the finer reason stays in
    // `verification.status`, so an expired token with a good signature cannot pass as checked.
    status: verification ? overallVerifyStatus(verification) : analysis.status,
    warnings: analysis.warnings.map(({ code, message }) => ({ code, message: message.replace(/`/g, '') })),
  };
  if (token.kind === 'jws' && token.nested && !('error' in token.nested)) {
    view.nested = { header: token.nested.header, payload: payloadOf(token.nested, analysis.inner) };
  }
  if (verification) {
    view.verification = {
      status: verification.status,
      signatureValid: verification.signatureValid,
      message: verification.message.replace(/`/g, ''),
      kid: verification.kid,
      alg: verification.alg,
      key: verification.keyDescription,
      fetched: verification.fetched,
    };
  }
  return view;
}

function overallVerifyStatus(result: VerifyResult): 'verified' | 'invalid-signature' {
  return result.status === 'verified' ? 'verified' : 'invalid-signature';
}

function verificationLine(result: VerifyResult): string {
  const message = result.message.replace(/`/g, '');
  if (result.status === 'verified') return `Verified: ${message} Key: ${result.keyDescription}.`;
  return `Verification failed (${result.status}): ${message}`;
}
