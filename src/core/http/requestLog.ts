import { Redactor } from '../redact';
import { maskUrl } from './client';

/** Query parameters whose values are masked in a log line even when no known secret matches. */
const SECRET_QUERY_NAMES = new RegExp(
  '^(api[-_]?key|apikey|key|token|access[-_]?token|id[-_]?token|refresh[-_]?token|secret|' +
    'client[-_]?secret|password|pass|pwd|sig|signature|code|auth|authorization)$',
  'i',
);

export interface RequestLogEntry {
  method: string;
  url: string;
  /** HTTP status, or the failure code when no response came back. */
  outcome: number | string;
  durationMs: number;
  /** Redirects followed, shown as a count. */
  redirects?: number;
}

/**
 * One log line per request: method, URL with secret query values masked, status, duration.
 * Headers and bodies are never part of it, so Authorization, Cookie and Set-Cookie cannot leak
 * through it; the Redactor then masks any known secret that is still in the URL (a path segment).
 */
export function formatRequestLogLine(
  entry: RequestLogEntry,
  redactor: Redactor,
  secrets: string[] = [],
): string {
  let url = entry.url;
  if (URL.canParse(url)) {
    const u = new URL(maskUrl(url, secrets));
    for (const [key, value] of [...u.searchParams]) {
      if (value !== '****' && SECRET_QUERY_NAMES.test(key)) u.searchParams.set(key, '****');
    }
    u.username = u.username ? '****' : '';
    u.password = u.password ? '****' : '';
    url = u.toString().replace(/%2A%2A%2A%2A/g, '****');
  }
  const redirects = entry.redirects
    ? ` after ${entry.redirects} redirect${entry.redirects > 1 ? 's' : ''}`
    : '';
  const line = `${entry.method} ${url} -> ${entry.outcome}${redirects} (${Math.round(entry.durationMs)} ms)`;
  return new Redactor().add(...secrets).redact(redactor.redact(line));
}
