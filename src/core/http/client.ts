import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import { STATUS_CODES } from 'node:http';
import { Agent, ProxyAgent, buildConnector, request as undiciRequest, type Dispatcher } from 'undici';
import type { CredentialType } from '../environments/model';
import type { CookieJar } from './cookieJar';
import type { ResolvedCredential, ResolvedRequest } from './resolve';

/**
 * Sends a resolved request with undici and returns what happened.
 *
 * Safety rules applied here, so that the editor, the CLI and the request panel all get them:
 * - A credential goes only to the origins listed for it. Otherwise the result is
 *   `needsConfirmation` (the editor asks, then calls again with `confirmedOrigins`; the CLI refuses).
 * - Redirects are followed by hand (at most `maxRedirects`, 10 by default). Once a redirect leaves
 *   the request's origin, Authorization, Cookie, Proxy-Authorization, any header carrying a known
 *   secret and any query parameter carrying one are dropped, and auth is not applied again.
 * - TLS certificates are verified unless `rejectUnauthorized: false` is passed explicitly.
 */

export interface HttpTimeouts {
  connectMs?: number;
  /** Until the response headers arrive. */
  headersMs?: number;
  /** Longest pause between two body chunks. */
  bodyMs?: number;
}

export interface ProxySettings {
  /** `http://proxy:3128`, as in VS Code's `http.proxy`. */
  url: string;
  /** Hosts (or `.suffix` / `*.suffix`) that bypass the proxy, as in VS Code's `http.noProxy`. */
  noProxy?: string[];
}

/** The request as it goes out; auth handlers may add headers, query parameters and secrets. */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: [string, string][];
  body?: Uint8Array;
  /** Values to mask wherever this exchange is shown. Handlers add the tokens they attach. */
  secrets: Set<string>;
}

export interface AuthHandler {
  /** Attaches the credential to the request. Throw an Error with a secret-free message to refuse. */
  apply(request: OutgoingRequest, credential: ResolvedCredential, signal?: AbortSignal): Promise<void> | void;
  /** Called once after a 401; resolve true to send the request again (e.g. after a token refresh). */
  onUnauthorized?(credential: ResolvedCredential, response: HttpResponse): Promise<boolean>;
}

export interface SendOptions {
  signal?: AbortSignal;
  timeouts?: HttpTimeouts;
  proxy?: ProxySettings;
  /** True unless the user turned verification off; see `shouldVerifyTls`. */
  rejectUnauthorized?: boolean;
  /** One jar per environment, kept by the caller for the session. */
  cookieJar?: CookieJar;
  maxRedirects?: number;
  /** Credential/origin pairs the user agreed to although the origin is not listed for it. */
  confirmedOrigins?: { credential: string; origin: string }[];
  /** Overrides or adds auth by credential type (OAuth2 plugs in here). */
  authHandlers?: Partial<Record<CredentialType, AuthHandler>>;
  /** Response bodies larger than this fail with `tooLarge` (default 50 MiB). */
  maxBodyBytes?: number;
  /** Replaces the dispatcher the client builds (tests, or a caller-managed connection pool). */
  dispatcher?: Dispatcher;
}

export interface HttpTimings {
  /** From the call until the body was read, redirects included. */
  totalMs: number;
  /** The phases below describe the final hop; a reused connection has no dns/connect/tls. */
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** From sending the final hop until its response headers arrived. */
  firstByteMs: number;
  downloadMs: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** In arrival order; a repeated header (Set-Cookie) appears once per value. */
  headers: [string, string][];
  /** Decompressed body bytes. */
  body: Uint8Array;
  /** Body decoded with the charset of Content-Type (UTF-8 when none or unknown). */
  text: string;
  contentType?: string;
  size: { bodyBytes: number; wireBodyBytes: number; headerBytes: number };
  timings: HttpTimings;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: { status: number; url: string }[];
  /** What was sent on the final hop. Contains secrets: mask with `secrets` before display. */
  request: { method: string; url: string; headers: [string, string][] };
  /** Every secret value involved in this exchange (resolved ones and those added by auth). */
  secrets: string[];
}

export type SendErrorCode =
  'timeout' | 'cancelled' | 'tls' | 'network' | 'auth' | 'tooManyRedirects' | 'tooLarge' | 'invalid';

export interface SendError {
  code: SendErrorCode;
  /** Free of secret values. */
  message: string;
}

export type SendResult =
  | { kind: 'response'; response: HttpResponse }
  | { kind: 'needsConfirmation'; credential: string; origin: string; allowedOrigins: string[] }
  | { kind: 'failed'; error: SendError; secrets: string[] };

/**
 * TLS verification stays on unless the user turned it off: VS Code's `http.proxyStrictSSL: false`
 * (VS Code itself then skips verification for extension traffic, and users set it behind
 * intercepting corporate proxies) or our own `tokenWarden.http.allowInsecureTls`.
 */
export function shouldVerifyTls(settings: { proxyStrictSSL?: boolean; allowInsecureTls?: boolean }): boolean {
  return settings.proxyStrictSSL !== false && settings.allowInsecureTls !== true;
}

/** Origins a credential may go to without asking; `origin` is `scheme://host[:port]`. */
export function isOriginAllowed(credential: ResolvedCredential, origin: string): boolean {
  return credential.credential.origins.some((o) => URL.canParse(o) && new URL(o).origin === origin);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = new Set(['authorization', 'cookie', 'proxy-authorization']);

export async function sendRequest(resolved: ResolvedRequest, options: SendOptions = {}): Promise<SendResult> {
  const started = performance.now();
  const secrets = new Set(resolved.secrets);
  const fail = (code: SendErrorCode, message: string): SendResult => ({
    kind: 'failed',
    error: { code, message: maskAll(message, secrets) },
    secrets: [...secrets],
  });

  const firstUrl = new URL(resolved.url);
  for (const credential of resolved.credentials) {
    const confirmed = options.confirmedOrigins?.some(
      (c) => c.credential === credential.name && c.origin === firstUrl.origin,
    );
    if (!isOriginAllowed(credential, firstUrl.origin) && !confirmed) {
      return {
        kind: 'needsConfirmation',
        credential: credential.name,
        origin: firstUrl.origin,
        allowedOrigins: credential.credential.origins,
      };
    }
  }

  const outgoing: OutgoingRequest = {
    method: resolved.method,
    url: new URL(firstUrl),
    headers: resolved.headers.map(([n, v]) => [n, v]),
    body: resolved.body,
    secrets,
  };
  if (!hasHeader(outgoing.headers, 'user-agent')) outgoing.headers.push(['User-Agent', 'token-warden']);
  // A retry after a refreshed credential starts again from the request as it was before auth.
  const unauthenticated: OutgoingRequest = {
    ...outgoing,
    url: new URL(firstUrl),
    headers: outgoing.headers.map(([n, v]) => [n, v]),
  };

  const phases: PhaseRecorder = {};
  const dispatcher = options.dispatcher ?? createDispatcher(firstUrl, options, phases);
  const ownsDispatcher = !options.dispatcher;
  try {
    if (resolved.auth) {
      try {
        await applyAuth(outgoing, resolved.auth, options);
      } catch (err) {
        return fail('auth', err instanceof Error ? err.message : String(err));
      }
    }
    return await exchange(resolved, outgoing, unauthenticated, options, dispatcher, phases, started, fail);
  } catch (err) {
    const { code, message } = describeError(err, options.signal);
    return fail(code, message);
  } finally {
    // destroy, not close: a cancelled or timed-out exchange must not keep its socket open.
    if (ownsDispatcher) void dispatcher.destroy().catch(() => undefined);
  }
}

async function exchange(
  resolved: ResolvedRequest,
  outgoing: OutgoingRequest,
  unauthenticated: OutgoingRequest,
  options: SendOptions,
  dispatcher: Dispatcher,
  phases: PhaseRecorder,
  started: number,
  fail: (code: SendErrorCode, message: string) => SendResult,
): Promise<SendResult> {
  const maxRedirects = options.maxRedirects ?? 10;
  const originalOrigin = outgoing.url.origin;
  const redirects: { status: number; url: string }[] = [];
  let retriedAuth = false;
  let current = outgoing;

  for (;;) {
    const headers = current.headers.map(([n, v]) => [n, v] as [string, string]);
    if (options.cookieJar && resolved.useCookieJar) {
      const fromJar = options.cookieJar.cookieHeader(current.url);
      if (fromJar) mergeCookie(headers, fromJar);
    }

    phases.reset?.();
    const hopStart = performance.now();
    const res = await undiciRequest(current.url, {
      method: current.method as Dispatcher.HttpMethod,
      headers: headers.flat(),
      body: current.body,
      dispatcher,
      signal: options.signal,
    });
    const firstByte = performance.now();
    const responseHeaders = headerPairs(res.headers);
    const wire = await readBody(res.body, options.maxBodyBytes ?? 50 * 1024 * 1024);
    if (!wire)
      return fail(
        'tooLarge',
        `The response body is larger than ${options.maxBodyBytes ?? 50 * 1024 * 1024} bytes.`,
      );
    const end = performance.now();

    const setCookies = responseHeaders.filter(([n]) => n === 'set-cookie').map(([, v]) => v);
    if (options.cookieJar && resolved.useCookieJar && setCookies.length) {
      options.cookieJar.setCookies(current.url, setCookies);
    }

    const location = responseHeaders.find(([n]) => n === 'location')?.[1];
    if (
      resolved.followRedirects &&
      REDIRECTS.has(res.statusCode) &&
      location &&
      URL.canParse(location, current.url.toString())
    ) {
      const next = new URL(location, current.url);
      if (next.protocol === 'http:' || next.protocol === 'https:') {
        if (redirects.length >= maxRedirects) {
          return fail(
            'tooManyRedirects',
            `Stopped after ${maxRedirects} redirects (last to ${next.origin}).`,
          );
        }
        redirects.push({ status: res.statusCode, url: maskUrl(next, current.secrets) });
        current = redirectTarget(current, next, res.statusCode, originalOrigin);
        // 307/308 resend the body; headers can be stripped, but a body holding a credential cannot.
        if (next.origin !== originalOrigin && bodyHoldsSecret(current.body, current.secrets)) {
          return fail(
            'invalid',
            `Did not follow the ${res.statusCode} redirect to ${next.origin}: the request body holds a ` +
              `credential value, which is only sent to ${originalOrigin}.`,
          );
        }
        continue;
      }
    }

    const body = decompress(wire, responseHeaders);
    const contentType = responseHeaders.find(([n]) => n === 'content-type')?.[1];
    const response: HttpResponse = {
      status: res.statusCode,
      statusText: res.statusText || STATUS_CODES[res.statusCode] || '',
      headers: responseHeaders,
      body,
      text: decodeText(body, contentType),
      contentType,
      size: {
        bodyBytes: body.byteLength,
        wireBodyBytes: wire.byteLength,
        headerBytes: responseHeaders.reduce((sum, [n, v]) => sum + n.length + v.length + 4, 0),
      },
      timings: {
        totalMs: end - started,
        dnsMs: phases.dnsMs,
        connectMs: phases.connectMs,
        tlsMs: phases.tlsMs,
        firstByteMs: firstByte - hopStart,
        downloadMs: end - firstByte,
      },
      url: current.url.toString(),
      redirects,
      request: { method: current.method, url: current.url.toString(), headers },
      secrets: [...current.secrets],
    };

    if (res.statusCode === 401 && !retriedAuth && resolved.auth && current.url.origin === originalOrigin) {
      const handler = options.authHandlers?.[resolved.auth.credential.type];
      if (handler?.onUnauthorized && (await handler.onUnauthorized(resolved.auth, response))) {
        retriedAuth = true;
        current = {
          ...unauthenticated,
          url: new URL(unauthenticated.url),
          headers: unauthenticated.headers.map(([n, v]) => [n, v]),
        };
        await applyAuth(current, resolved.auth, options);
        continue;
      }
    }
    return { kind: 'response', response };
  }
}

/** The next hop of a redirect, with credentials removed when it leaves the original origin. */
function redirectTarget(
  current: OutgoingRequest,
  next: URL,
  status: number,
  originalOrigin: string,
): OutgoingRequest {
  const becomesGet = status === 303 || ((status === 301 || status === 302) && current.method === 'POST');
  let headers = current.headers;
  let method = current.method;
  let body = current.body;
  if (becomesGet && current.method !== 'HEAD') {
    method = 'GET';
    body = undefined;
    headers = headers.filter(([n]) => !/^content-(type|length|encoding)$/i.test(n));
  }
  if (next.origin !== originalOrigin) {
    headers = headers.filter(
      ([n, v]) => !CROSS_ORIGIN_DROPPED.has(n.toLowerCase()) && !containsSecret(v, current.secrets),
    );
    for (const [key, value] of [...next.searchParams]) {
      if (containsSecret(value, current.secrets)) next.searchParams.delete(key);
    }
  }
  return { method, url: next, headers, body, secrets: current.secrets };
}

/** Attaches a credential the way `sendRequest` does (used to show or copy the request as sent). */
export async function applyAuth(
  request: OutgoingRequest,
  auth: ResolvedCredential,
  options: SendOptions,
): Promise<void> {
  const custom = options.authHandlers?.[auth.credential.type];
  if (custom) {
    await custom.apply(request, auth, options.signal);
    return;
  }
  const credential = auth.credential;
  const missing = (field: string) =>
    new Error(`Credential "${auth.name}" has no ${field} set; add it in the Environments view.`);
  switch (credential.type) {
    case 'apiKey': {
      const value = auth.secrets.value;
      if (!value) throw missing('value');
      request.secrets.add(value);
      if (credential.in === 'query') request.url.searchParams.set(credential.name, value);
      else setHeader(request.headers, credential.name, value);
      return;
    }
    case 'bearer': {
      const token = auth.secrets.token;
      if (!token) throw missing('token');
      request.secrets.add(token);
      setHeader(request.headers, 'Authorization', `Bearer ${token}`);
      return;
    }
    case 'basic': {
      const password = auth.secrets.password;
      if (password === undefined) throw missing('password');
      const encoded = Buffer.from(`${credential.username}:${password}`, 'utf8').toString('base64');
      request.secrets.add(password);
      request.secrets.add(encoded);
      setHeader(request.headers, 'Authorization', `Basic ${encoded}`);
      return;
    }
    case 'oauth2': {
      const token = auth.secrets.accessToken;
      if (!token) throw new Error(`OAuth2 credential "${auth.name}" has no access token yet; sign in first.`);
      request.secrets.add(token);
      setHeader(request.headers, 'Authorization', `Bearer ${token}`);
      return;
    }
    case 'secret':
      throw new Error(
        `"${auth.name}" is a plain secret, so "@auth" cannot know where it goes; ` +
          `reference it as {{${auth.name}}} in a header instead.`,
      );
  }
}

interface PhaseRecorder {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  reset?: () => void;
}

/**
 * One dispatcher per send, so the connection phases measured by the wrapped connector belong
 * to this request (undici's diagnostics channels are process-wide and would need correlating).
 */
function createDispatcher(url: URL, options: SendOptions, phases: PhaseRecorder): Dispatcher {
  const rejectUnauthorized = options.rejectUnauthorized !== false;
  const t = options.timeouts ?? {};
  const common = { headersTimeout: t.headersMs ?? 300_000, bodyTimeout: t.bodyMs ?? 300_000 };
  if (options.proxy?.url && !bypassesProxy(url.hostname, options.proxy.noProxy ?? [])) {
    return new ProxyAgent({
      uri: options.proxy.url,
      requestTls: { rejectUnauthorized, timeout: t.connectMs },
      proxyTls: { rejectUnauthorized, timeout: t.connectMs },
      ...common,
    });
  }
  const base = buildConnector({ rejectUnauthorized, timeout: t.connectMs ?? 30_000 });
  phases.reset = () => {
    phases.dnsMs = phases.connectMs = phases.tlsMs = undefined;
  };
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const start = performance.now();
    const socket = base(connectOptions, callback) as unknown as NodeJS.EventEmitter | undefined;
    socket?.once('lookup', () => (phases.dnsMs = performance.now() - start));
    socket?.once('connect', () => (phases.connectMs = performance.now() - start - (phases.dnsMs ?? 0)));
    socket?.once('secureConnect', () => {
      phases.tlsMs = performance.now() - start - (phases.dnsMs ?? 0) - (phases.connectMs ?? 0);
    });
  };
  return new Agent({ connect, ...common });
}

function bypassesProxy(host: string, noProxy: string[]): boolean {
  const h = host.toLowerCase();
  return noProxy.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/^\*/, '');
    if (!e) return false;
    return e.startsWith('.') ? h.endsWith(e) || h === e.slice(1) : h === e;
  });
}

async function readBody(body: AsyncIterable<Buffer>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      (body as unknown as { destroy?: () => void }).destroy?.();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decompress(wire: Uint8Array, headers: [string, string][]): Uint8Array {
  const encoding = headers
    .find(([n]) => n === 'content-encoding')?.[1]
    ?.trim()
    .toLowerCase();
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(wire);
    if (encoding === 'deflate') return zlib.inflateSync(wire);
    if (encoding === 'br') return zlib.brotliDecompressSync(wire);
  } catch {
    // A body that does not match its Content-Encoding is shown as received rather than lost.
  }
  return wire;
}

function decodeText(body: Uint8Array, contentType: string | undefined): string {
  const charset = /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

function headerPairs(headers: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name.toLowerCase(), v]);
  }
  return pairs;
}

function hasHeader(headers: [string, string][], name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name);
}

function setHeader(headers: [string, string][], name: string, value: string): void {
  const lower = name.toLowerCase();
  for (let i = headers.length - 1; i >= 0; i--)
    if (headers[i][0].toLowerCase() === lower) headers.splice(i, 1);
  headers.push([name, value]);
}

function mergeCookie(headers: [string, string][], fromJar: string): void {
  const existing = headers.find(([n]) => n.toLowerCase() === 'cookie');
  if (existing) existing[1] = `${existing[1]}; ${fromJar}`;
  else headers.push(['Cookie', fromJar]);
}

function containsSecret(value: string, secrets: Set<string>): boolean {
  for (const s of secrets) if (s && value.includes(s)) return true;
  return false;
}

function bodyHoldsSecret(body: Uint8Array | undefined, secrets: Set<string>): boolean {
  if (!body) return false;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  for (const s of secrets) if (s && bytes.includes(s, 0, 'utf8')) return true;
  return false;
}

function maskAll(text: string, secrets: Set<string>): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s) out = out.split(s).join('****');
  return out;
}

/** The URL with every query value that is a known secret replaced by `****`. */
export function maskUrl(url: URL | string, secrets: Iterable<string>): string {
  const u = new URL(url);
  const known = new Set(secrets);
  for (const [key, value] of [...u.searchParams]) {
    if (known.has(value) || containsSecret(value, known)) u.searchParams.set(key, '****');
  }
  return maskAll(u.toString().replace(/%2A%2A%2A%2A/g, '****'), known);
}

function describeError(err: unknown, signal?: AbortSignal): SendError {
  const e = err as {
    code?: string;
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = e?.code ?? e?.cause?.code ?? '';
  if (signal?.aborted || e?.name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return { code: 'cancelled', message: 'The request was cancelled.' };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { code: 'timeout', message: 'Timed out while connecting.' };
  if (code === 'UND_ERR_HEADERS_TIMEOUT')
    return { code: 'timeout', message: 'Timed out waiting for the response headers.' };
  if (code === 'UND_ERR_BODY_TIMEOUT')
    return { code: 'timeout', message: 'Timed out while reading the response body.' };
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) {
    return {
      code: 'tls',
      message:
        `The server's TLS certificate was not accepted (${code}). Verification stays on unless ` +
        'tokenWarden.http.allowInsecureTls or http.proxyStrictSSL: false says otherwise.',
    };
  }
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  return { code: 'network', message: code && !detail.includes(code) ? `${code}: ${detail}` : detail };
}
