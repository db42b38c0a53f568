import type * as oauth from 'oauth4webapi' with { 'resolution-mode': 'import' };
import type { OAuth2Credential } from '../environments/model';

type OAuthModule = typeof import('oauth4webapi', { with: { 'resolution-mode': 'import' } });
let loaded: Promise<OAuthModule> | undefined;

/** oauth4webapi ships only as an ES module; a dynamic import keeps this code CommonJS for tsx. */
export function loadOAuth(): Promise<OAuthModule> {
  return (loaded ??= import('oauth4webapi'));
}

/** A failure of an OAuth2 flow; the message never contains a token or client secret. */
export class OAuth2Error extends Error {
  constructor(
    message: string,
    /** The server's `error` code (`invalid_grant`, `access_denied`...) when it sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'OAuth2Error';
  }
}

/** Options every request to the authorization server shares. */
export interface ServerRequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Loopback hosts are the only ones that may be reached over plain http (local development
 * servers, tests): the traffic never leaves the machine. Everything else must use https.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Options for oauth4webapi calls to `url`, with http allowed for loopback hosts only. */
export function requestOptions(
  lib: OAuthModule,
  url: string,
  options: ServerRequestOptions = {},
): { signal: AbortSignal } {
  const parsed = new URL(url);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return {
    signal,
    ...(parsed.protocol === 'http:' && isLoopbackUrl(parsed) ? { [lib.allowInsecureRequests]: true } : {}),
  };
}

function assertUsableUrl(url: string, what: string): URL {
  if (!URL.canParse(url)) throw new OAuth2Error(`The ${what} "${url}" is not a valid URL.`);
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackUrl(parsed))) return parsed;
  throw new OAuth2Error(
    `The ${what} ${parsed.origin} must use https (plain http is accepted only for 127.0.0.1 and localhost).`,
  );
}

/**
 * The endpoints of a credential's authorization server: discovered from `issuer` (OpenID
 * Connect discovery, then RFC 8414 metadata), with endpoints set on the credential taking
 * precedence, or taken from the credential alone when it has no issuer.
 */
export async function authorizationServerFor(
  credential: OAuth2Credential,
  options: ServerRequestOptions = {},
): Promise<oauth.AuthorizationServer> {
  const explicit = {
    ...(credential.authorizationEndpoint && { authorization_endpoint: credential.authorizationEndpoint }),
    ...(credential.tokenEndpoint && { token_endpoint: credential.tokenEndpoint }),
    ...(credential.deviceAuthorizationEndpoint && {
      device_authorization_endpoint: credential.deviceAuthorizationEndpoint,
    }),
    ...(credential.revocationEndpoint && { revocation_endpoint: credential.revocationEndpoint }),
  };
  for (const [name, url] of Object.entries(explicit)) assertUsableUrl(url, name.replace(/_/g, ' '));

  if (!credential.issuer) {
    if (!credential.tokenEndpoint) {
      throw new OAuth2Error(
        'The credential needs an issuer (to discover its endpoints) or a token endpoint.',
      );
    }
    return { issuer: new URL(credential.tokenEndpoint).origin, ...explicit };
  }
  const discovered = await discover(assertUsableUrl(credential.issuer, 'issuer'), options);
  return { ...discovered, ...explicit };
}

async function discover(issuer: URL, options: ServerRequestOptions): Promise<oauth.AuthorizationServer> {
  const lib = await loadOAuth();
  let lastError: unknown;
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    try {
      const response = await lib.discoveryRequest(issuer, {
        ...requestOptions(lib, issuer.href, options),
        algorithm,
      });
      return await lib.processDiscoveryResponse(issuer, response);
    } catch (err) {
      if (options.signal?.aborted) throw new OAuth2Error('Cancelled.');
      lastError = err;
    }
  }
  throw new OAuth2Error(`Could not read the metadata of ${issuer.origin}: ${describe(lastError)}`);
}

/** A short, secret-free description of an oauth4webapi or network error. */
export function describe(err: unknown): string {
  const server = serverError(err);
  if (server) {
    const status =
      typeof (err as { status?: unknown }).status === 'number'
        ? ` (HTTP ${(err as { status: number }).status})`
        : '';
    return `${server.error}${server.description ? `: ${server.description}` : ''}${status}`;
  }
  if (err instanceof OAuth2Error) return err.message;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'the server did not answer in time';
  if (e?.name === 'AbortError') return 'cancelled';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`;
}

/** Rethrows any error as an OAuth2Error whose message starts with what was being done. */
export function wrapError(what: string, err: unknown): OAuth2Error {
  if (err instanceof OAuth2Error) return err;
  return new OAuth2Error(`${what} failed: ${describe(err)}`, serverError(err)?.error);
}

/** The `error` a server sent (token endpoint body or authorization response), if any. */
export function serverError(err: unknown): { error: string; description?: string } | undefined {
  const e = err as { name?: string; error?: unknown; error_description?: unknown; cause?: unknown };
  if (
    (e?.name === 'ResponseBodyError' || e?.name === 'AuthorizationResponseError') &&
    typeof e.error === 'string'
  )
    return {
      error: e.error,
      description: typeof e.error_description === 'string' ? e.error_description : undefined,
    };
  // A 401 from the token endpoint carries the error in WWW-Authenticate instead of the body.
  if (e?.name === 'WWWAuthenticateChallengeError' && Array.isArray(e.cause)) {
    const parameters = (e.cause[0] as { parameters?: Record<string, string> } | undefined)?.parameters;
    if (parameters?.error) return { error: parameters.error, description: parameters.error_description };
  }
  return undefined;
}
