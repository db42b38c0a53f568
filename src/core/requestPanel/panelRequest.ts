import type { HttpFile, HttpRequestBlock } from '../http/parser';
import { findTokens } from '../jwt/findTokens';
import { maskSecret } from '../redact';

/**
 * The request as edited in the request panel. Values may hold `{{NAME}}` references, which are
 * resolved like those of a `.http` file (the panel sends by writing the request as `.http` text
 * and resolving that), so credentials are referenced by name and never copied into the form.
 */
export interface PanelRequest {
  method: string;
  url: string;
  query: NameValue[];
  headers: NameValue[];
  body: string;
  /** Credential applied as with `# @auth NAME`; '' for none. */
  auth: string;
  /** File variables (`@name = value`) carried over when the request came from a `.http` file. */
  variables?: { name: string; value: string }[];
}

export interface NameValue {
  name: string;
  value: string;
  enabled: boolean;
  /** Set when a stored copy had its value masked: such a header is not sent again. */
  redacted?: boolean;
}

export function emptyRequest(): PanelRequest {
  return { method: 'GET', url: '', query: [], headers: [], body: '', auth: '' };
}

const NEEDS_BODY_SEPARATOR = /\S/;

/** The URL with the enabled query rows appended (values are left as typed, references included). */
export function urlWithQuery(request: PanelRequest): string {
  const rows = request.query.filter((q) => q.enabled && q.name);
  if (!rows.length) return request.url.trim();
  const encode = (s: string) => (/\{\{/.test(s) ? s : encodeURIComponent(s));
  const joined = rows.map((q) => `${encode(q.name)}=${encode(q.value)}`).join('&');
  const url = request.url.trim();
  return `${url}${url.includes('?') ? '&' : '?'}${joined}`;
}

/**
 * `.http` text for the request: file variables, `# @auth`, request line, headers, body.
 * Values equal to a known secret become `{{NAME}}` so a saved file never holds a secret.
 */
export function toHttpText(request: PanelRequest, secretsByName: Record<string, string> = {}): string {
  const protect = (text: string) => replaceSecrets(text, secretsByName);
  const lines: string[] = [];
  for (const v of request.variables ?? []) lines.push(`@${v.name} = ${protect(singleLine(v.value))}`);
  if (lines.length) lines.push('');
  lines.push('###');
  if (request.auth) lines.push(`# @auth ${request.auth}`);
  lines.push(`${request.method.trim().toUpperCase() || 'GET'} ${protect(singleLine(urlWithQuery(request)))}`);
  for (const h of request.headers) {
    if (!h.enabled || !h.name.trim() || h.redacted) continue;
    lines.push(`${singleLine(h.name).trim()}: ${protect(singleLine(h.value))}`);
  }
  if (NEEDS_BODY_SEPARATOR.test(request.body))
    lines.push('', protect(request.body.replace(/^###/gm, ' ###')));
  return `${lines.join('\n')}\n`;
}

function singleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function replaceSecrets(text: string, secretsByName: Record<string, string>): string {
  let out = text;
  const entries = Object.entries(secretsByName)
    .filter(([, v]) => v && v.length >= 4)
    .sort((a, b) => b[1].length - a[1].length);
  for (const [name, value] of entries) out = out.split(value).join(`{{${name}}}`);
  return out;
}

/** The panel form for a request of a parsed `.http` file. */
export function fromHttpBlock(file: HttpFile, block: HttpRequestBlock): PanelRequest {
  const [base, search] = splitQuery(block.url);
  const body = block.body.map((part) => (part.kind === 'text' ? part.text : `< ${part.path}`)).join(file.eol);
  return {
    method: block.method,
    url: base,
    query: search,
    headers: block.headers.map((h) => ({ name: h.name, value: h.value, enabled: true })),
    body,
    auth: block.metadata.auth ?? '',
    variables: file.fileVariables.map((v) => ({ name: v.name, value: v.value })),
  };
}

function splitQuery(url: string): [string, NameValue[]] {
  const q = url.indexOf('?');
  if (q < 0) return [url, []];
  const rows = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      };
      return {
        name: decode(eq < 0 ? pair : pair.slice(0, eq)),
        value: eq < 0 ? '' : decode(pair.slice(eq + 1)),
        enabled: true,
      };
    });
  return [url.slice(0, q), rows];
}

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token)$/i;
const SECRET_NAME = /pass|secret|token|key|auth|session|cookie|credential/i;

/**
 * A copy safe to store (history, webview state): known secrets and JWT-looking strings masked
 * everywhere, and values of auth-like headers and query parameters masked unless they are
 * nothing but `{{references}}`. Masked header rows are marked `redacted` so they are not resent.
 */
export function redactRequest(request: PanelRequest, mask: (text: string) => string): PanelRequest {
  const onlyReferences = (v: string) => /^\s*(\{\{[^{}]+\}\}\s*)+$/.test(v) || !v.trim();
  const row = (r: NameValue, sensitive: boolean): NameValue => {
    const masked = maskTokens(mask(r.value));
    if (sensitive && !onlyReferences(r.value)) return { ...r, value: maskSecret(r.value), redacted: true };
    return masked === r.value ? r : { ...r, value: masked, redacted: true };
  };
  return {
    ...request,
    url: maskTokens(mask(request.url)),
    query: request.query.map((q) => row(q, SECRET_NAME.test(q.name))),
    headers: request.headers.map((h) =>
      row(h, SECRET_HEADER.test(h.name.trim()) || SECRET_NAME.test(h.name)),
    ),
    body: maskTokens(mask(request.body)),
    // A masked file variable would be sent as its masked text; dropped, a reference to it fails
    // with "Unknown variable" until the environment or the form defines it again.
    variables: request.variables?.filter(
      (v) =>
        (!SECRET_NAME.test(v.name) || onlyReferences(v.value)) && maskTokens(mask(v.value)) === v.value,
    ),
  };
}

/** Every JWT-shaped string in the text replaced by its masked form. */
export function maskTokens(text: string): string {
  const found = findTokens(text);
  if (!found.length) return text;
  let out = '';
  let last = 0;
  for (const t of found) {
    out += text.slice(last, t.start) + maskSecret(text.slice(t.start, t.end));
    last = t.end;
  }
  return out + text.slice(last);
}
