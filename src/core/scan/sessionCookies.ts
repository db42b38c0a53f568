/**
 * Session cookies sent with a request: a `Cookie:` header in a "Copy as cURL" command or a log, a
 * browser's HAR capture (`"name": "Cookie", "value": "..."`), curl's `-b`/`--cookie`. Whoever holds
 * the value is logged in, yet its name (`sessionid`, `connect.sid`) names no secret, so the
 * assignment search never sees it. Only cookies named for a session or a token are reported.
 */
// A cycle, as toolPasswords has: genericRules lists this detector, and it uses genericRules' value
// checks only when called, by which time both modules are loaded.
import {
  isPlausibleSecretValue, type Candidate, type DetectorInput, type GenericDetector,
} from './genericRules';
import { GENERATED_SECRET_SHAPE } from './secretShape';

/**
 * What follows `cookie` before its value: a header (`Cookie: `, `"cookie": "`), a HAR entry's
 * name field then its value field, or curl's `--cookie` flag. Bounded; tried at the keyword only.
 */
const HEADER_AT = new RegExp('cookie(?:["\']?[ \\t]{0,8}:[ \\t]{0,8}["\']?' +
  '|["\'][ \\t]{0,8},[ \\t]{0,8}["\']value["\'][ \\t]{0,8}:[ \\t]{0,8}["\']' +
  '|[ \\t]{1,8}["\']|=["\'])', 'iy');
/** curl's short flag: `-b 'sessionid=...'`. */
const CURL_FLAG_AT = /-b[ \t]{1,8}["']/y;
/** Names frameworks give a session cookie, and cookies that hold a token outright. */
const SESSION_NAME = new RegExp('^(?:_{0,2}(?:secure-|host-)?(?:session(?:[_-]?id)?|sess|sid|connect\\.sid|' +
  'phpsessid|jsessionid|asp\\.net_sessionid|laravel_session|[\\w.-]{1,40}[_.-]session(?:[_-]?(?:id|token))?' +
  '|[\\w-]{1,40}_sess|(?:auth|access|id|refresh|remember|session)[_-]?token|next-auth\\.session-token))$',
  'i');
const MAX_HEADER = 4096;
const MAX_COMMAND = 600;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * Where the cookie header's value ends: a quote (the one around a JSON string or a shell word,
 * `-H 'cookie: ...'`; cookie values hold none) or the line's end.
 */
function headerEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_HEADER);
  let i = start;
  while (i < limit && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '"' && text[i] !== "'") i++;
  return i;
}

/** The session cookies among the `name=value; name=value` pairs at [start, end). */
function sessionValues(text: string, start: number, end: number): Candidate[] {
  const out: Candidate[] = [];
  let pairStart = start;
  while (pairStart < end) {
    let pairEnd = text.indexOf(';', pairStart);
    if (pairEnd === -1 || pairEnd > end) pairEnd = end;
    const equals = text.indexOf('=', pairStart);
    if (equals !== -1 && equals < pairEnd) {
      const name = text.slice(pairStart, equals).trim();
      let valueStart = equals + 1;
      let valueEnd = pairEnd;
      while (valueStart < valueEnd && text[valueStart] === ' ') valueStart++;
      while (valueEnd > valueStart && text[valueEnd - 1] === ' ') valueEnd--;
      const value = text.slice(valueStart, valueEnd);
      if (SESSION_NAME.test(name) && !/^[$%<{]/.test(value)
        && isPlausibleSecretValue(value, value, 'generic-secret', 'session_token', GENERATED_SECRET_SHAPE)) {
        out.push({ ruleId: 'generic-secret', start: valueStart, end: valueEnd, secret: value });
      }
    }
    pairStart = pairEnd + 1;
  }
  return out;
}

function findSessionCookies({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  let resumeAt = 0;
  const headers = (keywordEnds?.[0] ?? []).map((end) => ({ at: end - 'cookie'.length, pattern: HEADER_AT }));
  const commands = (keywordEnds?.[1] ?? []).map((end) => ({ at: end - 4, pattern: CURL_FLAG_AT })); // `curl`
  const starts = [...headers, ...commands].sort((a, b) => a.at - b.at);
  for (const { at, pattern } of starts) {
    if (at < resumeAt) continue;
    let from = at;
    if (pattern === CURL_FLAG_AT) {
      // curl's `-b` on the command's line, within a bounded stretch so a long line stays linear.
      const stretch = text.slice(at, Math.min(text.length, at + MAX_COMMAND));
      const flag = stretch.split('\n', 1)[0].search(/[ \t]-b[ \t]/);
      if (flag === -1) continue;
      from = at + flag + 1;
    } else if (isWordChar(text.charCodeAt(at - 1))) {
      continue; // `setcookie`, `refreshTokenCookieName`
    }
    pattern.lastIndex = from;
    if (!pattern.test(text)) continue;
    const start = pattern.lastIndex;
    const end = headerEnd(text, start);
    resumeAt = end;
    out.push(...sessionValues(text, start, end));
  }
  return out;
}

export const SESSION_COOKIE_DETECTOR: GenericDetector = {
  keywords: ['cookie', 'curl'], modes: ['full'], wantsKeywordEnds: true, find: findSessionCookies,
};
