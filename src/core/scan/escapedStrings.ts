/**
 * Secrets inside escaped string literals (a notebook's JSON `source`, a JSON config, a JS string
 * with `\n`) are scanned in decoded form and reported at their position in the raw text.
 */

export interface DecodedString {
  /** The string's content with escapes decoded. */
  value: string;
  /** Raw text and range the value was decoded from, for toRawRange. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** rawStart[i] is the raw offset where decoded character i's escape (or character) begins; made on first use. */
  rawStart?: Int32Array;
  /** rawEnd[i] is the raw offset just after decoded character i's escape. */
  rawEnd?: Int32Array;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0',
  '"': '"', "'": "'", '\\': '\\', '/': '/', '`': '`',
};

function hexValue(text: string, from: number, digits: number): number {
  let value = 0;
  for (let k = from; k < from + digits; k++) {
    const c = text.charCodeAt(k);
    const digit = c >= 48 && c <= 57 ? c - 48
      : c >= 97 && c <= 102 ? c - 87
        : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * The escape starting with the backslash at `i` (which has a character after it before `end`):
 * the code unit it stands for and where it ends.
 */
function escapeAt(text: string, i: number, end: number): { code: number; next: number } {
  const esc = text[i + 1];
  const hex = esc === 'u' && i + 6 <= end ? hexValue(text, i + 2, 4)
    : esc === 'x' && i + 4 <= end ? hexValue(text, i + 2, 2) : -1;
  if (hex >= 0) return { code: hex, next: i + (esc === 'u' ? 6 : 4) };
  return { code: (SIMPLE_ESCAPES[esc] ?? esc).charCodeAt(0), next: i + 2 };
}

/**
 * Decodes the content between raw offsets [start, end) of `text`. The runs between escapes are
 * copied whole: a source map's `sourcesContent` is whole files with an escape per line.
 */
export function decodeEscapes(text: string, start: number, end: number): DecodedString {
  const parts: string[] = [];
  let runStart = start;
  // A backslash as the last character stands for itself.
  for (let i = text.indexOf('\\', start); i !== -1 && i + 1 < end; i = text.indexOf('\\', runStart)) {
    const { code, next } = escapeAt(text, i, end);
    if (i > runStart) parts.push(text.slice(runStart, i));
    parts.push(String.fromCharCode(code));
    runStart = next;
  }
  parts.push(text.slice(runStart, end));
  return { value: parts.join(''), text, start, end };
}

/** The raw offsets of every decoded character, as decodeEscapes walks them. */
function rawOffsets(decoded: DecodedString): { rawStart: Int32Array; rawEnd: Int32Array } {
  if (decoded.rawStart && decoded.rawEnd) return { rawStart: decoded.rawStart, rawEnd: decoded.rawEnd };
  const { text, start, end } = decoded;
  const rawStart = new Int32Array(decoded.value.length);
  const rawEnd = new Int32Array(decoded.value.length);
  let n = 0;
  for (let i = start; i < end; n++) {
    const next = text.charCodeAt(i) === 92 && i + 1 < end ? escapeAt(text, i, end).next : i + 1;
    rawStart[n] = i;
    rawEnd[n] = next;
    i = next;
  }
  decoded.rawStart = rawStart;
  decoded.rawEnd = rawEnd;
  return { rawStart, rawEnd };
}

/** Maps a decoded range [start, end) back to the raw text. */
export function toRawRange(decoded: DecodedString, start: number, end: number): [number, number] {
  const { rawStart, rawEnd } = rawOffsets(decoded);
  return [rawStart[start], rawEnd[end - 1]];
}

/**
 * Calls `visit` with the content range of every single- or double-quoted literal (on one line)
 * that contains a backslash escape. Literals without escapes read the same raw and decoded, so
 * the raw scan covers them.
 */
export function forEachEscapedString(text: string, visit: (start: number, end: number) => void): void {
  // Only lines holding a backslash can hold an escaped literal; most lines are skipped unread.
  for (let slash = text.indexOf('\\'); slash !== -1;) {
    const lineStart = text.lastIndexOf('\n', slash) + 1;
    let lineEnd = text.indexOf('\n', slash);
    if (lineEnd === -1) lineEnd = text.length;
    visitLiteralsOnLine(text, lineStart, lineEnd, visit);
    slash = lineEnd === text.length ? -1 : text.indexOf('\\', lineEnd);
  }
}

function visitLiteralsOnLine(
  text: string, from: number, to: number, visit: (start: number, end: number) => void,
): void {
  // Once a quote finds no closing partner, no later quote of that kind on the line can either
  // (each later one was read as an escape), so it is not tried again: linear per line.
  let openDouble = true;
  let openSingle = true;
  let nextSlash = -1;
  let i = from;
  while (i < to) {
    const quote = text.charCodeAt(i);
    if (!((quote === 34 && openDouble) || (quote === 39 && openSingle))) {
      i++;
      continue;
    }
    const j = closingQuote(text, i, to);
    if (j >= to) {
      if (quote === 34) openDouble = false;
      else openSingle = false;
      i++;
      continue;
    }
    // The next backslash is looked up again only once the scan has passed it: linear per line.
    if (nextSlash <= i) nextSlash = text.indexOf('\\', i + 1) >>> 0;
    if (j - i > 8 && nextSlash < j) visit(i + 1, j);
    i = j + 1;
  }
}

/**
 * Where the literal opened by the quote at `open` closes: the first such quote not escaped, that
 * is not after an odd run of backslashes; `to` or beyond when none does before `to`.
 */
function closingQuote(text: string, open: number, to: number): number {
  const quote = text[open];
  for (let at = text.indexOf(quote, open + 1); at !== -1 && at < to; at = text.indexOf(quote, at + 1)) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return to;
}
