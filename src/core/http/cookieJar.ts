/**
 * An in-memory cookie jar implementing the subset of RFC 6265 a request client needs: Domain
 * (host-only unless given), Path (default-path rule), Expires / Max-Age (Max-Age wins), Secure.
 * Not implemented: SameSite (there is no "site" for a hand-written request), the public suffix
 * list (a `Domain=com` cookie is refused only when it does not domain-match the request host),
 * and HttpOnly has no meaning here since no script reads the jar.
 */

interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  /** Epoch ms; undefined for a session cookie. */
  expires?: number;
  created: number;
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  /** Stores the cookies of one response's `Set-Cookie` headers. */
  setCookies(requestUrl: string | URL, setCookieHeaders: string[], now = Date.now()): void {
    const url = new URL(requestUrl);
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, url, now);
      if (!cookie) continue;
      this.cookies = this.cookies.filter(
        (c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path),
      );
      if (cookie.expires === undefined || cookie.expires > now) this.cookies.push(cookie);
    }
  }

  /** The `Cookie` header value for a request to `url`, or undefined when no cookie applies. */
  cookieHeader(requestUrl: string | URL, now = Date.now()): string | undefined {
    const url = new URL(requestUrl);
    const host = url.hostname.toLowerCase();
    this.cookies = this.cookies.filter((c) => c.expires === undefined || c.expires > now);
    const matching = this.cookies
      .filter((c) => (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)))
      .filter((c) => pathMatches(url.pathname || '/', c.path))
      .filter((c) => !c.secure || url.protocol === 'https:')
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created);
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** Cookie values, so callers can add them to a Redactor. */
  values(): string[] {
    return this.cookies.map((c) => c.value);
  }

  clear(): void {
    this.cookies = [];
  }
}

function parseSetCookie(header: string, url: URL, now: number): StoredCookie | undefined {
  const [pair, ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (!name) return undefined;

  const host = url.hostname.toLowerCase();
  let domain = host;
  let hostOnly = true;
  let path = defaultPath(url.pathname);
  let secure = false;
  let expires: number | undefined;
  let maxAgeSeen = false;

  for (const attribute of attributes) {
    const i = attribute.indexOf('=');
    const key = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? '' : attribute.slice(i + 1).trim();
    if (key === 'domain' && val) {
      const d = val.replace(/^\./, '').toLowerCase();
      if (!domainMatches(host, d)) return undefined;
      domain = d;
      hostOnly = false;
    } else if (key === 'path') {
      path = val.startsWith('/') ? val : defaultPath(url.pathname);
    } else if (key === 'secure') {
      secure = true;
    } else if (key === 'max-age' && /^-?\d+$/.test(val)) {
      maxAgeSeen = true;
      const seconds = Number(val);
      expires = seconds <= 0 ? 0 : now + seconds * 1000;
    } else if (key === 'expires' && !maxAgeSeen) {
      const t = Date.parse(val);
      if (!Number.isNaN(t)) expires = t;
    }
  }
  return { name, value, domain, hostOnly, path, secure, expires, created: now };
}

function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  return !isIp && host.endsWith(`.${domain}`);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
