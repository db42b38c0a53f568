/**
 * Writing secrets into `.env` so that the `dotenv` parser reads back exactly the value written,
 * and `NAME=` placeholders into `.env.example`.
 */
import * as dotenv from 'dotenv';
import { appendBytes, appendedText, decodeTextFile, DecodedText } from './textFileAppend';

export type DotenvResult =
  | { ok: true; value: string }
  | { ok: false; reason: string };

/**
 * The right-hand side of `KEY=...` that dotenv parses back to `value` when the line follows
 * `before` (the file so far: an unclosed quote there can swallow a quoted line), or why none
 * exists. Candidates go from plainest to most quoted; each is checked with dotenv's own parsers
 * (the default and the `fast` one) rather than trusted from a reading of their rules.
 */
export function formatDotenvValue(key: string, value: string, before = '', eol: '\n' | '\r\n' = '\n'):
  DotenvResult {
  const escapedNewlines = `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
  const multiline = /[\r\n]/.test(value);
  const candidates = [
    value,
    // Escaped line breaks keep the entry on one line, so the file's line endings stay uniform.
    ...(multiline ? [escapedNewlines] : []),
    `'${value}'`,
    escapedNewlines,
    `\`${value}\``,
    `"${value}"`,
  ];
  const expected = { ...dotenv.parse(before), [key]: value };
  for (const candidate of candidates) {
    // A raw carriage return would be read as a line break by the parser; never write one.
    if (candidate.includes('\r')) continue;
    const line = `${key}=${candidate}`.replace(/\n/g, eol);
    const text = before + appendedText(before ? { text: before, eol, encoding: 'utf8' } : undefined, line);
    if (sameEntries(dotenv.parse(text), expected) && sameEntries(dotenv.parse(text, { fast: true }),
      expected)) {
      return { ok: true, value: candidate };
    }
  }
  return {
    ok: false,
    reason: 'dotenv has no quoting that reads this value back unchanged (it holds quote characters ' +
      "together with a line break, '#', surrounding spaces or a literal \\n), so it was not written.",
  };
}

export type AppendResult =
  | { ok: true; content: Buffer; appended: string }
  | { ok: false; reason: string };

/**
 * The new bytes of a .env file with `KEY=value` appended. `existing` is undefined when the file
 * does not exist yet. Refuses when KEY is taken, when the value cannot be quoted, or when the
 * result would not parse back to the old entries plus the new one.
 */
export function appendDotenvEntry(existing: Uint8Array | undefined, key: string,
  value: string): AppendResult {
  const decoded = existing ? decodeTextFile(existing) : undefined;
  const before = decoded ? dotenv.parse(decoded.text) : {};
  if (Object.prototype.hasOwnProperty.call(before, key)) {
    return { ok: false, reason: `.env already defines ${key}.` };
  }
  const formatted = formatDotenvValue(key, value, decoded?.text, decoded?.eol);
  if (!formatted.ok) return formatted;
  const line = `${key}=${formatted.value}`.replace(/\n/g, decoded?.eol ?? '\n');
  return appendChecked(existing, decoded, line, { ...before, [key]: value });
}

/** `.env.example` gets `KEY=` unless it lists KEY already; undefined means "leave it as it is". */
export function appendExampleEntry(existing: Uint8Array | undefined, key: string): AppendResult | undefined {
  const decoded = existing ? decodeTextFile(existing) : undefined;
  const before = decoded ? dotenv.parse(decoded.text) : {};
  if (Object.prototype.hasOwnProperty.call(before, key)) return undefined;
  return appendChecked(existing, decoded, `${key}=`, { ...before, [key]: '' });
}

function appendChecked(existing: Uint8Array | undefined, decoded: DecodedText | undefined, line: string,
  expected: Record<string, string>): AppendResult {
  const appended = appendedText(decoded, line);
  const text = (decoded?.text ?? '') + appended;
  if (!sameEntries(dotenv.parse(text), expected) || !sameEntries(dotenv.parse(text, { fast: true }),
    expected)) {
    // Happens after an unterminated quote on the last line: the new line would be swallowed by it.
    return { ok: false, reason: 'The .env file ends in a way that would change how the new line is read ' +
      '(an unclosed quote?). Fix the file and try again.' };
  }
  const content = appendBytes(existing, decoded, appended);
  if (!content) {
    return { ok: false, reason: 'The .env file is not UTF-8 and the value has non-ASCII characters; ' +
      'convert the file to UTF-8 first.' };
  }
  return { ok: true, content, appended };
}

function sameEntries(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k)
    && a[k] === b[k]);
}

/** The entries of a .env file, for name choice and reuse; an unreadable file counts as empty. */
export function readDotenvEntries(existing: Uint8Array | undefined): Map<string, string> {
  if (!existing) return new Map();
  return new Map(Object.entries(dotenv.parse(decodeTextFile(existing).text)));
}
