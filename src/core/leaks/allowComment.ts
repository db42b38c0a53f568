/**
 * Where and how to write a `token-warden:allow` marker so that the file still parses.
 *
 * A small per-language lexer walks the text up to the finding's line and reports whether the line
 * starts and ends in code, in a comment or inside a string. Appending a comment to a line that ends
 * inside a multi-line string would change the string; a line above that starts inside one would too.
 */

export const ALLOW_MARKER = 'token-warden:allow';
export const ALLOW_NEXT_LINE_MARKER = 'token-warden:allow-next-line';

type Family =
  | 'c'
  | 'css'
  | 'python'
  | 'shell'
  | 'yaml'
  | 'ruby'
  | 'markup'
  | 'markdown'
  | 'sql'
  | 'lua'
  | 'line-start-hash'
  | 'ini';

interface CommentSyntax {
  family: Family;
  open: string;
  close: string;
  /** False when a comment may only start a line (.properties, Dockerfile, ini): only "line above" works. */
  trailing: boolean;
}

const LANGUAGE_FAMILIES: Record<string, Family> = {};
const assign = (family: Family, ids: string[]) => ids.forEach((id) => (LANGUAGE_FAMILIES[id] = family));
assign('c', [
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'java',
  'c',
  'cpp',
  'csharp',
  'go',
  'rust',
  'swift',
  'kotlin',
  'php',
  'dart',
  'scala',
  'groovy',
  'jsonc',
  'json5',
  'objective-c',
  'objective-cpp',
  'fsharp',
  'proto',
  'proto3',
  'scss',
  'less',
  'hcl',
  'terraform',
  'zig',
  'solidity',
]);
assign('css', ['css']);
assign('python', ['python', 'toml', 'starlark', 'bazel']);
assign('shell', [
  'shellscript',
  'sh',
  'bash',
  'zsh',
  'fish',
  'powershell',
  'perl',
  'r',
  'makefile',
  'dotenv',
  'elixir',
  'julia',
  'nim',
  'coffeescript',
  'gitignore',
  'ignore',
  'crystal',
  'tcl',
]);
assign('yaml', ['yaml', 'dockercompose', 'github-actions-workflow']);
assign('ruby', ['ruby']);
assign('markup', ['html', 'xml', 'xsl', 'svg', 'vue-html', 'razor', 'aspnetcorerazor']);
assign('markdown', ['markdown', 'mdx']);
assign('sql', ['sql', 'plsql', 'mysql', 'postgres', 'pgsql', 'haskell', 'ada', 'elm']);
assign('lua', ['lua']);
assign('line-start-hash', ['properties', 'dockerfile', 'java-properties', 'spring-boot-properties']);
assign('ini', ['ini']);

function familyFor(languageId: string, fileName: string): Family | undefined {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? '';
  // Without a dotenv grammar, .env files are plaintext or properties; their syntax is shell-like.
  if (/^\.env(\..*)?$/i.test(base) || /\.env$/i.test(base)) return 'shell';
  if (/^(Dockerfile|Containerfile)(\..*)?$/i.test(base) || /\.dockerfile$/i.test(base))
    return 'line-start-hash';
  const known = LANGUAGE_FAMILIES[languageId];
  if (known) return known;
  if (/\.properties$/i.test(base)) return 'line-start-hash';
  if (/\.(ini|cfg|conf)$/i.test(base)) return 'ini';
  if (/\.ya?ml$/i.test(base)) return 'yaml';
  if (/\.(sh|bash|zsh)$/i.test(base)) return 'shell';
  return undefined;
}

function syntaxFor(family: Family): CommentSyntax {
  switch (family) {
    case 'c':
      return { family, open: '// ', close: '', trailing: true };
    case 'css':
      return { family, open: '/* ', close: ' */', trailing: true };
    case 'markup':
    case 'markdown':
      return { family, open: '<!-- ', close: ' -->', trailing: true };
    case 'sql':
    case 'lua':
      return { family, open: '-- ', close: '', trailing: true };
    case 'ini':
      return { family, open: '; ', close: '', trailing: false };
    case 'line-start-hash':
      return { family, open: '# ', close: '', trailing: false };
    default:
      return { family, open: '# ', close: '', trailing: true };
  }
}

/** The comment delimiters for allow markers in this language; undefined without comments (JSON). */
export function commentSyntaxFor(
  languageId: string,
  fileName: string,
): { open: string; close: string } | undefined {
  const family = familyFor(languageId, fileName);
  if (!family) return undefined;
  const { open, close } = syntaxFor(family);
  return { open, close };
}

export interface AllowCommentEdit {
  /** 0-based line where the text is inserted. */
  line: number;
  /** 0-based column of the insertion (end of line, or 0 for a new line above). */
  character: number;
  text: string;
  placement: 'end-of-line' | 'line-above';
}

type LexState = 'code' | 'line-comment' | 'block-comment' | 'string' | 'opaque';

interface LineStates {
  start: LexState;
  end: LexState;
}

/**
 * Plans the edit that silences one finding with an allow comment, or returns undefined when no comment
 * can be placed without changing what the file means (JSON, a line inside a multi-line string, ...).
 */
export function planAllowComment(
  text: string,
  line: number,
  languageId: string,
  fileName: string,
): AllowCommentEdit | undefined {
  const family = familyFor(languageId, fileName);
  if (!family) return undefined;
  const syntax = syntaxFor(family);
  const lines = text.split(/\r?\n/);
  if (line < 0 || line >= lines.length) return undefined;

  const states = lexLineStates(lines, line, family);
  const target = lines[line];
  const continues = (l: string | undefined) => l !== undefined && /(^|[^\\])(\\\\)*\\\s*$/.test(l);
  const continuationFamily = family === 'c' || family === 'python' || family === 'shell' || family === 'ruby';

  if (syntax.trailing && !(continuationFamily && continues(target))) {
    // trimEnd, not /\s+$/: that regex retries from every blank of a long run and goes quadratic.
    const trimmedEnd = target.trimEnd();
    if (states.end === 'code') {
      return {
        line,
        character: trimmedEnd.length,
        text: ` ${syntax.open}${ALLOW_MARKER}${syntax.close}`,
        placement: 'end-of-line',
      };
    }
    if (states.end === 'line-comment' || states.end === 'block-comment') {
      // Already inside a comment: the bare marker is enough, and a second opener could close it early.
      return { line, character: trimmedEnd.length, text: ` ${ALLOW_MARKER}`, placement: 'end-of-line' };
    }
  }

  const previous = line > 0 ? lines[line - 1] : undefined;
  if (continuationFamily && continues(previous)) return undefined;
  if (family === 'line-start-hash' && continues(previous) && !/dockerfile/i.test(languageId + fileName)) {
    return undefined;
  }
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  if (states.start === 'code') {
    return {
      line,
      character: 0,
      text: `${indent}${syntax.open}${ALLOW_NEXT_LINE_MARKER}${syntax.close}\n`,
      placement: 'line-above',
    };
  }
  if (states.start === 'block-comment') {
    return { line, character: 0, text: `${indent}${ALLOW_NEXT_LINE_MARKER}\n`, placement: 'line-above' };
  }
  return undefined;
}

/** Lexes lines[0..target] and returns the state at the start and at the end of the target line. */
function lexLineStates(lines: string[], target: number, family: Family): LineStates {
  switch (family) {
    case 'c':
      return lexGeneric(lines, target, {
        line: ['//'],
        block: [['/*', '*/']],
        strings: [
          ['"', '"', false],
          ["'", "'", false],
          ['`', '`', true],
        ],
        template: true,
      });
    case 'css':
      return lexGeneric(lines, target, {
        line: [],
        block: [['/*', '*/']],
        strings: [
          ['"', '"', false],
          ["'", "'", false],
        ],
      });
    case 'python':
      return lexGeneric(lines, target, {
        line: ['#'],
        block: [],
        strings: [
          ['"""', '"""', true],
          ["'''", "'''", true],
          ['"', '"', false],
          ["'", "'", false],
        ],
      });
    case 'shell':
      return lexGeneric(lines, target, {
        line: ['#'],
        hashAfterSpace: true,
        block: [],
        strings: [
          ['"', '"', true],
          ["'", "'", true, false],
        ],
        heredoc: /<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1/,
      });
    case 'ruby':
      return lexGeneric(lines, target, {
        line: ['#'],
        block: [['=begin', '=end']],
        strings: [
          ['"', '"', true],
          ["'", "'", true],
        ],
        heredoc: /<<[~-]?(['"]?)([A-Z_][\w]*)\1/,
      });
    case 'yaml':
      return lexGeneric(lines, target, {
        line: ['#'],
        hashAfterSpace: true,
        block: [],
        strings: [
          ['"', '"', true],
          ["'", "'", true, false],
        ],
        blockScalar: true,
      });
    case 'sql':
      return lexGeneric(lines, target, {
        line: ['--'],
        block: [['/*', '*/']],
        strings: [
          ["'", "'", true, false],
          ['"', '"', true, false],
        ],
      });
    case 'lua':
      return lexGeneric(lines, target, {
        line: ['--'],
        block: [['--[[', ']]']],
        strings: [
          ['[[', ']]', true, false],
          ['"', '"', false],
          ["'", "'", false],
        ],
      });
    case 'markup':
      return lexMarkup(lines, target, false);
    case 'markdown':
      return lexMarkup(lines, target, true);
    case 'ini':
    case 'line-start-hash':
      return { start: 'code', end: 'opaque' };
  }
}

interface GenericSpec {
  line: string[];
  /** `#` opens a comment only at the start of a line or after whitespace (shell `a#b`, YAML `url#x`). */
  hashAfterSpace?: boolean;
  block: [string, string][];
  /** [open, close, may span lines, backslash escapes (default true)] in match order: longer openers first. */
  strings: [string, string, boolean, boolean?][];
  /** Backtick strings whose `${ ... }` holds code (JavaScript template literals). */
  template?: boolean;
  heredoc?: RegExp;
  blockScalar?: boolean;
}

function lexGeneric(lines: string[], target: number, spec: GenericSpec): LineStates {
  let state: LexState = 'code';
  let close = '';
  let multiline = false;
  let escapes = true;
  // Template literal nesting: each entry counts open braces of a `${` expression.
  const templates: number[] = [];
  let heredocEnd: string | undefined;
  let scalarIndent = -1;
  let startState: LexState = 'code';

  for (let n = 0; n <= target; n++) {
    const text = lines[n];
    if (heredocEnd !== undefined) {
      if (n === target) return { start: 'string', end: text.trim() === heredocEnd ? 'code' : 'string' };
      if (text.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
    if (scalarIndent >= 0) {
      const indent = /^ */.exec(text)?.[0].length ?? 0;
      if (text.trim() === '' || indent > scalarIndent) {
        if (n === target) return { start: 'string', end: 'string' };
        continue;
      }
      scalarIndent = -1;
    }
    if (state === 'line-comment') state = 'code';
    if (state === 'string' && !multiline) state = 'code';
    if (n === target) startState = state;

    let i = 0;
    while (i < text.length) {
      if (state === 'block-comment' || state === 'string') {
        if (state === 'string' && escapes && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (state === 'string' && spec.template && close === '`' && text.startsWith('${', i)) {
          templates.push(0);
          state = 'code';
          i += 2;
          continue;
        }
        if (text.startsWith(close, i)) {
          i += close.length;
          state = 'code';
          continue;
        }
        i++;
        continue;
      }

      const ch = text[i];
      if (templates.length > 0 && ch === '{') templates[templates.length - 1]++;
      if (templates.length > 0 && ch === '}') {
        if (templates[templates.length - 1] === 0) {
          templates.pop();
          state = 'string';
          close = '`';
          multiline = true;
          escapes = true;
          i++;
          continue;
        }
        templates[templates.length - 1]--;
      }
      const lineOpener = spec.line.find((o) => text.startsWith(o, i));
      const blockOpener = spec.block.find(([o]) => text.startsWith(o, i));
      if (blockOpener && (blockOpener[0] !== '=begin' || i === 0)) {
        state = 'block-comment';
        close = blockOpener[1];
        i += blockOpener[0].length;
        continue;
      }
      if (lineOpener && !(spec.hashAfterSpace && lineOpener === '#' && i > 0 && !/\s/.test(text[i - 1]))) {
        state = 'line-comment';
        break;
      }
      const opener = spec.strings.find(([o]) => text.startsWith(o, i));
      if (opener) {
        // YAML quotes open a string only where a value starts, not inside plain scalars like it's.
        if (spec.blockScalar && !/(^|[\s:[{,-])$/.test(text.slice(0, i))) {
          i++;
          continue;
        }
        state = 'string';
        close = opener[1];
        multiline = opener[2];
        escapes = opener[3] !== false;
        i += opener[0].length;
        continue;
      }
      i++;
    }

    if (n === target) break;
    if (state === 'code' && spec.heredoc) {
      const match = spec.heredoc.exec(text);
      if (match) heredocEnd = match[2];
    }
    if (state !== 'string' && spec.blockScalar && /(^|:|-)\s*[|>][0-9+-]*\s*(#.*)?$/.test(text)) {
      scalarIndent = /^ */.exec(text)?.[0].length ?? 0;
    }
  }
  return { start: startState, end: state === 'string' && !multiline ? 'code' : state };
}

function lexMarkup(lines: string[], target: number, markdown: boolean): LineStates {
  let state: 'text' | 'comment' | 'tag' | 'cdata' | 'fence' = 'text';
  let quote = '';
  let fence = '';
  let start: LexState = 'code';
  const asLex = (s: typeof state): LexState =>
    s === 'text' ? 'code' : s === 'comment' ? 'block-comment' : 'string';

  for (let n = 0; n <= target; n++) {
    const text = lines[n];
    if (markdown && state === 'text' && /^ {0,3}(```|~~~)/.test(text)) {
      fence = text.trim().slice(0, 3);
      state = 'fence';
      if (n === target) return { start: 'code', end: 'string' };
      continue;
    }
    if (state === 'fence') {
      if (n === target) return { start: 'string', end: 'string' };
      if (text.trim().startsWith(fence)) state = 'text';
      continue;
    }
    if (n === target) start = asLex(state);
    let i = 0;
    while (i < text.length) {
      if (state === 'comment') {
        const endAt = text.indexOf('-->', i);
        if (endAt < 0) break;
        i = endAt + 3;
        state = 'text';
      } else if (state === 'cdata') {
        const endAt = text.indexOf(']]>', i);
        if (endAt < 0) break;
        i = endAt + 3;
        state = 'text';
      } else if (state === 'tag') {
        const ch = text[i++];
        if (quote) {
          if (ch === quote) quote = '';
        } else if (ch === '"' || ch === "'") {
          quote = ch;
        } else if (ch === '>') {
          state = 'text';
        }
      } else if (text.startsWith('<!--', i)) {
        state = 'comment';
        i += 4;
      } else if (text.startsWith('<![CDATA[', i)) {
        state = 'cdata';
        i += 9;
      } else if (text[i] === '<' && /[A-Za-z/!?]/.test(text[i + 1] ?? '')) {
        state = 'tag';
        i++;
      } else {
        i++;
      }
    }
  }
  return { start, end: asLex(state) };
}
