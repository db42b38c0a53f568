import type { HttpResponse, HttpTimings } from '../http/client';
import { maskUrl } from '../http/client';
import { analyzeToken } from '../jwt/claims';
import { tryDecodeToken } from '../jwt/decode';
import { findTokens } from '../jwt/findTokens';
import { renderText } from '../jwt/render';
import { Redactor } from '../redact';
import { maskTokens } from './panelRequest';

/** A response as the request panel shows it: plain data, every secret already masked. */
export interface ResponseView {
  status: number;
  statusText: string;
  url: string;
  timings: HttpTimings;
  size: { bodyBytes: number; wireBodyBytes: number; headerBytes: number };
  headers: [string, string][];
  contentType: string;
  /** How the body is presented; HTML and SVG are shown as text, never rendered. */
  bodyKind: 'json' | 'html' | 'svg' | 'xml' | 'text' | 'binary';
  body: string;
  /** False when secret values in the body were masked (known secrets and JWT-shaped strings). */
  revealed: boolean;
  tokens: BodyToken[];
}

export interface BodyToken {
  /** JSON member name the token was found under (`access_token`), or its position in the text. */
  where: string;
  masked: string;
  /** The JWT module's text view: header, claims with readable times, masked secret claims. */
  decoded: string;
  summary: string;
}

const SET_COOKIE = /^(set-cookie|authorization|proxy-authorization|cookie)$/i;
const MAX_BODY_CHARS = 2 * 1024 * 1024;

/**
 * Builds the panel's view of a response. `reveal` leaves tokens in the body unmasked (the user
 * asked to see them); known secrets of the exchange and Set-Cookie values stay masked always.
 */
export function responseView(response: HttpResponse, redactor: Redactor, reveal = false): ResponseView {
  const known = new Redactor().add(...response.secrets);
  const mask = (s: string) => known.redact(redactor.redact(s));
  const contentType = response.contentType ?? '';
  const kind = bodyKind(contentType, response.body);
  let text = kind === 'binary' ? `(${response.body.byteLength} bytes of binary data)` : response.text;
  if (text.length > MAX_BODY_CHARS) text = `${text.slice(0, MAX_BODY_CHARS)}\n… (cut at 2 MB)`;
  if (kind === 'json') text = prettyJson(text);
  const masked = mask(text);

  return {
    status: response.status,
    statusText: response.statusText,
    url: mask(maskUrl(response.url, response.secrets)),
    timings: response.timings,
    size: response.size,
    headers: response.headers.map(([n, v]) => [n, SET_COOKIE.test(n) ? maskCookie(v) : mask(v)]),
    contentType,
    bodyKind: kind,
    body: reveal ? masked : maskTokens(masked),
    revealed: reveal,
    tokens: kind === 'binary' ? [] : bodyTokens(masked),
  };
}

function bodyKind(contentType: string, body: Uint8Array): ResponseView['bodyKind'] {
  const type = contentType.toLowerCase();
  if (/[/+]json\b/.test(type)) return 'json';
  if (type.includes('svg')) return 'svg';
  if (type.includes('html')) return 'html';
  if (/[/+]xml\b/.test(type)) return 'xml';
  if (!type || type.startsWith('text/') || /javascript|ecmascript|x-www-form-urlencoded/.test(type))
    return 'text';
  // Unknown types are text when they decode cleanly (no NUL bytes in the first kilobyte).
  return body.subarray(0, 1024).includes(0) ? 'binary' : 'text';
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function maskCookie(value: string): string {
  // Keep the cookie's name and attributes, hide its value.
  return value.replace(/^([^=;]*=)[^;]*/, '$1****');
}

function bodyTokens(text: string): BodyToken[] {
  return findTokens(text)
    .filter((t) => t.kind !== 'malformed')
    .slice(0, 20)
    .flatMap((t): BodyToken[] => {
      const decoded = tryDecodeToken(t.token);
      if (!decoded.ok) return [];
      const analysis = analyzeToken(decoded.token);
      const member = /"([^"\\]{1,80})"\s*:\s*"?$/.exec(text.slice(Math.max(0, t.start - 90), t.start))?.[1];
      return [
        {
          where: member ?? `offset ${t.start}`,
          masked: maskTokens(t.token),
          decoded: renderText(decoded.token, analysis),
          summary: analysis.summary,
        },
      ];
    });
}

/** A shell-quoted curl command; pass `mask` to hide secrets (the default for copying). */
export function toCurl(
  request: { method: string; url: string; headers: [string, string][]; body?: string },
  mask: (text: string) => string = (s) => s,
): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl', '-X', request.method, quote(mask(request.url))];
  for (const [name, value] of request.headers) {
    parts.push('-H', quote(`${name}: ${mask(value)}`));
  }
  if (request.body) parts.push('--data-raw', quote(mask(request.body)));
  return parts.join(' ');
}
