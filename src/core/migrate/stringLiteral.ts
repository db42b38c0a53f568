/**
 * Finds the string literal that holds a secret, for the languages the migrations support.
 * A small lexer per syntax family walks the file from the top, so that quotes inside comments
 * and strings nested in interpolation holes (`${...}`, `#{...}`, `{...}`) do not confuse it.
 */

/** How the characters between the quotes are to be read. */
export type EscapeStyle =
  | 'c'             // backslash escapes: \n \t \xHH \uHHHH \u{...} \\ \" ...
  | 'none'          // raw: what is written is what is meant
  | 'singleQuoted'  // Ruby/PHP single quotes: only \\ and \'
  | 'shellDouble'   // \\ \" \$ \` and line continuations
  | 'doubledQuote'  // C# verbatim: "" is one quote
  | 'yamlSingle'    // YAML single quotes: '' is one quote
  | 'properties';   // java.util.Properties escapes

export interface StringLiteral {
  /** Offset of the first character of the literal, prefix included (`f"`, `@"`, `r#"`). */
  start: number;
  /** Offset just past the closing delimiter. */
  end: number;
  contentStart: number;
  contentEnd: number;
  /** Letters before the quote, as written (`f`, `rb`, `$`, `@`, `r#`). Empty when none. */
  prefix: string;
  /** Opening delimiter, e.g. `"`, `'''`, `` ` ``. Empty for unquoted values. */
  open: string;
  close: string;
  escapes: EscapeStyle;
  /** Opening of an interpolation hole when the literal is a template (`${`, `{`, `#{`). */
  hole?: string;
  /** A plain YAML scalar inside a flow collection (`[a, b]`), where `{` and `}` need quotes. */
  flow?: boolean;
}

interface Opening {
  prefix: string;
  open: string;
  close: string;
  escapes: EscapeStyle;
  hole?: string;
  multiline: boolean;
}

/** A lexer description: comment markers and a function that recognises a string opening at `i`. */
export interface CodeSyntax {
  lineComments: string[];
  blockComment?: [string, string];
  /** Line comments count only at the start of a word (shell `#`, YAML ` #`). */
  commentNeedsSpace?: boolean;
  opening(text: string, i: number): Opening | undefined;
  /** The end of a token at `i` that holds no string but may hold quotes (a regex literal), if any. */
  skip?(text: string, i: number): number | undefined;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\w$]/.test(ch);

function simple(open: string, escapes: EscapeStyle, multiline = false, hole?: string): Opening {
  return { prefix: '', open, close: open, escapes, multiline, hole };
}

/**
 * A `/` starts a regex literal where an expression may start: after an operator, an opening
 * bracket or one of these keywords. After `<` and `>` it is taken for division or JSX (`</a>`).
 */
const REGEX_BEFORE =
  /(?:^|[(,=:[!&|?{};~+\-*%^]|\b(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await))\s*$/;

/** The end of the regex literal opening at `i`, or undefined when that `/` is not one. */
function jsRegexEnd(text: string, i: number): number | undefined {
  if (text[i] !== '/' || !REGEX_BEFORE.test(text.slice(Math.max(0, i - 12), i))) return undefined;
  let inClass = false;
  for (let j = i + 1; j < text.length && text[j] !== '\n'; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) return j + 1;
  }
  return undefined;
}

export const JS_SYNTAX: CodeSyntax = {
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    const ch = text[i];
    if (ch === '"' || ch === "'") return simple(ch, 'c');
    if (ch === '`') return simple('`', 'c', true, '${');
    return undefined;
  },
  skip: jsRegexEnd,
};

/** JSON and JSONC: double quotes only, so an apostrophe in XML or prose does not open a string. */
export const JSON_SYNTAX: CodeSyntax = {
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  opening: (text, i) => (text[i] === '"' ? simple('"', 'c') : undefined),
};

export const PYTHON_SYNTAX: CodeSyntax = {
  lineComments: ['#'],
  opening(text, i) {
    const m = /([rRbBuUfF]{0,2})("""|'''|"|')/y;
    m.lastIndex = i;
    const found = m.exec(text);
    if (!found) return undefined;
    const prefix = found[1];
    if (prefix && isWordChar(text[i - 1])) return undefined;
    const lower = prefix.toLowerCase();
    if (/[^rbuf]/.test(lower) || (lower.includes('f') && lower.includes('b'))) return undefined;
    const open = found[2];
    return {
      prefix,
      open,
      close: open,
      escapes: lower.includes('r') ? 'none' : 'c',
      multiline: open.length === 3,
      hole: lower.includes('f') ? '{' : undefined,
    };
  },
};

export const GO_SYNTAX: CodeSyntax = {
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    const ch = text[i];
    if (ch === '"' || ch === "'") return simple(ch, 'c');
    if (ch === '`') return simple('`', 'none', true);
    return undefined;
  },
};

export const JAVA_SYNTAX: CodeSyntax = {
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    if (text.startsWith('"""', i)) return simple('"""', 'c', true);
    const ch = text[i];
    if (ch === '"' || ch === "'") return simple(ch, 'c');
    return undefined;
  },
};

export const KOTLIN_SYNTAX: CodeSyntax = {
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    if (text.startsWith('"""', i)) return simple('"""', 'none', true, '${');
    const ch = text[i];
    if (ch === '"') return simple('"', 'c', false, '${');
    if (ch === "'") return simple("'", 'c');
    return undefined;
  },
};

export const CSHARP_SYNTAX: CodeSyntax = {
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    const m = /(\$@|@\$|\$|@)?("""|"|')/y;
    m.lastIndex = i;
    const found = m.exec(text);
    if (!found) return undefined;
    const prefix = found[1] ?? '';
    if (prefix && isWordChar(text[i - 1])) return undefined;
    const open = found[2];
    const interpolated = prefix.includes('$');
    if (open === '"""') return { prefix, open, close: open, escapes: 'none', multiline: true,
      hole: interpolated ? '{' : undefined };
    if (open === "'") return prefix ? undefined : simple("'", 'c');
    const verbatim = prefix.includes('@');
    return { prefix, open, close: open, escapes: verbatim ? 'doubledQuote' : 'c', multiline: verbatim,
      hole: interpolated ? '{' : undefined };
  },
};

export const RUBY_SYNTAX: CodeSyntax = {
  lineComments: ['#'],
  opening(text, i) {
    const ch = text[i];
    if (ch === '"') return simple('"', 'c', true, '#{');
    if (ch === "'") return simple("'", 'singleQuoted', true);
    return undefined;
  },
};

export const PHP_SYNTAX: CodeSyntax = {
  lineComments: ['//', '#'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    const ch = text[i];
    if (ch === '"') return simple('"', 'c', true);
    if (ch === "'") return simple("'", 'singleQuoted', true);
    return undefined;
  },
};

export const RUST_SYNTAX: CodeSyntax = {
  lineComments: ['//'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    // Rust's `'` is both a char literal and a lifetime; secrets never live in a char, so skip it.
    const m = /(b?r(#*)|b)?"/y;
    m.lastIndex = i;
    const found = m.exec(text);
    if (!found) return undefined;
    const prefix = found[1] ?? '';
    if (prefix && isWordChar(text[i - 1])) return undefined;
    if (prefix.includes('r')) {
      const hashes = found[2] ?? '';
      return { prefix, open: '"', close: `"${hashes}`, escapes: 'none', multiline: true };
    }
    return { prefix, open: '"', close: '"', escapes: 'c', multiline: true };
  },
  // A char literal such as '"' would otherwise open a string; a lifetime ('a) has no closing quote.
  skip(text, i) {
    const char = /'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|[^\n])|[^\\'\n])'/y;
    char.lastIndex = i;
    return char.test(text) ? char.lastIndex : undefined;
  },
};

export const TERRAFORM_SYNTAX: CodeSyntax = {
  lineComments: ['//', '#'],
  blockComment: ['/*', '*/'],
  opening(text, i) {
    return text[i] === '"' ? simple('"', 'c', false, '${') : undefined;
  },
};

export const SHELL_SYNTAX: CodeSyntax = {
  lineComments: ['#'],
  commentNeedsSpace: true,
  opening(text, i) {
    const ch = text[i];
    // `$(...)` inside double quotes is not lexed: quotes nested in it are rare next to a secret.
    if (ch === '"') return simple('"', 'shellDouble', true);
    if (ch === "'") return simple("'", 'none', true);
    return undefined;
  },
};

/** Sentinel returned while scanning when the wanted literal has been found. */
class Found {
  constructor(readonly literal: StringLiteral) {}
}

/**
 * The innermost string literal of `text` whose content contains the range [start, end),
 * or undefined when the range is not inside one (a comment, an identifier, unquoted text).
 */
export function findStringLiteral(text: string, syntax: CodeSyntax, start: number, end: number):
  StringLiteral | undefined {
  try {
    scanCode(text, syntax, 0, false, start, end);
  } catch (e) {
    if (e instanceof Found) return e.literal;
    throw e;
  }
  return undefined;
}

/** Scans code from `i`; when `inHole`, stops after the `}` closing the hole. Returns the end. */
function scanCode(text: string, syntax: CodeSyntax, i: number, inHole: boolean, start: number, end: number):
  number {
  let depth = 0;
  while (i < text.length) {
    if (i > end && !inHole) return i;
    const ch = text[i];
    if (inHole && ch === '{') depth++;
    if (inHole && ch === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
    const comment = syntax.lineComments.find((c) => text.startsWith(c, i));
    if (comment && (!syntax.commentNeedsSpace || i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (syntax.blockComment && text.startsWith(syntax.blockComment[0], i)) {
      const close = text.indexOf(syntax.blockComment[1], i + syntax.blockComment[0].length);
      i = close === -1 ? text.length : close + syntax.blockComment[1].length;
      continue;
    }
    const skipped = syntax.skip?.(text, i);
    if (skipped !== undefined) {
      i = skipped;
      continue;
    }
    const opening = syntax.opening(text, i);
    if (opening) {
      i = scanString(text, syntax, i, opening, start, end);
      continue;
    }
    i++;
  }
  return i;
}

function scanString(text: string, syntax: CodeSyntax, i: number, o: Opening, start: number,
  end: number): number {
  const contentStart = i + o.prefix.length + o.open.length;
  let j = contentStart;
  let contentEnd = -1;
  let after = text.length;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\\' && (o.escapes === 'c' || o.escapes === 'shellDouble' || o.escapes === 'singleQuoted')) {
      j += 2;
      continue;
    }
    if ((o.escapes === 'doubledQuote' || o.escapes === 'yamlSingle') && text.startsWith(o.close + o.close,
      j)) {
      j += 2;
      continue;
    }
    if (text.startsWith(o.close, j)) {
      contentEnd = j;
      after = j + o.close.length;
      break;
    }
    if (!o.multiline && ch === '\n') {
      contentEnd = j;
      after = j;
      break;
    }
    if (o.hole && text.startsWith(o.hole, j)) {
      // `{{` in f-strings and C# interpolated strings is an escaped brace, not a hole.
      if (o.hole === '{' && text[j + 1] === '{') {
        j += 2;
        continue;
      }
      j = scanCode(text, syntax, j + o.hole.length, true, start, end);
      continue;
    }
    j++;
  }
  // An unclosed literal usually means the lexer went wrong earlier (a quote in a regex literal or in
  // Ruby's %q()), so the range is not trusted: the fix is then not offered rather than misapplied.
  const closed = contentEnd !== -1 && after > contentEnd;
  if (contentEnd === -1) contentEnd = text.length;
  if (closed && start >= contentStart && end <= contentEnd) {
    throw new Found({
      start: i, end: after, contentStart, contentEnd, prefix: o.prefix, open: o.open, close: o.close,
      escapes: o.escapes, hole: o.hole,
    });
  }
  return after;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0', a: '\x07', e: '\x1b',
};

/** The value a piece of literal source text stands for. */
export function decodeLiteral(raw: string, style: EscapeStyle): string {
  switch (style) {
    case 'none':
      return raw;
    case 'doubledQuote':
      return raw.split('""').join('"');
    case 'yamlSingle':
      return raw.split("''").join("'");
    case 'singleQuoted':
      return raw.replace(/\\([\\'])/g, '$1');
    case 'shellDouble':
      return raw.replace(/\\([\\"$`])|\\\n/g, (_m, c: string | undefined) => c ?? '');
    case 'properties':
      return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, c: string) =>
        c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (SIMPLE_ESCAPES[c] ?? c));
    case 'c':
      return decodeC(raw);
  }
}

function decodeC(raw: string): string {
  return raw.replace(
    /\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|[\s\S])/g,
    (_m, c: string) => {
      if (c[0] === 'x') return String.fromCharCode(parseInt(c.slice(1), 16));
      if (c.startsWith('u{')) return String.fromCodePoint(parseInt(c.slice(2, -1), 16));
      if ((c[0] === 'u' || c[0] === 'U') && c.length > 1) return String.fromCodePoint(parseInt(c.slice(1),
        16));
      if (c === '\n' || c === '\r\n') return '';
      if (/^[0-7]+$/.test(c)) return c === '0' ? '\0' : String.fromCharCode(parseInt(c, 8));
      return SIMPLE_ESCAPES[c] ?? c;
    });
}

function lineAt(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  let end = nl === -1 ? text.length : nl;
  if (text[end - 1] === '\r') end--;
  return { start, end };
}

function unquoted(start: number, end: number, escapes: EscapeStyle = 'none'): StringLiteral {
  return { start, end, contentStart: start, contentEnd: end, prefix: '', open: '', close: '', escapes };
}

/** A YAML scalar on the secret's line: plain (to ` #` or the line end), single- or double-quoted. */
export function findYamlScalar(text: string, start: number, end: number): StringLiteral | undefined {
  const line = lineAt(text, start);
  const body = text.slice(line.start, line.end);
  const m = /^(\s*(?:-\s+)*(?:[^\s#'"][^:#]*?:\s+|["'][^"']*["']:\s+)?(?:-\s+)*)/.exec(body);
  const valueStart = line.start + (m ? m[1].length : 0);
  const first = text[valueStart];
  if (first === '"' || first === "'") {
    const syntax: CodeSyntax = {
      lineComments: [],
      opening: (_t, i) => (i === valueStart
        ? { prefix: '', open: first, close: first, escapes: first === '"' ? 'c' : 'yamlSingle',
          multiline: true }
        : undefined),
    };
    return findStringLiteral(text, syntax, start, end);
  }
  if (first === '[' || first === '{') return findFlowScalar(text, valueStart, line.end, start, end);
  const comment = body.slice(valueStart - line.start).search(/\s#/);
  let valueEnd = comment === -1 ? line.end : valueStart + comment;
  while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1])) valueEnd--;
  if (start < valueStart || end > valueEnd) return undefined;
  return unquoted(valueStart, valueEnd);
}

/** An entry of a one-line flow collection (`[--token, x]`, `{TOKEN: x}`) around the range. */
function findFlowScalar(text: string, from: number, to: number, start: number, end: number):
  StringLiteral | undefined {
  const stop = /[[\]{},]/;
  if (stop.test(text.slice(start, end))) return undefined;
  let s = start;
  while (s > from && !stop.test(text[s - 1])) s--;
  let e = end;
  while (e < to && !stop.test(text[e])) e++;
  const key = text.slice(s, start).lastIndexOf(': ');
  if (key !== -1) s += key + 2;
  while (s < start && /\s/.test(text[s])) s++;
  while (e > end && /\s/.test(text[e - 1])) e--;
  const quote = text[s];
  if ((quote === '"' || quote === "'") && e - s >= 2 && text[e - 1] === quote && start > s && end < e) {
    return { start: s, end: e, contentStart: s + 1, contentEnd: e - 1, prefix: '', open: quote, close: quote,
      escapes: quote === '"' ? 'c' : 'yamlSingle' };
  }
  return { ...unquoted(s, e), flow: true };
}

/** The value of a `.properties` line (`key=value`, `key: value`, `key value`). */
export function findPropertiesValue(text: string, start: number, end: number): StringLiteral | undefined {
  const line = lineAt(text, start);
  const body = text.slice(line.start, line.end);
  if (/^\s*[#!]/.test(body)) return undefined;
  const m = /^\s*(?:\\.|[^\s=:\\])+\s*[=:]?\s*/.exec(body);
  if (!m) return undefined;
  const valueStart = line.start + m[0].length;
  let valueEnd = line.end;
  while (valueEnd > valueStart && /[ \t]/.test(text[valueEnd - 1])) valueEnd--;
  if (start < valueStart || end > valueEnd) return undefined;
  return unquoted(valueStart, valueEnd, 'properties');
}

/** The value of a dotenv line (`KEY=value`, quoted or not), with its key. */
export function findDotenvValue(text: string, start: number, end: number):
  { key: string; literal: StringLiteral } | undefined {
  const line = lineAt(text, start);
  const body = text.slice(line.start, line.end);
  const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*/.exec(body);
  if (!m) return undefined;
  const valueStart = line.start + m[0].length;
  const quote = text[valueStart];
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = text.indexOf(quote, valueStart + 1);
    if (close === -1 || start < valueStart + 1 || end > close) return undefined;
    return { key: m[1], literal: { start: valueStart, end: close + 1, contentStart: valueStart + 1,
      contentEnd: close, prefix: '', open: quote, close: quote, escapes: 'none' } };
  }
  const comment = body.slice(m[0].length).search(/\s#/);
  let valueEnd = comment === -1 ? line.end : valueStart + comment;
  while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1])) valueEnd--;
  if (start < valueStart || end > valueEnd) return undefined;
  return { key: m[1], literal: unquoted(valueStart, valueEnd) };
}

/** An unquoted shell word (`TOKEN=abc`, `--token abc`) around the range. */
export function findShellWord(text: string, start: number, end: number): StringLiteral | undefined {
  const stop = /[\s;|&()<>"'`=]/;
  let s = start;
  while (s > 0 && !stop.test(text[s - 1])) s--;
  let e = end;
  while (e < text.length && !stop.test(text[e])) e++;
  if (/[\s;|&()<>"'`]/.test(text.slice(start, end))) return undefined;
  return unquoted(s, e);
}
