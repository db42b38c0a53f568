import * as path from 'node:path';
import type { NameValue, PanelRequest } from './panelRequest';

/** What the request panel's webview may ask of the extension. */
export type PanelMessage =
  | { type: 'ready' }
  | { type: 'send'; request: PanelRequest; environment: string }
  | { type: 'cancel' }
  | { type: 'copyCurl'; request: PanelRequest; environment: string }
  | { type: 'saveHttp'; request: PanelRequest; environment: string }
  | { type: 'resend'; id: string }
  | { type: 'reveal' }
  | { type: 'clearHistory' };

const MAX_TEXT = 4 * 1024 * 1024;
const MAX_ROWS = 500;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;

function nameValues(v: unknown): NameValue[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_ROWS) return undefined;
  const rows: NameValue[] = [];
  for (const r of v) {
    if (!isObject(r) || !isText(r.name) || !isText(r.value) || typeof r.enabled !== 'boolean') return undefined;
    rows.push({ name: r.name, value: r.value, enabled: r.enabled, ...(r.redacted === true && { redacted: true }) });
  }
  return rows;
}

/** A copy holding only the known fields, or undefined when any field has the wrong shape. */
export function parsePanelRequest(v: unknown): PanelRequest | undefined {
  if (!isObject(v)) return undefined;
  const { method, url, body, auth } = v;
  if (!isText(method, 32) || !isText(url) || !isText(body) || !isText(auth, 200)) return undefined;
  const query = nameValues(v.query);
  const headers = nameValues(v.headers);
  if (!query || !headers) return undefined;
  let variables: PanelRequest['variables'];
  if (v.variables !== undefined) {
    if (!Array.isArray(v.variables) || v.variables.length > MAX_ROWS) return undefined;
    variables = [];
    for (const x of v.variables) {
      if (!isObject(x) || !isText(x.name) || !isText(x.value)) return undefined;
      variables.push({ name: x.name, value: x.value });
    }
  }
  return { method, url, query, headers, body, auth, ...(variables && { variables }) };
}

/**
 * The webview is treated as untrusted (it shows response bodies): anything that is not exactly
 * one of the known messages is dropped rather than acted on.
 */
export function parsePanelMessage(message: unknown): PanelMessage | undefined {
  if (!isObject(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'ready':
    case 'cancel':
    case 'reveal':
    case 'clearHistory':
      return { type: message.type };
    case 'resend':
      return isText(message.id, 100) ? { type: 'resend', id: message.id } : undefined;
    case 'send':
    case 'copyCurl':
    case 'saveHttp': {
      const request = parsePanelRequest(message.request);
      if (!request || !isText(message.environment, 200)) return undefined;
      return { type: message.type, request, environment: message.environment };
    }
    default:
      return undefined;
  }
}

/**
 * Whether a body include (`< file`) typed in the panel may be read: only files inside the
 * workspace folder, so the form cannot be used to send arbitrary files from the machine.
 * Both paths should already be real paths (symlinks resolved) when the caller can do so.
 */
export function isInsideFolder(folder: string, file: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return (
    relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
  );
}
