import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Error } from './authorizationServer';

/**
 * A one-shot HTTP listener on 127.0.0.1 that receives the authorization response (RFC 8252
 * loopback redirect). It answers the first request to its path with a static page, then closes;
 * it also closes on timeout or cancellation. Nothing from the request is echoed into the page.
 */
export interface LoopbackRedirect {
  redirectUri: string;
  /** The full callback URL the browser was sent to. */
  readonly callback: Promise<URL>;
  close(): void;
}

const DONE_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>Token Warden</title>' +
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">' +
  '<style>body{font:16px system-ui,sans-serif;margin:4em auto;max-width:32em}</style></head>' +
  '<body><h1>Token Warden</h1><p>%MESSAGE%</p></body></html>';

export async function startLoopbackRedirect(options: {
  /** A configured loopback redirect URI (its port is used); default: an ephemeral port. */
  redirectUri?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<LoopbackRedirect> {
  const configured = options.redirectUri ? new URL(options.redirectUri) : undefined;
  const pathname = configured?.pathname && configured.pathname !== '/' ? configured.pathname : '/callback';
  const port = configured?.port ? Number(configured.port) : 0;

  let settle: { resolve: (url: URL) => void; reject: (err: Error) => void } | undefined;
  const callback = new Promise<URL>((resolve, reject) => (settle = { resolve, reject }));
  // Callers may close before awaiting; the rejection is still delivered to whoever awaits later.
  callback.catch(() => undefined);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== pathname) {
      res.writeHead(404).end();
      return;
    }
    const failed = url.searchParams.has('error');
    const message = failed
      ? 'Sign-in did not complete. Return to VS Code for details.'
      : 'Signed in. You can close this tab and return to VS Code.';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.end(DONE_PAGE.replace('%MESSAGE%', message));
    settle?.resolve(new URL(`${redirectUri.split('?')[0]}${url.search}`));
    close();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new OAuth2Error(`Cannot listen for the sign-in response on 127.0.0.1:${port}: ${err.message}`)),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  const redirectUri = configured ? options.redirectUri! : `http://127.0.0.1:${actualPort}${pathname}`;

  const timer = setTimeout(
    () => fail(new OAuth2Error('Timed out waiting for the sign-in in the browser.')),
    options.timeoutMs ?? 300_000,
  );
  const onAbort = () => fail(new OAuth2Error('Sign-in was cancelled.'));
  options.signal?.addEventListener('abort', onAbort, { once: true });

  function fail(err: Error): void {
    settle?.reject(err);
    close();
  }
  function close(): void {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    settle?.reject(new OAuth2Error('Sign-in was cancelled.'));
    settle = undefined;
    server.close();
    server.closeIdleConnections();
  }

  return { redirectUri, callback, close };
}
