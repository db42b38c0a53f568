/**
 * Secrets inside escaped string literals (a notebook's JSON `source`, a JSON config, a JS string
 * with `\n`) are scanned in decoded form and reported at their position in the raw text.
 */

export interface DecodedString {
  /** The string's content with escapes decoded. */
  value: string;
  /** rawStart[i] is the raw offset where decoded character i's escape (or character) begins. */
  rawStart: Int32Array;
  /** rawEnd[i] is the raw offset just after decoded character i's escape. */
  rawEnd: Int32Array;
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

/** Decodes the content between raw offsets [start, end) of `text`. */
export function decodeEscapes(text: string, start: number, end: number): DecodedString {
  const length = end - start;
  const codes = new Uint16Array(length);
  const rawStart = new Int32Array(length);
  const rawEnd = new Int32Array(length);
  let n = 0;
  let i = start;
  while (i < end) {
    let code = text.charCodeAt(i);
    let next = i + 1;
    if (code === 92 && i + 1 < end) {
      const esc = text[i + 1];
      next = i + 2;
      const hex = esc === 'u' && i + 6 <= end ? hexValue(text, i + 2, 4)
        : esc === 'x' && i + 4 <= end ? hexValue(text, i + 2, 2) : -1;
      if (hex >= 0) {
        code = hex;
        next = i + (esc === 'u' ? 6 : 4);
      } else {
        code = (SIMPLE_ESCAPES[esc] ?? esc).charCodeAt(0);
      }
    }
    codes[n] = code;
    rawStart[n] = i;
    rawEnd[n] = next;
    n++;
    i = next;
  }
  let value = '';
  // fromCharCode takes arguments; chunks keep the call under engine argument limits.
  for (let k = 0; k < n; k += 8192) value += String.fromCharCode(...codes.subarray(k, Math.min(n, k + 8192)));
  return { value, rawStart: rawStart.subarray(0, n), rawEnd: rawEnd.subarray(0, n) };
}

/** Maps a decoded range [start, end) back to the raw text. */
export function toRawRange(decoded: DecodedString, start: number, end: number): [number, number] {
  return [decoded.rawStart[start], decoded.rawEnd[end - 1]];
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
  let i = from;
  while (i < to) {
    const quote = text.charCodeAt(i);
    if (!((quote === 34 && openDouble) || (quote === 39 && openSingle))) {
      i++;
      continue;
    }
    let j = i + 1;
    let escaped = false;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j += 2;
      } else if (c === quote) {
        break;
      } else {
        j++;
      }
    }
    if (j >= to) {
      if (quote === 34) openDouble = false;
      else openSingle = false;
      i++;
      continue;
    }
    if (escaped && j - i > 8) visit(i + 1, j);
    i = j + 1;
  }
}
