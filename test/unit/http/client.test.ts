import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Credential } from '../../../src/core/environments/model';
import { parseHttpFile } from '../../../src/core/http/parser';
import { resolveRequest, type VariableEnvironment } from '../../../src/core/http/resolve';
import {
  sendRequest,
  shouldVerifyTls,
  type AuthHandler,
  type SendOptions,
  type SendResult,
} from '../../../src/core/http/client';
import { CookieJar } from '../../../src/core/http/cookieJar';
import { formatRequestLogLine } from '../../../src/core/http/requestLog';
import { Redactor } from '../../../src/core/redact';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback server that records what it receives and answers by path. */
function startServer(): Promise<{ origin: string; seen: Seen[]; server: http.Server }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/redirect') {
        res.writeHead(Number(url.searchParams.get('status') ?? 302), {
          location: url.searchParams.get('to')!,
        });
        res.end();
      } else if (url.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else if (url.pathname === '/set-cookie') {
        res.setHeader('set-cookie', ['sid=s-1; Path=/', 'admin=a-1; Path=/admin', 'gone=x; Max-Age=0']);
        res.end('ok');
      } else if (url.pathname === '/stall-body') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part');
        // The rest never comes: for the body timeout.
      } else if (url.pathname === '/needs-fresh') {
        res.writeHead(req.headers.authorization === 'Bearer fresh-token' ? 200 : 401);
        res.end();
      } else if (url.pathname === '/hang') {
        // Never answers: for timeouts and cancel.
      } else if (url.pathname === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(JSON.stringify({ ok: 'ü' })));
      } else if (url.pathname === '/status') {
        res.writeHead(Number(url.searchParams.get('code')), 'Custom Text');
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ path: req.url }));
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server }),
    ),
  );
}

let a: Awaited<ReturnType<typeof startServer>>;
let b: Awaited<ReturnType<typeof startServer>>;

before(async () => {
  a = await startServer();
  b = await startServer();
});

after(() => {
  for (const s of [a, b]) {
    s.server.closeAllConnections();
    s.server.close();
  }
});

const canary = (label: string) => `canary-${label}-${Math.random().toString(36).slice(2, 12)}`;

function environment(
  credentials: Record<string, { credential: Credential; secrets: Record<string, string> }>,
): VariableEnvironment {
  return {
    name: 'test',
    variableNames: () => ['A', 'B'],
    credentialNames: () => Object.keys(credentials),
    variable: (n) => (n === 'A' ? a.origin : n === 'B' ? b.origin : undefined),
    credential: async (n) => (credentials[n] ? { name: n, ...credentials[n] } : undefined),
  };
}

async function send(
  text: string,
  credentials: Parameters<typeof environment>[0] = {},
  options: SendOptions = {},
): Promise<SendResult> {
  const file = parseHttpFile(text);
  const resolved = await resolveRequest(file, file.requests[0], { environment: environment(credentials) });
  if (!resolved.ok) assert.fail(resolved.errors.map((e) => e.message).join('; '));
  return sendRequest(resolved.request, options);
}

function response(result: SendResult) {
  if (result.kind !== 'response') assert.fail(`expected a response, got ${JSON.stringify(result)}`);
  return result.response;
}

const last = (s: { seen: Seen[] }) => s.seen[s.seen.length - 1];

test('API key credential in a header', async () => {
  const value = canary('key');
  const creds = {
    KEY: {
      credential: { type: 'apiKey', in: 'header', name: 'X-API-Key', origins: [a.origin] } as Credential,
      secrets: { value },
    },
  };
  response(await send('# @auth KEY\nGET {{A}}/echo', creds));
  assert.equal(last(a).headers['x-api-key'], value);
});

test('API key credential in the query string', async () => {
  const value = canary('q');
  const creds = {
    KEY: {
      credential: { type: 'apiKey', in: 'query', name: 'api_key', origins: [a.origin] } as Credential,
      secrets: { value },
    },
  };
  const res = response(await send('# @auth KEY\nGET {{A}}/echo?x=1', creds));
  assert.equal(new URL(last(a).url, 'http://x').searchParams.get('api_key'), value);
  assert.equal(res.status, 200);
});

test('Basic credential', async () => {
  const password = canary('pw');
  const creds = {
    SVC: {
      credential: { type: 'basic', username: 'alice', origins: [a.origin] } as Credential,
      secrets: { password },
    },
  };
  const res = response(await send('# @auth SVC\nGET {{A}}/echo', creds));
  const header = String(last(a).headers.authorization);
  assert.equal(Buffer.from(header.replace(/^Basic /, ''), 'base64').toString(), `alice:${password}`);
  assert.ok(res.secrets.includes(header.slice(6)), 'the encoded pair is tracked as a secret');
});

test('Bearer credential via @auth and via {{NAME}} in a header', async () => {
  const token = canary('tok');
  const creds = {
    TOKEN: { credential: { type: 'bearer', origins: [a.origin] } as Credential, secrets: { token } },
  };
  response(await send('# @auth TOKEN\nGET {{A}}/echo', creds));
  assert.equal(last(a).headers.authorization, `Bearer ${token}`);
  response(await send('GET {{A}}/echo\nAuthorization: Bearer {{TOKEN}}', creds));
  assert.equal(last(a).headers.authorization, `Bearer ${token}`);
});

test('a credential is not sent to an origin it is not allowed for until confirmed', async () => {
  const token = canary('tok');
  const creds = {
    TOKEN: { credential: { type: 'bearer', origins: [b.origin] } as Credential, secrets: { token } },
  };
  const before = a.seen.length;
  const refused = await send('GET {{A}}/echo\nAuthorization: Bearer {{TOKEN}}', creds);
  assert.deepEqual(refused, {
    kind: 'needsConfirmation',
    credential: 'TOKEN',
    origin: a.origin,
    allowedOrigins: [b.origin],
  });
  assert.equal(a.seen.length, before, 'nothing reached the server');
  const confirmed = await send('GET {{A}}/echo\nAuthorization: Bearer {{TOKEN}}', creds, {
    confirmedOrigins: [{ credential: 'TOKEN', origin: a.origin }],
  });
  assert.equal(response(confirmed).status, 200);
});

test('a redirect to another origin drops Authorization, Cookie and secret query values', async () => {
  const token = canary('tok');
  const key = canary('key');
  const creds = {
    TOKEN: { credential: { type: 'bearer', origins: [a.origin] } as Credential, secrets: { token } },
    KEY: { credential: { type: 'secret', origins: [a.origin] } as Credential, secrets: { value: key } },
  };
  const to = encodeURIComponent(`${b.origin}/landing?k=${key}&keep=1`);
  const res = response(
    await send(
      `# @auth TOKEN\nGET {{A}}/redirect?to=${to}\nCookie: session=s1\nX-Custom: {{KEY}}\nX-Plain: yes`,
      creds,
    ),
  );
  const landed = last(b);
  assert.equal(landed.headers.authorization, undefined);
  assert.equal(landed.headers.cookie, undefined);
  assert.equal(landed.headers['x-custom'], undefined);
  assert.equal(landed.headers['x-plain'], 'yes');
  assert.equal(landed.url, '/landing?keep=1');
  assert.deepEqual(
    res.redirects.map((r) => r.status),
    [302],
  );
  assert.equal(res.url, `${b.origin}/landing?keep=1`);
});

test('a 307 to another origin is not followed when the body holds a credential', async () => {
  const token = canary('tok');
  const creds = {
    TOKEN: { credential: { type: 'secret', origins: [a.origin] } as Credential, secrets: { value: token } },
  };
  const before = b.seen.length;
  const to = encodeURIComponent(`${b.origin}/landing`);
  const result = await send(
    `POST {{A}}/redirect?to=${to}&status=307\nContent-Type: application/json\n\n{"token": "{{TOKEN}}"}`,
    creds,
  );
  if (result.kind !== 'failed') assert.fail(`expected a refusal, got ${result.kind}`);
  assert.equal(b.seen.length, before, 'the other origin received nothing');
  assert.match(result.error.message, /redirect to .*body holds a credential/);
  assert.ok(!result.error.message.includes(token));
  response(await send(`POST {{A}}/redirect?to=${to}&status=307\nContent-Type: text/plain\n\nhello`));
  assert.deepEqual([last(b).method, last(b).body], ['POST', 'hello'], 'a body without secrets still follows');
});

test('a same-origin redirect keeps Authorization and Cookie', async () => {
  const token = canary('tok');
  const creds = {
    TOKEN: { credential: { type: 'bearer', origins: [a.origin] } as Credential, secrets: { token } },
  };
  response(await send('# @auth TOKEN\nGET {{A}}/redirect?to=/after&status=307\nCookie: session=s1', creds));
  assert.equal(last(a).url, '/after');
  assert.equal(last(a).headers.authorization, `Bearer ${token}`);
  assert.equal(last(a).headers.cookie, 'session=s1');
});

test('303 turns a POST into a GET without body; 307 keeps both', async () => {
  response(await send('POST {{A}}/redirect?to=/after303&status=303\nContent-Type: text/plain\n\nhello'));
  assert.deepEqual([last(a).method, last(a).body, last(a).headers['content-type']], ['GET', '', undefined]);
  response(await send('POST {{A}}/redirect?to=/after307&status=307\nContent-Type: text/plain\n\nhello'));
  assert.deepEqual([last(a).method, last(a).body], ['POST', 'hello']);
});

test('@no-redirect returns the redirect itself; loops stop after the limit', async () => {
  const res = response(await send('# @no-redirect\nGET {{A}}/redirect?to=/x'));
  assert.equal(res.status, 302);
  const loop = await send('GET {{A}}/loop', {}, { maxRedirects: 3 });
  assert.equal(loop.kind === 'failed' && loop.error.code, 'tooManyRedirects');
});

test('cookie jar: cookies set by a response go back on matching paths only', async () => {
  const jar = new CookieJar();
  response(await send('GET {{A}}/set-cookie', {}, { cookieJar: jar }));
  response(await send('GET {{A}}/echo', {}, { cookieJar: jar }));
  assert.equal(last(a).headers.cookie, 'sid=s-1');
  response(await send('GET {{A}}/admin/x', {}, { cookieJar: jar }));
  assert.equal(last(a).headers.cookie, 'admin=a-1; sid=s-1');
  response(await send('# @no-cookie-jar\nGET {{A}}/echo', {}, { cookieJar: jar }));
  assert.equal(last(a).headers.cookie, undefined);
});

test('a server that does not answer in time fails with a timeout', async () => {
  const result = await send('GET {{A}}/hang', {}, { timeouts: { headersMs: 300 } });
  assert.equal(result.kind, 'failed');
  if (result.kind === 'failed') assert.equal(result.error.code, 'timeout');
});

test('an aborted request fails as cancelled', async () => {
  const controller = new AbortController();
  const pending = send('GET {{A}}/hang', {}, { signal: controller.signal });
  const seenBefore = a.seen.length;
  while (a.seen.length === seenBefore) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  const result = await pending;
  assert.equal(result.kind === 'failed' && result.error.code, 'cancelled');
});

test('a refused connection is a network failure, not an exception', async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  const result = await send(`GET http://127.0.0.1:${port}/`);
  assert.equal(result.kind === 'failed' && result.error.code, 'network');
});

test('response: status text, headers, gzip body decoded with its charset, timings and size', async () => {
  const res = response(await send('GET {{A}}/gzip'));
  assert.equal(res.status, 200);
  assert.equal(res.statusText, 'OK');
  assert.deepEqual(JSON.parse(res.text), { ok: 'ü' });
  assert.ok(res.size.wireBodyBytes > 0 && res.size.bodyBytes === Buffer.byteLength(res.text));
  assert.ok(res.timings.totalMs >= res.timings.firstByteMs);
  assert.equal(typeof res.timings.connectMs, 'number');
  assert.equal(response(await send('GET {{A}}/status?code=418')).statusText, 'Custom Text');
});

test('TLS: a self-signed certificate is refused by default, accepted when verification is off', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-tls-'));
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  if (made.status !== 0) {
    t.skip('openssl is not available to make a test certificate');
    return;
  }
  const server = https.createServer(
    { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
    (_req, res) => res.end('secure'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const refused = await send(`GET ${url}`);
    assert.equal(refused.kind === 'failed' && refused.error.code, 'tls');
    assert.equal(shouldVerifyTls({}), true);
    assert.equal(shouldVerifyTls({ proxyStrictSSL: false }), false);
    const insecure = await send(
      `GET ${url}`,
      {},
      { rejectUnauthorized: shouldVerifyTls({ allowInsecureTls: true }) },
    );
    const res = response(insecure);
    assert.equal(res.text, 'secure');
    assert.equal(typeof res.timings.tlsMs, 'number');
  } finally {
    server.closeAllConnections();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('log line: method, masked URL, status and duration; never a secret', async () => {
  const key = canary('logkey');
  const token = canary('logtok');
  const creds = {
    KEY: {
      credential: { type: 'apiKey', in: 'query', name: 'k', origins: [a.origin] } as Credential,
      secrets: { value: key },
    },
    TOKEN: { credential: { type: 'bearer', origins: [a.origin] } as Credential, secrets: { token } },
  };
  const res = response(
    await send(`# @auth KEY\nGET {{A}}/items/{{TOKEN}}?page=2&access_token=plain-${token.length}`, creds),
  );
  const line = formatRequestLogLine(
    { method: 'GET', url: res.request.url, outcome: res.status, durationMs: res.timings.totalMs },
    new Redactor(),
    res.secrets,
  );
  assert.ok(!line.includes(key) && !line.includes(token), line);
  assert.match(
    line,
    /^GET http:\/\/127\.0\.0\.1:\d+\/items\/\S+\?page=2&access_token=\*{4}&k=\*{4} -> 200 \(\d+ ms\)$/,
  );
});

test('a body that stops arriving fails with a timeout', async () => {
  const result = await send('GET {{A}}/stall-body', {}, { timeouts: { bodyMs: 300 } });
  assert.equal(result.kind === 'failed' && result.error.code, 'timeout');
});

test('auth handlers: a custom handler attaches the token and may refresh once after a 401', async () => {
  const creds = {
    OAUTH: {
      credential: {
        type: 'oauth2',
        grant: 'client_credentials',
        clientId: 'c',
        origins: [a.origin],
      } as Credential,
      secrets: { accessToken: 'stale-token' },
    },
  };
  let refreshes = 0;
  const handler: AuthHandler = {
    apply: (request, credential) => {
      request.secrets.add(credential.secrets.accessToken!);
      request.headers.push(['Authorization', `Bearer ${credential.secrets.accessToken}`]);
    },
    onUnauthorized: async (credential) => {
      refreshes++;
      credential.secrets.accessToken = 'fresh-token';
      return true;
    },
  };
  const before = a.seen.length;
  const res = response(
    await send('# @auth OAUTH\nGET {{A}}/needs-fresh', creds, { authHandlers: { oauth2: handler } }),
  );
  assert.equal(res.status, 200);
  assert.equal(refreshes, 1);
  assert.deepEqual(
    a.seen.slice(before).map((s) => s.headers.authorization),
    ['Bearer stale-token', 'Bearer fresh-token'],
  );
  assert.ok(res.secrets.includes('fresh-token'));
});

test('proxy: requests tunnel through http.proxy unless the host is in noProxy', async () => {
  const tunnels: string[] = [];
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url!);
    const [host, port] = req.url!.split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    const viaProxy = response(await send('GET {{A}}/via-proxy', {}, { proxy: { url: proxyUrl } }));
    assert.equal(viaProxy.status, 200);
    assert.deepEqual(tunnels, [new URL(a.origin).host]);
    assert.equal(last(a).url, '/via-proxy');
    response(await send('GET {{A}}/direct', {}, { proxy: { url: proxyUrl, noProxy: ['127.0.0.1'] } }));
    assert.equal(tunnels.length, 1, 'noProxy hosts bypass the proxy');
  } finally {
    proxy.closeAllConnections();
    proxy.close();
  }
});

test('a TLS handshake that never completes fails with a connect timeout', async () => {
  // Accepts TCP but never speaks TLS, so the connection phase cannot finish.
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  try {
    const port = (silent.address() as AddressInfo).port;
    const result = await send(`GET https://127.0.0.1:${port}/`, {}, { timeouts: { connectMs: 300 } });
    assert.equal(result.kind === 'failed' && result.error.code, 'timeout');
    if (result.kind === 'failed') assert.match(result.error.message, /connecting/);
  } finally {
    sockets.forEach((s) => s.destroy());
    silent.close();
  }
});
