import type * as oauth from 'oauth4webapi' with { 'resolution-mode': 'import' };
import { secretKey, type OAuth2TokenSet, type SecretStore } from '../environments/model';
import type { AuthHandler, HttpResponse } from '../http/client';
import { authorizationServerFor, OAuth2Error } from './authorizationServer';
import {
  authorizationCodeGrant,
  clientCredentialsGrant,
  deviceCodeGrant,
  refreshTokenGrant,
  revokeTokens,
  type GrantContext,
  type OAuth2Client,
  type OAuth2Interaction,
} from './grants';

/** Where obtained tokens are kept: SecretStorage in the editor, a Map in tests, memory in the CLI. */
export interface TokenCache {
  get(env: string, credential: string): Promise<OAuth2TokenSet | undefined>;
  store(env: string, credential: string, tokens: OAuth2TokenSet): Promise<void>;
  forget(env: string, credential: string): Promise<void>;
}

/**
 * A TokenCache over a SecretStore with the environments model's keys: the set as JSON under
 * `tokenSet`, and `accessToken`/`refreshToken` on their own so `{{NAME}}` finds them.
 */
export function secretStoreTokenCache(secrets: SecretStore, workspaceId: string): TokenCache {
  const key = (env: string, credential: string, field: string) =>
    secretKey(workspaceId, env, credential, field);
  return {
    async get(env, credential) {
      const json = await secrets.get(key(env, credential, 'tokenSet'));
      if (!json) return undefined;
      try {
        const parsed = JSON.parse(json) as OAuth2TokenSet;
        return typeof parsed.accessToken === 'string' ? parsed : undefined;
      } catch {
        return undefined;
      }
    },
    async store(env, credential, tokens) {
      await secrets.store(key(env, credential, 'tokenSet'), JSON.stringify(tokens));
      await secrets.store(key(env, credential, 'accessToken'), tokens.accessToken);
      if (tokens.refreshToken) await secrets.store(key(env, credential, 'refreshToken'), tokens.refreshToken);
      else await secrets.delete(key(env, credential, 'refreshToken'));
    },
    async forget(env, credential) {
      for (const field of ['tokenSet', 'accessToken', 'refreshToken'])
        await secrets.delete(key(env, credential, field));
    },
  };
}

export interface TokenManagerOptions {
  cache: TokenCache;
  /** The OAuth2 credential and its client secret; undefined when there is no such credential. */
  client(env: string, credential: string): Promise<OAuth2Client | undefined>;
  interaction: OAuth2Interaction;
  /** A token expiring within this many ms is refreshed before use (default 60 s). */
  refreshBeforeExpiryMs?: number;
  now?: () => number;
  timeoutMs?: number;
  /** Secret-free progress lines ("refreshed token of api (dev)"). */
  log?(message: string): void;
  /** Told about every token obtained, so loggers can mask it. */
  onTokens?(tokens: OAuth2TokenSet): void;
}

/**
 * Obtains, caches, refreshes and revokes the tokens of OAuth2 credentials.
 *
 * - A cached token that does not expire within `refreshBeforeExpiryMs` is used as is.
 * - Otherwise its refresh token is used; without one (or when the server refuses it) the
 *   credential's grant runs again.
 * - All callers that need a new token for the same credential at the same time share one
 *   request to the token endpoint.
 * - After a 401 a token is refreshed only if it is still the cached one, so ten requests failing
 *   together cause one refresh, and each request is retried once (the client's rule).
 */
export class OAuth2TokenManager {
  private readonly inFlight = new Map<string, Promise<OAuth2TokenSet>>();
  private readonly servers = new Map<string, Promise<oauth.AuthorizationServer>>();
  /** The last set this manager obtained per credential, for 401s that arrive after its renewal. */
  private readonly lastIssued = new Map<string, OAuth2TokenSet>();

  constructor(private readonly options: TokenManagerOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  isFresh(tokens: OAuth2TokenSet): boolean {
    return (
      tokens.expiresAt === undefined ||
      tokens.expiresAt - (this.options.refreshBeforeExpiryMs ?? 60_000) > this.now()
    );
  }

  /** A usable access token: the cached one while fresh, else refreshed or newly obtained. */
  async getToken(env: string, credential: string, signal?: AbortSignal): Promise<OAuth2TokenSet> {
    const cached = await this.options.cache.get(env, credential);
    if (cached && this.isFresh(cached)) return cached;
    return this.once(env, credential, () => this.renew(env, credential, cached, signal));
  }

  /** A new token now (the Refresh command), whatever the cached one's expiry. */
  async refresh(env: string, credential: string, signal?: AbortSignal): Promise<OAuth2TokenSet> {
    return this.once(env, credential, async () =>
      this.renew(env, credential, await this.options.cache.get(env, credential), signal),
    );
  }

  /** After the server rejected `rejectedToken`: a new token, unless another caller already got one. */
  async replaceRejected(
    env: string,
    credential: string,
    rejectedToken: string | undefined,
    signal?: AbortSignal,
  ): Promise<OAuth2TokenSet> {
    const key = this.key(env, credential);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const cached = await this.options.cache.get(env, credential);
    // While the cache was read another caller may have renewed, finished and left inFlight; its
    // new token answers this 401 too, so one rejected token costs one renewal, not two.
    const pendingNow = this.inFlight.get(key);
    if (pendingNow) return pendingNow;
    if (rejectedToken !== undefined) {
      for (const candidate of [cached, this.lastIssued.get(key)]) {
        if (candidate && candidate.accessToken !== rejectedToken) return candidate;
      }
    }
    return this.once(env, credential, () => this.renew(env, credential, cached, signal));
  }

  /** Revokes at the server when it offers revocation; the cache is cleared either way. */
  async revoke(env: string, credential: string, signal?: AbortSignal): Promise<{ revoked: boolean }> {
    const cached = await this.options.cache.get(env, credential);
    if (!cached) return { revoked: false };
    const ctx = await this.context(env, credential, signal);
    const revoked = await revokeTokens(ctx, cached);
    await this.options.cache.forget(env, credential);
    this.lastIssued.delete(this.key(env, credential));
    this.options.log?.(
      `${revoked ? 'revoked and forgot' : 'forgot (no revocation endpoint)'} tokens of ` +
        `${credential} (${env})`,
    );
    return { revoked };
  }

  async forget(env: string, credential: string): Promise<void> {
    await this.options.cache.forget(env, credential);
    this.lastIssued.delete(this.key(env, credential));
  }

  /** An AuthHandler for the HTTP client that attaches and renews tokens of `env`'s credentials. */
  authHandler(env: string): AuthHandler {
    return {
      apply: async (request, resolved, signal) => {
        const tokens = await this.getToken(env, resolved.name, signal);
        request.secrets.add(tokens.accessToken);
        setHeader(request.headers, 'Authorization', `Bearer ${tokens.accessToken}`);
      },
      onUnauthorized: async (resolved, response: HttpResponse) => {
        const rejected = bearerToken(response.request.headers);
        try {
          const tokens = await this.replaceRejected(env, resolved.name, rejected);
          return tokens.accessToken !== rejected;
        } catch (err) {
          this.options.log?.(
            `could not renew the token of ${resolved.name} (${env}) after a 401: ` +
              `${err instanceof Error ? err.message : String(err)}`,
          );
          return false;
        }
      },
    };
  }

  private key(env: string, credential: string): string {
    return `${env}\n${credential}`;
  }

  private once(env: string, credential: string, run: () => Promise<OAuth2TokenSet>): Promise<OAuth2TokenSet> {
    const key = this.key(env, credential);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const promise = run().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private async renew(
    env: string,
    credential: string,
    cached: OAuth2TokenSet | undefined,
    signal?: AbortSignal,
  ): Promise<OAuth2TokenSet> {
    const ctx = await this.context(env, credential, signal);
    let tokens: OAuth2TokenSet | undefined;
    if (cached?.refreshToken) {
      try {
        tokens = await refreshTokenGrant(ctx, cached.refreshToken, cached);
        this.options.log?.(`refreshed the token of ${credential} (${env})`);
      } catch (err) {
        // An expired or revoked refresh token is normal; anything else is worth reporting.
        if (!(err instanceof OAuth2Error && err.code === 'invalid_grant')) throw err;
        this.options.log?.(`the refresh token of ${credential} (${env}) was refused; signing in again`);
      }
    }
    tokens ??= await this.obtain(ctx, env, credential);
    this.options.onTokens?.(tokens);
    await this.options.cache.store(env, credential, tokens);
    this.lastIssued.set(this.key(env, credential), tokens);
    return tokens;
  }

  private async obtain(ctx: GrantContext, env: string, credential: string): Promise<OAuth2TokenSet> {
    const grant = ctx.client.credential.grant;
    this.options.log?.(`obtaining a token for ${credential} (${env}) with the ${grant} grant`);
    switch (grant) {
      case 'client_credentials':
        return clientCredentialsGrant(ctx);
      case 'authorization_code':
        return authorizationCodeGrant(ctx, this.options.interaction);
      case 'device_code':
        return deviceCodeGrant(ctx, this.options.interaction);
      case 'refresh_token':
        if (ctx.client.refreshToken) return refreshTokenGrant(ctx, ctx.client.refreshToken);
        throw new OAuth2Error(
          `"${credential}" uses the refresh_token grant but has no refresh token stored; ` +
            'store one as its refreshToken, or use another grant.',
        );
    }
  }

  private async context(env: string, credential: string, signal?: AbortSignal): Promise<GrantContext> {
    const client = await this.options.client(env, credential);
    if (!client)
      throw new OAuth2Error(`There is no OAuth2 credential "${credential}" in environment "${env}".`);
    const c = client.credential;
    const serverKey = JSON.stringify([
      c.issuer,
      c.authorizationEndpoint,
      c.tokenEndpoint,
      c.deviceAuthorizationEndpoint,
      c.revocationEndpoint,
    ]);
    let server = this.servers.get(serverKey);
    if (!server) {
      server = authorizationServerFor(c, { signal, timeoutMs: this.options.timeoutMs });
      this.servers.set(serverKey, server);
      // A failed discovery is retried next time instead of being remembered.
      server.catch(() => this.servers.delete(serverKey));
    }
    return { server: await server, client, signal, timeoutMs: this.options.timeoutMs, now: this.options.now };
  }
}

function bearerToken(headers: [string, string][]): string | undefined {
  const value = headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1];
  return value && /^bearer /i.test(value) ? value.slice(7).trim() : undefined;
}

function setHeader(headers: [string, string][], name: string, value: string): void {
  const lower = name.toLowerCase();
  for (let i = headers.length - 1; i >= 0; i--)
    if (headers[i][0].toLowerCase() === lower) headers.splice(i, 1);
  headers.push([name, value]);
}
