import * as jsonc from 'jsonc-parser';
import { Redactor } from '../redact';
import type { HttpResponse } from './client';

/**
 * The plain-text view of a response shared by the editor's response document and the CLI:
 * status line, headers, a blank line, then the body (JSON pretty-printed). Every value known to
 * be secret is masked, in headers and body alike; Set-Cookie is shown because it is the server's
 * answer, with known secrets masked like everything else.
 */
export function formatResponseText(
  response: HttpResponse,
  redactor: Redactor,
  options: { maxBodyChars?: number } = {},
): string {
  const mask = new Redactor().add(...response.secrets);
  const clean = (text: string) => mask.redact(redactor.redact(text));
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd()];
  for (const [name, value] of response.headers) lines.push(`${displayHeaderName(name)}: ${clean(value)}`);
  lines.push('');
  let body = prettyBody(response);
  const limit = options.maxBodyChars ?? 2_000_000;
  if (body.length > limit)
    body = `${body.slice(0, limit)}\n... (${body.length - limit} more characters not shown)`;
  return `${lines.join('\n')}\n${clean(body)}`;
}

/** Pretty-prints JSON bodies (JSONC-tolerant); other text is returned as received. */
export function prettyBody(response: Pick<HttpResponse, 'text' | 'contentType' | 'body'>): string {
  if (isBinary(response))
    return `(${response.body.byteLength} bytes of ${response.contentType ?? 'binary data'})`;
  const looksJson = /[/+]json\b/i.test(response.contentType ?? '') || /^\s*[[{]/.test(response.text);
  if (!looksJson) return response.text;
  const errors: jsonc.ParseError[] = [];
  jsonc.parse(response.text, errors);
  if (errors.length) return response.text;
  const edits = jsonc.format(response.text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' });
  return jsonc.applyEdits(response.text, edits);
}

function isBinary(response: Pick<HttpResponse, 'contentType' | 'body'>): boolean {
  const type = (response.contentType ?? '').toLowerCase();
  if (/^(image|audio|video|font)\//.test(type) || type.includes('octet-stream') || type.includes('zip'))
    return true;
  return response.body.subarray(0, 1024).includes(0);
}

function displayHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
