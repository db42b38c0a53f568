/**
 * Parser for `.http` / `.rest` files in the syntax REST Client and the JetBrains HTTP Client share.
 *
 * Rules, in the order a block is read (a block runs from one `###` separator to the next):
 * - A line starting with `###` always ends the previous block, even inside a body; the text after
 *   it is the block's title.
 * - Before the request line: blank lines, whole-line comments (`#` or `//`), file variables
 *   (`@name = value`, global to the file wherever they appear) and metadata comments
 *   (`# @name login`, `// @auth GITHUB`, `# @no-redirect`) that apply to the block's request.
 * - The first other line is the request line: `[METHOD] URL [HTTP/x.y]`; GET when no method.
 * - Lines starting with `?` or `&` right after it continue the URL's query string.
 * - Then headers (`Name: value`) until the first blank line; comment lines there are skipped.
 * - Everything after that blank line up to the next separator is body text, comment-looking lines
 *   included (as REST Client does: comments are only recognised before the body). A body line
 *   `< ./file` includes a file as-is; `<@ ./file` includes it with `{{variables}}` substituted.
 *   Trailing blank lines of a body are dropped; lines are joined with the file's own line ending.
 *
 * Problems never throw: they come back as `errors` with a 0-based line, and a request that has
 * one is marked so the sender refuses it.
 */

export interface VariableReference {
  /** Text between the braces, trimmed: `baseUrl`, `$randomInt 1 10`, `login.response.body.$.id`. */
  name: string;
  /** 0-based line and columns; `end` is exclusive and includes the closing braces. */
  line: number;
  start: number;
  end: number;
}

export interface FileVariable {
  name: string;
  /** Raw value, possibly containing `{{references}}`. */
  value: string;
  line: number;
  /** Column range of the name, for go-to-definition and diagnostics. */
  nameStart: number;
  nameEnd: number;
  references: VariableReference[];
}

export interface HeaderLine {
  name: string;
  value: string;
  line: number;
}

export type BodyPart =
  { kind: 'text'; text: string } | { kind: 'file'; path: string; substituteVariables: boolean; line: number };

export interface HttpRequestBlock {
  /** Position among the file's requests, from 0. */
  index: number;
  /** From `# @name x`; what other requests use to refer to this one's response. */
  name?: string;
  /** Text after the `###` that opens the block. */
  title?: string;
  /** Every `# @key value` comment before the request line (`name` included), value '' when bare. */
  metadata: Record<string, string>;
  method: string;
  /** URL with query continuation lines appended, `{{references}}` unresolved. */
  url: string;
  httpVersion?: string;
  headers: HeaderLine[];
  body: BodyPart[];
  /** Lines of the whole block (separator excluded), inclusive. */
  range: { startLine: number; endLine: number };
  requestLine: number;
  references: VariableReference[];
  /** From `# @prompt name [description]`: values the user is asked for before sending. */
  prompts: { name: string; description?: string; line: number }[];
  /** Problems that make this request unsendable. */
  errors: ParseError[];
  /** Things that are ignored but worth telling (JetBrains response handlers). */
  warnings: ParseError[];
}

export interface ParseError {
  line: number;
  message: string;
}

export interface HttpFile {
  requests: HttpRequestBlock[];
  fileVariables: FileVariable[];
  errors: ParseError[];
  warnings: ParseError[];
  /** `\r\n` when the file uses it, used to join body lines. */
  eol: '\n' | '\r\n';
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'];

const SEPARATOR = /^###/;
const COMMENT = /^\s*(#|\/\/)/;
// Captured values are trimmed in code: a lazy group before `\s*$` would backtrack quadratically.
const METADATA = /^\s*(?:#|\/\/)\s*@([A-Za-z][\w-]*)(?:\s(.*))?$/;
const FILE_VARIABLE = /^\s*@([^\s=]+)\s*=(.*)$/;
const HEADER = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*:(.*)$/;
const HTTP_VERSION = /^HTTP\/\d(?:\.\d)?$/i;
const BODY_INCLUDE = /^<(@)?\s(.*)$/;

/** Finds `{{...}}` references on one line with a single left-to-right scan (no backtracking). */
export function findReferences(text: string, line: number, offset = 0): VariableReference[] {
  const refs: VariableReference[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return refs;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return refs;
    // The innermost opener wins (`{{a {{b}}` refers to b); searching back from the close once keeps
    // a line of many openers linear, where stepping from opener to opener rescanned to the close.
    const start = text.lastIndexOf('{{', close - 2);
    const name = text.slice(start + 2, close).trim();
    if (name) refs.push({ name, line, start: offset + start, end: offset + close + 2 });
    from = close + 2;
  }
}

/** Column of a `{{` that no `}}` follows on the line, which would otherwise go out literally. */
export function unclosedReferenceColumn(text: string): number | undefined {
  const lastClose = text.lastIndexOf('}}');
  const open = text.indexOf('{{', lastClose < 0 ? 0 : lastClose + 2);
  return open < 0 ? undefined : open;
}

function checkClosedReferences(text: string, line: number, errors: ParseError[]): void {
  const column = unclosedReferenceColumn(text);
  if (column === undefined) return;
  errors.push({ line, message: `"{{" at column ${column + 1} is not closed with "}}".` });
}

interface Block {
  title?: string;
  startLine: number;
  lines: { text: string; line: number }[];
}

function splitBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [{ startLine: 0, lines: [] }];
  lines.forEach((text, line) => {
    if (SEPARATOR.test(text)) {
      const title = text.replace(/^#+/, '').trim();
      blocks.push({ title: title || undefined, startLine: line + 1, lines: [] });
      return;
    }
    blocks[blocks.length - 1].lines.push({ text, line });
  });
  return blocks;
}

/** Parses a whole `.http` file. Never throws. */
export function parseHttpFile(text: string): HttpFile {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const result: HttpFile = { requests: [], fileVariables: [], errors: [], warnings: [], eol };

  for (const block of splitBlocks(lines)) {
    const request = parseBlock(block, result, eol);
    if (request) {
      request.index = result.requests.length;
      result.requests.push(request);
    }
  }
  return result;
}

function parseBlock(block: Block, file: HttpFile, eol: string): HttpRequestBlock | undefined {
  const metadata: Record<string, string> = {};
  const prompts: HttpRequestBlock['prompts'] = [];
  let i = 0;

  for (; i < block.lines.length; i++) {
    const { text, line } = block.lines[i];
    if (!text.trim()) continue;
    const meta = METADATA.exec(text);
    if (meta) {
      const value = (meta[2] ?? '').trim();
      metadata[meta[1]] = value;
      if (meta[1] === 'prompt' && value) {
        const [name, ...description] = value.split(/\s+/);
        prompts.push({ name, description: description.join(' ') || undefined, line });
      }
      continue;
    }
    if (COMMENT.test(text)) continue;
    if (/^\s*@/.test(text)) {
      parseFileVariable(text, line, file);
      continue;
    }
    break;
  }
  if (i >= block.lines.length) return undefined;

  const errors: ParseError[] = [];
  const references: VariableReference[] = [];
  const first = block.lines[i];
  const requestLine = parseRequestLine(first.text, first.line, errors);
  references.push(...findReferences(first.text, first.line));
  checkClosedReferences(first.text, first.line, errors);
  let url = requestLine.url;
  i++;

  for (; i < block.lines.length && /^\s*[?&]/.test(block.lines[i].text); i++) {
    const { text, line } = block.lines[i];
    url += text.trim();
    references.push(...findReferences(text, line));
    checkClosedReferences(text, line, errors);
  }

  const headers: HeaderLine[] = [];
  const misplaced: ParseError[] = [];
  for (; i < block.lines.length; i++) {
    const { text, line } = block.lines[i];
    if (!text.trim()) {
      i++;
      break;
    }
    const lateMeta = METADATA.exec(text);
    if (lateMeta) {
      // Silently dropping `# @auth` here would send the request without its credential.
      misplaced.push({
        line,
        message: `"@${lateMeta[1]}" after the request line is ignored; move it above the request line.`,
      });
    }
    if (COMMENT.test(text)) continue;
    const header = HEADER.exec(text);
    if (!header) {
      errors.push({
        line,
        message: `Expected a header "Name: value" or a blank line before the body, found "${clip(text)}".`,
      });
      continue;
    }
    headers.push({ name: header[1], value: header[2].trim(), line });
    references.push(...findReferences(text, line));
    checkClosedReferences(text, line, errors);
  }

  const { body: bodyLines, directives } = splitResponseDirectives(block.lines.slice(i));
  while (bodyLines.length && !bodyLines[bodyLines.length - 1].text.trim()) bodyLines.pop();
  const body = parseBody(bodyLines, eol, references, errors);
  const warnings = [
    ...misplaced,
    ...directives.map((line) => ({
      line,
      message:
        'JetBrains response handlers and response references (">", ">>", "<>") are not run by ' +
        'Token Warden; this line is not sent.',
    })),
  ];

  const lastLine = block.lines.length ? block.lines[block.lines.length - 1].line : block.startLine;
  const request: HttpRequestBlock = {
    index: 0,
    name: metadata.name || undefined,
    title: block.title,
    metadata,
    method: requestLine.method,
    url,
    httpVersion: requestLine.httpVersion,
    headers,
    body,
    range: { startLine: block.startLine, endLine: Math.max(lastLine, first.line) },
    requestLine: first.line,
    references,
    prompts,
    errors,
    warnings,
  };
  file.errors.push(...errors);
  file.warnings.push(...warnings);
  return request;
}

function parseFileVariable(text: string, line: number, file: HttpFile): void {
  const match = FILE_VARIABLE.exec(text);
  if (!match) {
    file.errors.push({ line, message: `A file variable needs "@name = value", found "${clip(text)}".` });
    return;
  }
  const nameStart = text.indexOf('@') + 1;
  const valueStart = text.indexOf('=', nameStart) + 1;
  const valueOffset =
    valueStart + (text.slice(valueStart).length - text.slice(valueStart).trimStart().length);
  const value = match[2].trim();
  file.fileVariables.push({
    name: match[1],
    value,
    line,
    nameStart,
    nameEnd: nameStart + match[1].length,
    references: findReferences(value, line, valueOffset),
  });
}

function parseRequestLine(
  text: string,
  line: number,
  errors: ParseError[],
): { method: string; url: string; httpVersion?: string } {
  const tokens = splitOutsideBraces(text.trim());
  let method = 'GET';
  if (tokens.length > 1 && HTTP_METHODS.includes(tokens[0].toUpperCase())) {
    method = tokens.shift()!.toUpperCase();
  }
  let httpVersion: string | undefined;
  if (tokens.length > 1 && HTTP_VERSION.test(tokens[tokens.length - 1])) {
    httpVersion = tokens.pop()!.toUpperCase();
  }
  const url = tokens.join(' ');
  if (tokens.length > 1) {
    errors.push({
      line,
      message:
        `The request line should be "[METHOD] URL [HTTP/1.1]"; "${clip(url)}" contains spaces ` +
        '(encode them as %20, or start the line with a method such as GET).',
    });
  }
  return { method, url, httpVersion };
}

/** Splits on whitespace, except inside `{{ }}` (system variables take arguments: `{{$randomInt 1 9}}`). */
function splitOutsideBraces(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    if (!inside && text.startsWith('{{', i)) inside = true;
    else if (inside && text.startsWith('}}', i)) inside = false;
    if (!inside && /\s/.test(text[i])) {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += text[i];
  }
  if (current) tokens.push(current);
  return tokens;
}

const DIRECTIVE = /^(?:>>!?|>|<>) \S/;

/**
 * JetBrains puts response handlers (`> {% script %}`, `> handler.js`), response redirects
 * (`>> file`) and response references (`<> file`) after the body. They are split off, not sent,
 * when they and only blank lines fill the end of the block; elsewhere such lines are body text.
 */
function splitResponseDirectives(lines: { text: string; line: number }[]): {
  body: { text: string; line: number }[];
  directives: number[];
} {
  for (let start = 0; start < lines.length; start++) {
    if (!DIRECTIVE.test(lines[start].text)) continue;
    const directives: number[] = [];
    let j = start;
    let trailing = true;
    while (j < lines.length) {
      const text = lines[j].text;
      if (!text.trim()) {
        j++;
        continue;
      }
      if (!DIRECTIVE.test(text)) {
        trailing = false;
        break;
      }
      directives.push(lines[j].line);
      if (/^> \{%/.test(text) && !text.includes('%}')) {
        while (j < lines.length && !lines[j].text.includes('%}')) j++;
      }
      j++;
    }
    if (trailing) return { body: lines.slice(0, start), directives };
    // Every line up to j leads to the same body line, so none of them starts a trailing run.
    start = j - 1;
  }
  return { body: lines, directives: [] };
}

function parseBody(
  lines: { text: string; line: number }[],
  eol: string,
  references: VariableReference[],
  errors: ParseError[],
): BodyPart[] {
  const parts: BodyPart[] = [];
  let pending: string[] = [];
  const flush = () => {
    if (pending.length) parts.push({ kind: 'text', text: pending.join(eol) });
    pending = [];
  };
  for (const { text, line } of lines) {
    const include = BODY_INCLUDE.exec(text);
    if (include && include[2].trim()) {
      flush();
      parts.push({ kind: 'file', path: include[2].trim(), substituteVariables: include[1] === '@', line });
      continue;
    }
    pending.push(text);
    references.push(...findReferences(text, line));
    checkClosedReferences(text, line, errors);
  }
  flush();
  return parts;
}

function clip(text: string): string {
  const t = text.trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** The request whose block contains `line`, for CodeLens arguments given as a line number. */
export function requestAtLine(file: HttpFile, line: number): HttpRequestBlock | undefined {
  return file.requests.find((r) => line >= r.range.startLine && line <= r.range.endLine);
}
