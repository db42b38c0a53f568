/**
 * Locates compact JWTs (JWS, 3 parts) and JWE tokens (5 parts) in text: source strings, JSON,
 * YAML, `.env`, `.http` headers and JSON-escaped text. Works on lines of any length, because
 * the editor's own word lookup gives up on long lines.
 */

export interface TokenLocation {
  /** 0-based UTF-16 offsets into the searched text; `end` is exclusive. */
  start: number;
  end: number;
  token: string;
  kind: 'jws' | 'jwe' | 'malformed';
}

/*
 * Every header is a JSON object, so its base64url starts with "ey" ("{" then a quote or space)
 * or "ew" ("{" then a newline). Segments are runs of one class separated by literal dots that
 * the class excludes. The lookbehind lets a match start only where a base64 run starts (or
 * right after a JSON escape such as `\n`): without it the engine retries at every "ey" inside
 * one long dotless run, and `eyJ` repeated 100k times takes minutes instead of milliseconds.
 */
const CANDIDATE =
  /(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]))e[wy][A-Za-z0-9_-]{8,}={0,2}(?:\.[A-Za-z0-9_-]*={0,2}){1,5}/g;
const TOKEN_CHAR = /[A-Za-z0-9_=.-]/;

export function findTokens(text: string): TokenLocation[] {
  const found: TokenLocation[] = [];
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match; match = CANDIDATE.exec(text)) {
    const location = classify(match[0], match.index);
    if (location) found.push(location);
  }
  return found;
}

/**
 * The token whose range contains `offset` (touching either end counts), if any. Only the run of
 * token characters around the offset is searched, so a hover on a huge line stays cheap.
 */
export function findTokenAt(text: string, offset: number): TokenLocation | undefined {
  let start = Math.min(Math.max(offset, 0), text.length);
  let end = start;
  while (start > 0 && TOKEN_CHAR.test(text[start - 1])) start--;
  while (end < text.length && TOKEN_CHAR.test(text[end])) end++;
  if (start === end) return undefined;
  // Two characters of context let the pattern see a preceding `\n` escape.
  const from = Math.max(0, start - 2);
  return findTokens(text.slice(from, end))
    .map((t) => ({ ...t, start: t.start + from, end: t.end + from }))
    .find((t) => offset >= t.start && offset <= t.end);
}

function classify(raw: string, start: number): TokenLocation | undefined {
  const segments = raw.split('.');
  // A sentence may end right after a token: "…signature." is not a fourth, empty part.
  while (segments.length > 3 && segments.length !== 5 && segments[segments.length - 1] === '') segments.pop();
  const token = segments.join('.');
  const location = { start, end: start + token.length, token };

  if (
    (segments.length === 3 || segments.length === 5) &&
    (raw.startsWith('eyJ') || headerIsJson(segments[0]))
  ) {
    return { ...location, kind: segments.length === 3 ? 'jws' : 'jwe' };
  }
  // Odd part counts are reported only when the header proves this was meant as a JWT.
  if (segments.length >= 2 && headerIsJson(segments[0])) return { ...location, kind: 'malformed' };
  return undefined;
}

function headerIsJson(segment: string): boolean {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment.replace(/=+$/, ''), 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && 'alg' in value;
  } catch {
    return false;
  }
}
