import type * as oauth from 'oauth4webapi' with { 'resolution-mode': 'import' };
import type { OAuth2Credential, OAuth2TokenSet } from '../environments/model';
import {
  OAuth2Error,
  isLoopbackUrl,
  loadOAuth,
  serverError,
  requestOptions,
  wrapError,
  type ServerRequestOptions,
} from './authorizationServer';
import { startLoopbackRedirect } from './loopbackRedirect';

/** What the user sees and does during interactive grants; the editor and tests supply it. */
export interface OAuth2Interaction {
  /** Opens a URL in the system browser. */
  openBrowser(url: string): Promise<void> | void;
  /** Shows the device flow's user code (the verification page is opened with `openBrowser`). */
  showDeviceCode?(info: { userCode: string; verificationUri: string; expiresInSeconds: number }): void;
  /** Waits between device-flow polls; tests replace it. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** How long to wait for the browser sign-in (default 5 minutes). */
  signInTimeoutMs?: number;
}

/** One credential's client as the grants need it. */
export interface OAuth2Client {
  credential: OAuth2Credential;
  clientSecret?: string;
  /** A refresh token the user stored for the `refresh_token` grant. */
  refreshToken?: string;
}

export interface GrantContext extends ServerRequestOptions {
  server: oauth.AuthorizationServer;
  client: OAuth2Client;
  now?: () => number;
}

function clientOf(ctx: GrantContext): oauth.Client {
  return { client_id: ctx.client.credential.clientId };
}

/**
 * Client authentication: HTTP Basic (which every server must support) when the server lists it
 * or says nothing, otherwise form parameters; public clients send only their id.
 */
function clientAuth(lib: Awaited<ReturnType<typeof loadOAuth>>, ctx: GrantContext): oauth.ClientAuth {
  const secret = ctx.client.clientSecret;
  if (!secret) return lib.None();
  const methods = ctx.server.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post'))
    return lib.ClientSecretPost(secret);
  return lib.ClientSecretBasic(secret);
}

function scopeParameters(credential: OAuth2Credential): Record<string, string> {
  return {
    ...(credential.scopes?.length && { scope: credential.scopes.join(' ') }),
    // `audience` is how Auth0 and others pick the API a token is for.
    ...(credential.audience && { audience: credential.audience }),
  };
}

function requireEndpoint(ctx: GrantContext, key: keyof oauth.AuthorizationServer, what: string): string {
  const url = ctx.server[key];
  if (typeof url !== 'string') {
    throw new OAuth2Error(`The authorization server has no ${what}; set it on the credential.`);
  }
  return url;
}

export function toTokenSet(
  response: oauth.TokenEndpointResponse,
  now: number,
  previous?: OAuth2TokenSet,
): OAuth2TokenSet {
  return {
    accessToken: response.access_token,
    tokenType: response.token_type,
    // A refresh response without a new refresh token means the old one stays valid.
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    idToken: response.id_token ?? previous?.idToken,
    scope: response.scope ?? previous?.scope,
    expiresAt: typeof response.expires_in === 'number' ? now + response.expires_in * 1000 : undefined,
    obtainedAt: now,
  };
}

export async function clientCredentialsGrant(ctx: GrantContext): Promise<OAuth2TokenSet> {
  const lib = await loadOAuth();
  const url = requireEndpoint(ctx, 'token_endpoint', 'token endpoint');
  try {
    const response = await lib.clientCredentialsGrantRequest(
      ctx.server,
      clientOf(ctx),
      clientAuth(lib, ctx),
      scopeParameters(ctx.client.credential),
      requestOptions(lib, url, ctx),
    );
    const result = await lib.processClientCredentialsResponse(ctx.server, clientOf(ctx), response);
    return toTokenSet(result, (ctx.now ?? Date.now)());
  } catch (err) {
    throw wrapError('Client credentials grant', err);
  }
}

export async function refreshTokenGrant(
  ctx: GrantContext,
  refreshToken: string,
  previous?: OAuth2TokenSet,
): Promise<OAuth2TokenSet> {
  const lib = await loadOAuth();
  const url = requireEndpoint(ctx, 'token_endpoint', 'token endpoint');
  try {
    const response = await lib.refreshTokenGrantRequest(
      ctx.server,
      clientOf(ctx),
      clientAuth(lib, ctx),
      refreshToken,
      requestOptions(lib, url, ctx),
    );
    const result = await lib.processRefreshTokenResponse(ctx.server, clientOf(ctx), response);
    return toTokenSet(result, (ctx.now ?? Date.now)(), { ...previous, refreshToken } as OAuth2TokenSet);
  } catch (err) {
    throw wrapError('Refreshing the token', err);
  }
}

/**
 * Authorization code with PKCE (S256): opens the authorization page in the system browser and
 * receives the code on a one-shot loopback listener; `state` must come back unchanged.
 */
export async function authorizationCodeGrant(
  ctx: GrantContext,
  interaction: OAuth2Interaction,
): Promise<OAuth2TokenSet> {
  const lib = await loadOAuth();
  const authorizationEndpoint = requireEndpoint(ctx, 'authorization_endpoint', 'authorization endpoint');
  const tokenUrl = requireEndpoint(ctx, 'token_endpoint', 'token endpoint');
  const configured = ctx.client.credential.redirectUri;
  if (configured && !(URL.canParse(configured) && isLoopbackUrl(new URL(configured)))) {
    throw new OAuth2Error(
      `The redirect URI must be a loopback address such as http://127.0.0.1:8765/callback ` +
        `so that Token Warden can receive the code; "${configured}" is not.`,
    );
  }

  const verifier = lib.generateRandomCodeVerifier();
  const state = lib.generateRandomState();
  const listener = await startLoopbackRedirect({
    redirectUri: configured,
    timeoutMs: interaction.signInTimeoutMs,
    signal: ctx.signal,
  });
  try {
    const url = new URL(authorizationEndpoint);
    const params: Record<string, string> = {
      client_id: ctx.client.credential.clientId,
      response_type: 'code',
      redirect_uri: listener.redirectUri,
      state,
      code_challenge: await lib.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...scopeParameters(ctx.client.credential),
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    await interaction.openBrowser(url.href);

    const callback = await listener.callback;
    let parameters: URLSearchParams;
    try {
      parameters = lib.validateAuthResponse(ctx.server, clientOf(ctx), callback, state);
    } catch (err) {
      throw wrapError('Sign-in', err);
    }
    const response = await lib.authorizationCodeGrantRequest(
      ctx.server,
      clientOf(ctx),
      clientAuth(lib, ctx),
      parameters,
      listener.redirectUri,
      verifier,
      requestOptions(lib, tokenUrl, ctx),
    );
    const result = await lib.processAuthorizationCodeResponse(ctx.server, clientOf(ctx), response);
    return toTokenSet(result, (ctx.now ?? Date.now)());
  } catch (err) {
    throw wrapError('Authorization code grant', err);
  } finally {
    listener.close();
  }
}

/**
 * Device authorization grant (RFC 8628): shows the user code, opens the verification page and
 * polls at the server's interval, 5 s slower after each `slow_down`, until approved or expired.
 */
export async function deviceCodeGrant(
  ctx: GrantContext,
  interaction: OAuth2Interaction,
): Promise<OAuth2TokenSet> {
  const lib = await loadOAuth();
  const deviceUrl = requireEndpoint(ctx, 'device_authorization_endpoint', 'device authorization endpoint');
  const tokenUrl = requireEndpoint(ctx, 'token_endpoint', 'token endpoint');
  let device: oauth.DeviceAuthorizationResponse;
  try {
    const response = await lib.deviceAuthorizationRequest(
      ctx.server,
      clientOf(ctx),
      clientAuth(lib, ctx),
      scopeParameters(ctx.client.credential),
      requestOptions(lib, deviceUrl, ctx),
    );
    device = await lib.processDeviceAuthorizationResponse(ctx.server, clientOf(ctx), response);
  } catch (err) {
    throw wrapError('Device authorization', err);
  }

  interaction.showDeviceCode?.({
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    expiresInSeconds: device.expires_in,
  });
  await interaction.openBrowser(device.verification_uri_complete ?? device.verification_uri);

  const now = ctx.now ?? Date.now;
  const deadline = now() + device.expires_in * 1000;
  const sleep = interaction.sleep ?? defaultSleep;
  let intervalMs = (device.interval ?? 5) * 1000;
  for (;;) {
    await sleep(intervalMs, ctx.signal);
    if (ctx.signal?.aborted) throw new OAuth2Error('Device sign-in was cancelled.');
    if (now() > deadline) throw new OAuth2Error('The device code expired before the sign-in was approved.');
    try {
      const response = await lib.deviceCodeGrantRequest(
        ctx.server,
        clientOf(ctx),
        clientAuth(lib, ctx),
        device.device_code,
        requestOptions(lib, tokenUrl, ctx),
      );
      const result = await lib.processDeviceCodeResponse(ctx.server, clientOf(ctx), response);
      return toTokenSet(result, now());
    } catch (err) {
      if (serverError(err)?.error === 'authorization_pending') continue;
      if (serverError(err)?.error === 'slow_down') {
        intervalMs += 5000;
        continue;
      }
      throw wrapError('Device code grant', err);
    }
  }
}

/**
 * Revokes the refresh token (which ends the whole grant on most servers) and the access token
 * at the RFC 7009 endpoint. Returns false when the server offers no revocation endpoint.
 */
export async function revokeTokens(ctx: GrantContext, tokens: OAuth2TokenSet): Promise<boolean> {
  const lib = await loadOAuth();
  const url = ctx.server.revocation_endpoint;
  if (!url) return false;
  const pairs: [string, string][] = [];
  if (tokens.refreshToken) pairs.push([tokens.refreshToken, 'refresh_token']);
  pairs.push([tokens.accessToken, 'access_token']);
  try {
    for (const [token, hint] of pairs) {
      const response = await lib.revocationRequest(ctx.server, clientOf(ctx), clientAuth(lib, ctx), token, {
        ...requestOptions(lib, url, ctx),
        additionalParameters: { token_type_hint: hint },
      });
      await lib.processRevocationResponse(response);
    }
  } catch (err) {
    throw wrapError('Revoking the tokens', err);
  }
  return true;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
