import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuth2Credential, OAuth2TokenSet } from '../../../src/core/environments/model';
import type { ResolvedRequest } from '../../../src/core/http/resolve';
import { sendRequest, type SendResult } from '../../../src/core/http/client';
import {
  OAuth2TokenManager,
  secretStoreTokenCache,
  type TokenCache,
} from '../../../src/core/oauth/tokenManager';
import type { OAuth2Interaction } from '../../../src/core/oauth/grants';
import { startOidcServer, type OidcTestServer } from '../../support/oidcServer';

let server: OidcTestServer;
before(async () => {
  server = await startOidcServer();
});
after(async () => {
  await server.close();
});

const ENV = 'dev';

function memoryCache(): TokenCache & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const cache = secretStoreTokenCache(
    {
      get: async (k) => map.get(k),
      store: async (k, v) => void map.set(k, v),
      delete: async (k) => void map.delete(k),
    },
    'ws',
  );
  return Object.assign(cache, { map });
}

function credential(overrides: Partial<OAuth2Credential> = {}): OAuth2Credential {
  return {
    type: 'oauth2',
    grant: 'client_credentials',
    issuer: server.issuer,
    clientId: 'cc-client',
    origins: [server.resourceUrl],
    ...overrides,
  };
}

function manager(
  cred: OAuth2Credential,
  options: { cache?: TokenCache; interaction?: Partial<OAuth2Interaction>; secret?: string | null } = {},
) {
  const logs: string[] = [];
  const cache = options.cache ?? memoryCache();
  const mgr = new OAuth2TokenManager({
    cache,
    client: async (_env, name) =>
      name === 'api'
        ? {
            credential: cred,
            clientSecret: options.secret === null ? undefined : (options.secret ?? server.clientSecret),
          }
        : undefined,
    interaction: { openBrowser: () => undefined, ...options.interaction },
    log: (m) => logs.push(m),
  });
  return { mgr, cache, logs };
}

function apiRequest(cred: OAuth2Credential, pathname = '/items'): ResolvedRequest {
  const auth = { name: 'api', credential: cred, secrets: {} };
  return {
    index: 0,
    metadata: {},
    method: 'GET',
    url: `${server.resourceUrl}${pathname}`,
    headers: [],
    auth,
    credentials: [auth],
    secrets: [],
    followRedirects: true,
    useCookieJar: false,
  };
}

function status(result: SendResult): number {
  assert.equal(result.kind, 'response', result.kind === 'failed' ? result.error.message : result.kind);
  return (result as Extract<SendResult, { kind: 'response' }>).response.status;
}

const tokenHits = () => server.hits.get('/token') ?? 0;

beforeEach(() => {
  server.hits.clear();
  server.seenTokens.length = 0;
  server.alwaysReject = false;
  server.resetRejections();
});

test('client credentials: a token the resource server accepts, then the cached one is reused', async () => {
  const cred = credential();
  const { mgr, cache } = manager(cred);
  const first = status(
    await sendRequest(apiRequest(cred), { authHandlers: { oauth2: mgr.authHandler(ENV) } }),
  );
  const second = status(
    await sendRequest(apiRequest(cred), { authHandlers: { oauth2: mgr.authHandler(ENV) } }),
  );

  assert.equal(first, 200);
  assert.equal(second, 200);
  assert.equal(tokenHits(), 1);
  assert.equal(server.seenTokens[0], server.seenTokens[1]);
  const cached = await cache.get(ENV, 'api');
  assert.equal(cached?.accessToken, server.seenTokens[0]);
  assert.ok(cached?.expiresAt && cached.expiresAt > Date.now() + 3_000_000, 'expiry from expires_in is kept');
});

test('a token expiring within 60 seconds is replaced before it is used', async () => {
  const cred = credential();
  const { mgr, cache } = manager(cred);
  const old = await mgr.getToken(ENV, 'api');
  await cache.store(ENV, 'api', { ...old, expiresAt: Date.now() + 30_000 });

  assert.equal(
    status(await sendRequest(apiRequest(cred), { authHandlers: { oauth2: mgr.authHandler(ENV) } })),
    200,
  );
  assert.equal(tokenHits(), 2);
  assert.notEqual(server.seenTokens[0], old.accessToken);
});

test('a 401 causes one token renewal and one retry, which succeeds', async () => {
  const cred = credential();
  const { mgr } = manager(cred);
  server.rejectToken((await mgr.getToken(ENV, 'api')).accessToken);

  const result = await sendRequest(apiRequest(cred), { authHandlers: { oauth2: mgr.authHandler(ENV) } });
  assert.equal(status(result), 200);
  assert.equal(server.seenTokens.length, 2);
  assert.notEqual(server.seenTokens[0], server.seenTokens[1], 'the retry carries the new token');
  assert.equal(tokenHits(), 2);
});

test('a server that always answers 401 gets exactly one retry, never a loop', async () => {
  const cred = credential();
  const { mgr } = manager(cred);
  server.alwaysReject = true;

  const result = await sendRequest(apiRequest(cred), { authHandlers: { oauth2: mgr.authHandler(ENV) } });
  assert.equal(status(result), 401);
  assert.equal(server.seenTokens.length, 2);
  assert.equal(tokenHits(), 2, 'one token for the first try, one renewal');
});

test('concurrent requests share one token request, and one renewal after they all get 401', async () => {
  const cred = credential();
  const { mgr } = manager(cred);
  const send = () => sendRequest(apiRequest(cred), { authHandlers: { oauth2: mgr.authHandler(ENV) } });

  const firstRound = await Promise.all(Array.from({ length: 6 }, send));
  assert.deepEqual(firstRound.map(status), [200, 200, 200, 200, 200, 200]);
  assert.equal(tokenHits(), 1);

  const oldToken = server.seenTokens[0];
  server.rejectToken(oldToken);
  server.seenTokens.length = 0;
  const secondRound = await Promise.all(Array.from({ length: 6 }, send));
  assert.deepEqual(secondRound.map(status), [200, 200, 200, 200, 200, 200]);
  assert.equal(tokenHits(), 2, 'six rejected requests caused a single renewal');
  const retries = server.seenTokens.filter((t) => t !== oldToken);
  assert.equal(retries.length, 6);
  assert.equal(new Set(retries).size, 1, 'all retries use the one new token');
});

test('a 401 whose cache read finishes after another caller renewed reuses that renewal', async () => {
  const cred = credential();
  const inner = memoryCache();
  // The next read sees the cache as it is now but answers only when released, like a slow
  // SecretStorage read overtaken by another request's whole renewal.
  let gate: { release: () => void } | undefined;
  const cache: TokenCache = {
    ...inner,
    get: async (env, name) => {
      const value = await inner.get(env, name);
      if (!gate) return value;
      await new Promise<void>((resolve) => (gate = { release: resolve }));
      return value;
    },
  };
  const { mgr } = manager(cred, { cache });
  const rejected = (await mgr.getToken(ENV, 'api')).accessToken;

  gate = { release: () => undefined };
  const slow = mgr.replaceRejected(ENV, 'api', rejected);
  await new Promise((resolve) => setImmediate(resolve));
  const held = gate;
  gate = undefined;
  const fast = await mgr.replaceRejected(ENV, 'api', rejected);
  held.release();
  const late = await slow;

  assert.notEqual(fast.accessToken, rejected);
  assert.equal(late.accessToken, fast.accessToken, 'the slow caller uses the renewal that already happened');
  assert.equal(tokenHits(), 2, 'one token, then a single renewal');
});

test('revocation: the token stops working at the server and the cache is cleared', async () => {
  const cred = credential();
  const { mgr, cache } = manager(cred);
  const tokens = await mgr.getToken(ENV, 'api');
  assert.deepEqual(await mgr.revoke(ENV, 'api'), { revoked: true });

  assert.equal(await cache.get(ENV, 'api'), undefined);
  assert.ok((server.hits.get('/token/revocation') ?? 0) >= 1);
  const stale: SendResult = await sendRequest({
    ...apiRequest(cred),
    auth: undefined,
    credentials: [],
    headers: [['Authorization', `Bearer ${tokens.accessToken}`]],
  });
  assert.equal(status(stale), 401);
});

test('a wrong client secret fails with the server error and never shows the secret', async () => {
  const canary = `canary-${Math.random().toString(36).slice(2)}-secret`;
  const cred = credential();
  const { mgr } = manager(cred, { secret: canary });
  await assert.rejects(mgr.getToken(ENV, 'api'), (err: Error) => {
    assert.match(err.message, /invalid_client/);
    assert.ok(!err.message.includes(canary));
    return true;
  });
});

test('plain http is refused for an issuer that is not a loopback address', async () => {
  const { mgr } = manager(credential({ issuer: 'http://auth.example.test' }));
  await assert.rejects(mgr.getToken(ENV, 'api'), /must use https/);
});

test('device code against oidc-provider: shows the user code, polls until approved', async () => {
  const cred = credential({
    grant: 'device_code',
    clientId: 'device-client',
    scopes: ['openid', 'offline_access'],
  });
  const opened: string[] = [];
  let approved: Promise<void> | undefined;
  const sleeps: number[] = [];
  const { mgr } = manager(cred, {
    secret: null,
    interaction: {
      openBrowser: (url) => void opened.push(url),
      showDeviceCode: ({ userCode }) => {
        // The user approves a moment later, as they would in a browser.
        approved = new Promise((resolve) => setTimeout(resolve, 300)).then(() =>
          server.approveDevice(userCode),
        );
      },
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    },
  });
  const tokens = await mgr.getToken(ENV, 'api');
  await approved;

  assert.equal(opened.length, 1);
  assert.match(opened[0], /^http:\/\/127\.0\.0\.1:\d+\/device/);
  assert.ok(tokens.refreshToken, 'offline_access gives a refresh token');
  assert.ok(sleeps.length >= 2, 'polled while authorization was pending');
  const refreshed = await mgr.refresh(ENV, 'api');
  assert.notEqual(refreshed.accessToken, tokens.accessToken);
});

test('authorization code: a callback with a different state is refused', async () => {
  const cred = credential({ grant: 'authorization_code', clientId: 'code-client', scopes: ['openid'] });
  const { mgr } = manager(cred, {
    secret: null,
    interaction: {
      openBrowser: async (url) => {
        const redirect = new URL(url).searchParams.get('redirect_uri')!;
        const iss = encodeURIComponent(server.issuer);
        await fetch(`${redirect}?code=forged&state=not-the-one&iss=${iss}`);
      },
    },
  });
  await assert.rejects(mgr.getToken(ENV, 'api'), /state/i);
});

test('authorization code with PKCE through the real login and consent pages in Chromium', async (t) => {
  if (!fs.existsSync('/usr/bin/chromium')) {
    t.skip('needs /usr/bin/chromium');
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    let authorizationUrl: URL | undefined;
    const cred = credential({
      grant: 'authorization_code',
      clientId: 'code-client',
      scopes: ['openid', 'offline_access', 'api:read'],
    });
    const { mgr, cache } = manager(cred, {
      secret: null,
      interaction: {
        openBrowser: async (url) => {
          authorizationUrl = new URL(url);
          await page.goto(url);
          await page.fill('input[name="login"]', 'alice', { timeout: 60_000 });
          await page.fill('input[name="password"]', 'any');
          await page.click('button[type="submit"]');
          await page.click('button[type="submit"]', { timeout: 60_000 });
        },
      },
    });
    const tokens = await mgr.getToken(ENV, 'api');
    await page.getByText('You can close this tab').waitFor({ timeout: 60_000 });

    assert.equal(authorizationUrl?.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorizationUrl?.searchParams.get('state'));
    assert.match(
      authorizationUrl?.searchParams.get('redirect_uri') ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\/callback$/,
    );
    assert.ok(tokens.refreshToken && tokens.idToken);
    assert.equal(
      status(await sendRequest(apiRequest(cred), { authHandlers: { oauth2: mgr.authHandler(ENV) } })),
      200,
    );

    // The listener answered once and is gone.
    await assert.rejects(fetch(authorizationUrl!.searchParams.get('redirect_uri')!));

    // Expiry forces the refresh token grant, without the browser.
    await cache.store(ENV, 'api', { ...(tokens as OAuth2TokenSet), expiresAt: Date.now() - 1 });
    const before = server.hits.get('/auth') ?? 0;
    const refreshed = await mgr.getToken(ENV, 'api');
    assert.notEqual(refreshed.accessToken, tokens.accessToken);
    assert.equal(server.hits.get('/auth') ?? 0, before, 'no new browser sign-in');

    assert.deepEqual(await mgr.revoke(ENV, 'api'), { revoked: true });
    const after = await sendRequest({
      ...apiRequest(cred),
      auth: undefined,
      credentials: [],
      headers: [['Authorization', `Bearer ${refreshed.accessToken}`]],
    });
    assert.equal(status(after), 401);
  } finally {
    await browser.close();
  }
});

test('device code: slow_down adds 5 seconds to the polling interval', async () => {
  const answers = [
    { error: 'slow_down' },
    { error: 'authorization_pending' },
    { access_token: 'tok', token_type: 'Bearer' },
  ];
  const fake = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/device') {
      res.end(
        JSON.stringify({
          device_code: 'dc',
          user_code: 'ABCD-EFGH',
          verification_uri: 'http://127.0.0.1/verify',
          expires_in: 600,
          interval: 1,
        }),
      );
      return;
    }
    const answer = answers.shift()!;
    res.statusCode = 'error' in answer ? 400 : 200;
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  try {
    const sleeps: number[] = [];
    const cred = credential({
      grant: 'device_code',
      clientId: 'device-client',
      issuer: undefined,
      tokenEndpoint: `${base}/token`,
      deviceAuthorizationEndpoint: `${base}/device`,
    });
    const { mgr } = manager(cred, {
      secret: null,
      interaction: { sleep: async (ms) => void sleeps.push(ms) },
    });
    assert.equal((await mgr.getToken(ENV, 'api')).accessToken, 'tok');
    assert.deepEqual(sleeps, [1000, 6000, 6000]);
  } finally {
    fake.close();
  }
});
