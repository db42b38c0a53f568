import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real authorization server (oidc-provider) on 127.0.0.1 for OAuth2 tests, plus a resource
 * server that accepts only tokens the authorization server issued and has not revoked.
 *
 * Clients: `cc-client` (client credentials, secret in `clientSecret`), `code-client` (public,
 * authorization code + PKCE with any loopback redirect port, refresh tokens) and `device-client`
 * (public, device code + refresh tokens). Access tokens are opaque; the resource server looks them
 * up in the provider, which is what introspection would tell it.
 */
export interface OidcTestServer {
  issuer: string;
  clientSecret: string;
  /** Base URL of the resource server; every path answers 200 with JSON, or 401. */
  resourceUrl: string;
  /** Requests that reached each endpoint path (`/token`, `/token/revocation`, ...). */
  hits: Map<string, number>;
  /** Tokens the resource server saw, in order. */
  seenTokens: string[];
  /** Requests with this token get 401 from now on, as if the server had dropped it. */
  rejectToken(token: string): void;
  /** Forgets the tokens passed to `rejectToken`. */
  resetRejections(): void;
  /** Every request gets 401 while set. */
  alwaysReject: boolean;
  /** Completes a pending device authorization as user `alice` (what the user does in a browser). */
  approveDevice(userCode: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOidcServer(): Promise<OidcTestServer> {
  const clientSecret = randomBytes(24).toString('base64url');
  const hits = new Map<string, number>();

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'cc-client',
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: 'code-client',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
      {
        client_id: 'device-client',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    features: {
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      deviceFlow: { enabled: true },
      devInteractions: { enabled: true },
    },
    scopes: ['openid', 'offline_access', 'api:read'],
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    ttl: { AccessToken: 3600, ClientCredentials: 3600, DeviceCode: 600 },
  });
  // oidc-provider refuses plain http for some checks unless it knows it is behind nothing.
  provider.proxy = false;
  const callback = provider.callback();

  const resource = http.createServer((req, res) => void serveResource(req, res));
  await new Promise<void>((resolve) => resource.listen(0, '127.0.0.1', resolve));
  const resourceUrl = `http://127.0.0.1:${(resource.address() as AddressInfo).port}`;

  const rejected = new Set<string>();
  const state: OidcTestServer = {
    issuer,
    clientSecret,
    resourceUrl,
    hits,
    seenTokens: [],
    alwaysReject: false,
    rejectToken: (token) => void rejected.add(token),
    resetRejections: () => rejected.clear(),
    approveDevice: async (userCode) => {
      const code = await provider.DeviceCode.findByUserCode(userCode.replace(/-/g, ''), {
        ignoreExpiration: true,
      });
      if (!code) throw new Error(`no pending device authorization for ${userCode}`);
      const grant = new provider.Grant({ accountId: 'alice', clientId: code.clientId });
      grant.addOIDCScope(
        [...new Set(['openid', 'offline_access', ...(code.scope ?? '').split(' ')])].join(' '),
      );
      const grantId = await grant.save();
      code.accountId = 'alice';
      code.grantId = grantId;
      code.authTime = Math.floor(Date.now() / 1000);
      await code.save();
    },
    close: async () => {
      server.closeAllConnections();
      resource.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => server.close(resolve)),
        new Promise((resolve) => resource.close(resolve)),
      ]);
    },
  };

  server.on('request', (req, res) => {
    const pathname = new URL(req.url ?? '/', issuer).pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    callback(req, res);
  });

  async function serveResource(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token) state.seenTokens.push(token);
    const found = token
      ? ((await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token)))
      : undefined;
    const ok = !!found && !state.alwaysReject && !rejected.has(token!);
    res.statusCode = ok ? 200 : 401;
    res.setHeader('content-type', 'application/json');
    if (!ok) res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
    res.end(
      JSON.stringify(
        ok ? { ok: true, path: req.url, clientId: found?.clientId } : { error: 'invalid_token' },
      ),
    );
  }

  return state;
}
