/**
 * A bare `key` named by the section it sits in: ASP.NET's `"Jwt": { "Key": "..." }`, YAML's
 * `encryption:` then `  key: ...`, INI's and TOML's `[jwt]` then `key = ...`. Alone, `key` names
 * nothing (cache keys, map keys, `- key: app` selectors); with its section's name in front it
 * reads as `Jwt.Key` and is judged as that name.
 */
import { decodeEscapes } from './escapedStrings';
import type { Candidate, DetectorInput, GenericDetector } from './genericRules';
import {
  isBlank, isNameChar, looksIssued, MIN_VALUE_LENGTH, namedSecret, readValue, skipBlanksFrom, type ParsedValue,
} from './genericRules';

/** How far back the section's opening brace (characters) or line (lines) is looked for: sections are short. */
const MAX_SECTION_REACH = 1000;
const MAX_SECTION_LINES = 40;
const NAME = /^[A-Za-z_][\w.-]{0,60}$/;

/**
 * The section found for the previous key of the same form (in text order): where that key
 * starts (its line, in YAML and INI), its indentation and the section's name.
 */
interface LastSection {
  at: number;
  indent: number;
  name: string | undefined;
}

/** The name before the `{` at `brace` (`"Jwt": {`, `jwt: {`), if any. */
function nameBeforeBrace(text: string, brace: number): string | undefined {
  let i = brace - 1;
  while (i >= 0 && brace - i <= MAX_SECTION_REACH && /\s/.test(text[i])) i--;
  if (text[i] !== ':' && text[i] !== '=') return undefined;
  i--;
  while (isBlank(text[i])) i--;
  const quote = text[i] === '"' || text[i] === "'" ? text[i] : undefined;
  const end = quote ? i : i + 1;
  let start = end;
  while (start > 0 && start > end - 61 && isNameChar(text.charCodeAt(start - 1))) start--;
  if (quote && text[start - 1] !== quote) return undefined;
  const name = text.slice(start, end);
  return NAME.test(name) ? name : undefined;
}

/**
 * The name of the object that holds the member starting at `at`: back over balanced braces and
 * brackets to the unmatched `{`. Quoted text on the way is skipped, so braces inside strings
 * do not count.
 */
function enclosingObjectName(text: string, at: number, last: LastSection): string | undefined {
  let depth = 0;
  for (let i = at - 1, limit = Math.max(0, at - MAX_SECTION_REACH); i >= limit; i--) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      // Back to the quote that opens it, on the same line.
      let open = i - 1;
      while (open >= limit && text[open] !== '\n' && !(text[open] === ch && text[open - 1] !== '\\')) open--;
      if (open < limit || text[open] === '\n') return undefined;
      i = open;
      // The previous key, reached with every brace between balanced: it sits directly in the
      // same object as this one, whose section was found for it.
      if (i === last.at && depth === 0) return last.name;
    } else if (ch === '}' || ch === ']') {
      depth++;
    } else if (ch === '[') {
      if (depth === 0) return undefined;
      depth--;
    } else if (ch === '{') {
      if (depth === 0) return nameBeforeBrace(text, i);
      depth--;
    }
  }
  return undefined;
}

/** The YAML mapping key whose block holds the line starting at `lineStart`, indented `indent`. */
function enclosingYamlKey(text: string, lineStart: number, indent: number, last: LastSection): string | undefined {
  let end = lineStart - 1;
  for (let n = 0; n < MAX_SECTION_LINES && end > 0; n++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    // The previous key at this indentation, with only deeper lines between: the same block.
    if (start === last.at && indent === last.indent) return last.name;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    if (line.length - content.length >= indent) continue;
    return yamlSectionName(content);
  }
  return undefined;
}

/** `name:` alone on its line (a comment may follow): the name, unquoted. Linear: no regex backtracking. */
function yamlSectionName(content: string): string | undefined {
  const colon = content.indexOf(':');
  if (colon < 1 || colon > 64) return undefined;
  const after = content.slice(colon + 1).trimStart();
  if (after !== '' && !after.startsWith('#')) return undefined;
  let name = content.slice(0, colon).trimEnd();
  const q = name[0];
  if ((q === '"' || q === "'") && name.length > 2 && name.endsWith(q)) name = name.slice(1, -1);
  return NAME.test(name) ? name : undefined;
}

/**
 * The value after the operator at `operator`: quoted, or (`plainAllowed`) a plain scalar filling
 * the rest of its line, a comment aside.
 */
function valueAfter(text: string, operator: number, plainAllowed: boolean): ParsedValue | undefined {
  const value = readValue(text, skipBlanksFrom(text, operator + 1), false);
  if (!value || value.quoted) return value;
  const next = text[skipBlanksFrom(text, value.end)];
  return plainAllowed && (next === undefined || next === '\n' || next === '\r' || next === '#' || next === ';')
    ? value : undefined;
}

/** The `[section]` (or TOML `[table]`) above the line starting at `lineStart`. */
function enclosingIniSection(text: string, lineStart: number, last: LastSection): string | undefined {
  let end = lineStart - 1;
  for (let n = 0; n < MAX_SECTION_LINES && end > 0; n++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    // The previous key's line: no header between, so the same section.
    if (start === last.at) return last.name;
    const line = text.slice(start, end).trim();
    end = start - 1;
    if (!line.startsWith('[')) continue;
    // TOML's arrays of tables, `[[heroku.accounts]]`, are sections too.
    const brackets = line.startsWith('[[') && line.endsWith(']]') ? 2 : 1;
    const name = line.endsWith(']') ? line.slice(brackets, -brackets).trim() : '';
    return NAME.test(name) ? name : undefined;
  }
  return undefined;
}

/** After the quoted name at `nameStart`: TOML's `=`, or YAML's `:` before a value that is not quoted. */
function opensYamlOrTomlValue(text: string, nameStart: number, quote: string): boolean {
  let i = nameStart;
  while (isNameChar(text.charCodeAt(i))) i++;
  if (text[i] !== quote) return false;
  i = skipBlanksFrom(text, i + 1);
  if (text[i] === '=') return true;
  const next = text[skipBlanksFrom(text, i + 1)];
  return text[i] === ':' && next !== '"' && next !== "'";
}

/**
 * The section a name starting at `nameStart` sits in: the object holding a quoted member, the
 * YAML key above an indented line, or the `[section]` above a line that starts with the name.
 */
export function sectionAbove(text: string, nameStart: number): string | undefined {
  const last: LastSection = { at: -1, indent: -1, name: undefined };
  let lineStart = nameStart;
  const quote = text[nameStart - 1];
  if (quote === '"' || quote === "'") {
    const object = enclosingObjectName(text, nameStart - 1, last);
    // Not in an object: a quoted key in YAML (`snyk:` then `  "token": <plain>`) or TOML (`"api_key" = ...`).
    // JSON's quoted values are left out: its members far below their brace would walk the lines for nothing.
    if (object !== undefined || !opensYamlOrTomlValue(text, nameStart, quote)) return object;
    lineStart--;
  }
  // Back over the indentation only: a name after other text on a long line has no section here.
  const keyStart = lineStart;
  while (isBlank(text[lineStart - 1])) lineStart--;
  if (lineStart > 0 && text[lineStart - 1] !== '\n') return undefined;
  const indent = keyStart - lineStart;
  return indent === 0 ? enclosingIniSection(text, lineStart, last) : enclosingYamlKey(text, lineStart, indent, last);
}

type KeyForm = 'member' | 'yaml' | 'ini';

/**
 * The `key` whose name spans [keyStart, keyEnd): `"key"`/`'key'` in an object, `key:` opening
 * an indented YAML line, or `key =` opening an INI or TOML line; judged under its section's name.
 */
function sectionKeyAt(
  input: DetectorInput, form: KeyForm, keyStart: number, keyEnd: number, last: LastSection,
): Candidate | undefined {
  const { text } = input;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  // A bare `key` only opens a line (never a YAML list item, `- key: app`), in files whose values
  // may be unquoted; YAML's is indented under its section.
  if (form !== 'member' && (!input.unquotedValues || text.slice(lineStart, keyStart).trim() !== ''
    || (form === 'yaml' && keyStart === lineStart))) return undefined;
  const operator = form === 'member' ? skipBlanksFrom(text, keyEnd) : keyEnd - 1;
  if (text[operator] !== (form === 'ini' ? '=' : ':')) return undefined;
  // The value first: most `key` members hold short or no literals, and the section is then not looked for.
  const value = valueAfter(text, operator, form !== 'member');
  if (!value || value.end - value.start < MIN_VALUE_LENGTH) return undefined;
  const indent = keyStart - lineStart;
  const section = form === 'member' ? enclosingObjectName(text, keyStart, last)
    : form === 'yaml' ? enclosingYamlKey(text, lineStart, indent, last) : enclosingIniSection(text, lineStart, last);
  // Remembered so that the next key of the same section looks back only this far.
  Object.assign(last, { at: form === 'member' ? keyStart : lineStart, indent, name: section });
  if (section === undefined) return undefined;
  const secret = value.escaped ? decodeEscapes(text, value.start, value.end).value : text.slice(value.start, value.end);
  if (!looksLikeSectionSecret(secret) || /^[ \t]*,\s*["']?value["']?[ \t]*:/.test(text.slice(value.end + 1, value.end + 40))) {
    return undefined;
  }
  return namedSecret(input, `${sectionWord(section)}.key`, secret, value.start, value.end);
}

/** `JwtSettings`, `jwt_options`, `AesConfig`: the section's subject without the word for settings. */
function sectionWord(section: string): string {
  const subject = section.replace(/[-_.]?(?:settings|options|opts|config|configuration|cfg|section)$/i, '');
  return subject === '' ? section : subject;
}

/**
 * A name read off the section is weaker evidence than one written beside the value, so the value
 * must look issued, not like a reference to one: no path, URI or alias (`classpath:keys/jwt.jks`,
 * `alias/app-key`, a KMS key's resource name), no GPG key id or fingerprint, no header name.
 */
function looksLikeSectionSecret(value: string): boolean {
  if (/[/:\s]/.test(value) || /^(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40})$/.test(value)) return false;
  return looksIssued(value);
}

function findSectionKeys(input: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  const [doubleQuoted, singleQuoted, yaml, ini, iniSpaced] = input.keywordEnds ?? [];
  const lists: [readonly number[] | undefined, KeyForm, number][] = [
    [doubleQuoted, 'member', '"key"'.length], [singleQuoted, 'member', "'key'".length], [yaml, 'yaml', 'key:'.length],
    [ini, 'ini', 'key='.length], [iniSpaced, 'ini', 'key ='.length],
  ];
  for (const [ends, form, length] of lists) {
    const last: LastSection = { at: -1, indent: -1, name: undefined };
    for (const end of ends ?? []) {
      const candidate = sectionKeyAt(input, form, end - length, end, last);
      if (candidate) out.push(candidate);
    }
  }
  return out;
}

export const SECTION_KEY_DETECTOR: GenericDetector = {
  keywords: ['"key"', "'key'", 'key:', 'key=', 'key ='], modes: ['full'], wantsKeywordEnds: true,
  find: findSectionKeys,
};
