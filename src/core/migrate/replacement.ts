/**
 * What replaces a secret literal in each language: the idiomatic environment read, how a secret
 * that is only part of a string is spliced in, and the import the read needs. Table-driven by
 * VS Code language id and file name.
 */
import {
  CodeSyntax, CSHARP_SYNTAX, decodeLiteral, findDotenvValue, findPropertiesValue, findShellWord,
  findStringLiteral, findYamlScalar, GO_SYNTAX, JAVA_SYNTAX, JS_SYNTAX, JSON_SYNTAX, KOTLIN_SYNTAX,
    PHP_SYNTAX,
  PYTHON_SYNTAX, RUBY_SYNTAX, RUST_SYNTAX, SHELL_SYNTAX, StringLiteral, TERRAFORM_SYNTAX,
} from './stringLiteral';
import { goImportEdit, pythonImportEdit } from './imports';

/** A replacement of [start, end) in a text by `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface ReplacementRequest {
  text: string;
  languageId: string;
  /** File path or base name; only the base name and extension are used. */
  fileName: string;
  /** Raw range of the secret in `text`. */
  start: number;
  end: number;
  /** Environment variable name (validated by the caller). */
  name: string;
  /** Where the value goes; only `.http` files read the two differently. */
  target?: 'dotenv' | 'secretStorage';
}

export interface Replacement {
  /** Edits of the literal itself (one, except where nothing is spliced). */
  edits: TextEdit[];
  /** The import the read needs, when the file lacks it (Python `import os`, Go `"os"`). */
  importEdit?: TextEdit;
  /** Where the replaced literal starts: the assignment that names it is read backwards from here. */
  literalStart: number;
  /** The secret as the program sees it (escapes decoded): what goes into .env or SecretStorage. */
  value: string;
  /** Key under which the value is stored: NAME, or `TF_VAR_name` for Terraform. */
  envKey: string;
  /** True when the secret was the whole literal (the literal is replaced, not spliced). */
  whole: boolean;
  /** Terraform: a `variable` block the read needs; the caller puts it in variables.tf or this file. */
  declaration?: { name: string; block: string };
}

export type ReplacementResult = Replacement | { error: string };

export interface MigrationLanguage {
  id: string;
  /** Set when this kind of file cannot read environment variables; .env is then not offered. */
  noEnvironment?: string;
  /** Set when no migration fits this kind of file at all. */
  unsupported?: string;
  /** The .env key a NAME is stored under. */
  envKey(name: string): string;
}

interface LanguageEntry extends MigrationLanguage {
  languageIds: string[];
  fileName?: RegExp;
  locate(text: string, start: number, end: number): StringLiteral | undefined;
  /** The expression that reads NAME, replacing a whole literal. */
  read(name: string, literal: StringLiteral, target?: ReplacementRequest['target']): string;
  /** Edits that splice the read into a literal the secret is only part of. */
  splice(text: string, literal: StringLiteral, start: number, end: number, name: string,
    target?: ReplacementRequest['target']): TextEdit[];
  importEdit?(text: string): TextEdit | undefined;
  /** The reference replaces only the secret's text, even when the secret is the whole literal. */
  inPlace?: boolean;
  /** Wraps a replacement where the syntax needs it (a JSX attribute needs braces). */
  wrap?(text: string, literal: StringLiteral, newText: string): string;
  declaration?(name: string): { name: string; block: string };
  /** Matches the line before a literal that must be a compile-time constant, which a read is not. */
  constantContext?: RegExp;
}

const sameName = (name: string) => name;

function codeLocator(syntax: CodeSyntax) {
  return (text: string, start: number, end: number) => findStringLiteral(text, syntax, start, end);
}

const raw = (text: string, from: number, to: number) => text.slice(from, to);

/** Splits a literal around the secret into source pieces `open + raw + close` for concatenation. */
function concatenation(text: string, lit: StringLiteral, start: number, end: number, expr: string,
  operator: string, pieceOpen = lit.prefix + lit.open, pieceClose = lit.close): TextEdit[] {
  const parts: string[] = [];
  if (start > lit.contentStart) parts.push(pieceOpen + raw(text, lit.contentStart, start) + pieceClose);
  parts.push(expr);
  if (end < lit.contentEnd) parts.push(pieceOpen + raw(text, end, lit.contentEnd) + pieceClose);
  return [{ start: lit.start, end: lit.end, newText: parts.join(` ${operator} `) }];
}

/** Inserts a template hole (`${expr}`, `{expr}`, `#{expr}`) in place of the secret. */
function hole(start: number, end: number, newText: string): TextEdit[] {
  return [{ start, end, newText }];
}

/** Rewrites the raw text of a quoted JS string so that it means the same inside backticks. */
function toTemplateText(rawText: string): string {
  let out = '';
  for (let i = 0; i < rawText.length; i++) {
    const ch = rawText[i];
    if (ch === '\\') {
      // Legacy octal escapes and \8, \9 are syntax errors in a template: write what they stand for.
      const octal = /^(?:[0-3][0-7]{0,2}|[4-7][0-7]?|[89])/.exec(rawText.slice(i + 1, i + 4))?.[0];
      if (octal && (octal !== '0' || /[0-9]/.test(rawText[i + 2] ?? ''))) {
        out += /[89]/.test(octal) ? octal : `\\x${parseInt(octal, 8).toString(16).padStart(2, '0')}`;
        i += octal.length;
        continue;
      }
      out += rawText.slice(i, i + 2);
      i++;
    } else if (ch === '`') out += '\\`';
    else if (ch === '$' && rawText[i + 1] === '{') out += '\\$';
    else out += ch;
  }
  return out;
}

/**
 * Doubles braces so that text keeps its meaning inside an f-string or a Rust format string. In a
 * literal with escapes, the braces of `\N{EM DASH}` (Python) and `\u{1F511}` (Rust) stay single.
 */
const doubleBraces = (rawText: string, lit: StringLiteral) => (lit.escapes === 'none'
  ? rawText.replace(/[{}]/g, (b) => b + b)
  : rawText.replace(/\\(?:[Nu]\{[^}\n]*\}|[^{}])|[{}]/g, (m) => (m.length === 1 ? m + m : m)));

/** Re-escapes a decoded value for a Ruby double-quoted string. */
function rubyDoubleQuoted(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/#(?=[{$@])/g, '\\#');
}

/** Python dict subscripts inside an f-string hole use the quote the string does not. */
const innerQuote = (lit: StringLiteral) => (lit.open.startsWith('"') ? "'" : '"');

const JS: LanguageEntry = {
  id: 'javascript',
  languageIds: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'svelte'],
  fileName: /\.(c|m)?(j|t)sx?$/,
  envKey: sameName,
  locate: codeLocator(JS_SYNTAX),
  read: (name) => `process.env.${name}`,
  wrap: (text, lit, newText) => (isJsxAttribute(text, lit.start) ? `{${newText}}`
    : isPropertyKey(text, lit) ? `[${newText}]` : newText),
  splice(text, lit, start, end, name) {
    const expr = '${process.env.' + name + '}';
    if (lit.open === '`') return hole(start, end, expr);
    const before = toTemplateText(raw(text, lit.contentStart, start));
    const after = toTemplateText(raw(text, end, lit.contentEnd));
    return [{ start: lit.start, end: lit.end, newText: '`' + before + expr + after + '`' }];
  },
};

/** `{ "...": value }`: a quoted key becomes a computed one. */
function isPropertyKey(text: string, lit: StringLiteral): boolean {
  return /[{,]\s*$/.test(text.slice(Math.max(0, lit.start - 200), lit.start))
    && /^\s*:/.test(text.slice(lit.end, lit.end + 200));
}

/** `<Client token="..." />`: an attribute value directly after `name=` inside an unclosed tag. */
function isJsxAttribute(text: string, literalStart: number): boolean {
  if (text[literalStart - 1] !== '=' || !/[\w-]/.test(text[literalStart - 2] ?? '')) return false;
  const tagStart = text.lastIndexOf('<', literalStart);
  if (tagStart === -1 || literalStart - tagStart > 2000) return false;
  return /^<[A-Za-z][\w.:-]*\s[^<>;{}()]*$/.test(text.slice(tagStart, literalStart));
}

const PYTHON: LanguageEntry = {
  id: 'python',
  languageIds: ['python'],
  fileName: /\.pyw?$/,
  envKey: sameName,
  locate: codeLocator(PYTHON_SYNTAX),
  read: (name, lit) => `os.environ["${name}"]` + (/b/i.test(lit.prefix) ? '.encode()' : ''),
  splice(text, lit, start, end, name) {
    const prefix = lit.prefix.toLowerCase();
    if (prefix.includes('b')) {
      return concatenation(text, lit, start, end, `os.environ["${name}"].encode()`, '+');
    }
    const q = innerQuote(lit);
    const expr = `{os.environ[${q}${name}${q}]}`;
    if (prefix.includes('f')) return hole(start, end, expr);
    const newPrefix = lit.prefix.replace(/[uU]/, '') + 'f';
    const before = doubleBraces(raw(text, lit.contentStart, start), lit);
    const after = doubleBraces(raw(text, end, lit.contentEnd), lit);
    return [{ start: lit.start, end: lit.end, newText: newPrefix + lit.open + before + expr + after
      + lit.close }];
  },
  importEdit: pythonImportEdit,
};

// Not yet: a secret in a `const` block gets os.Getenv, which is not a constant expression; telling
// a const from a var needs a declaration-aware parse of the enclosing statement.
const GO: LanguageEntry = {
  id: 'go',
  languageIds: ['go'],
  fileName: /\.go$/,
  envKey: sameName,
  locate: codeLocator(GO_SYNTAX),
  read: (name) => `os.Getenv("${name}")`,
  splice: (text, lit, start, end, name) => concatenation(text, lit, start, end, `os.Getenv("${name}")`, '+'),
  importEdit: goImportEdit,
  constantContext: /^\s*const\s+\w+(?:\s+\w+)?\s*=\s*$/,
};

const JAVA: LanguageEntry = {
  id: 'java',
  languageIds: ['java'],
  fileName: /\.java$/,
  envKey: sameName,
  locate: codeLocator(JAVA_SYNTAX),
  read: (name) => `System.getenv("${name}")`,
  splice(text, lit, start, end, name) {
    if (lit.open === '"""') {
      // A text block cannot be cut in two; String.formatted (Java 15+) keeps it whole.
      const before = raw(text, lit.contentStart, start).replace(/%/g, '%%');
      const after = raw(text, end, lit.contentEnd).replace(/%/g, '%%');
      return [{ start: lit.start, end: lit.end,
        newText: `"""${before}%s${after}""".formatted(System.getenv("${name}"))` }];
    }
    return concatenation(text, lit, start, end, `System.getenv("${name}")`, '+');
  },
  constantContext: /@[\w.]+\s*\([^()]*$|\bcase\s+$/,
};

const KOTLIN: LanguageEntry = {
  id: 'kotlin',
  languageIds: ['kotlin'],
  fileName: /\.kts?$/,
  envKey: sameName,
  locate: codeLocator(KOTLIN_SYNTAX),
  read: (name) => `System.getenv("${name}")`,
  splice: (_text, _lit, start, end, name) => hole(start, end, '${System.getenv("' + name + '")}'),
  constantContext: /@[\w.:]+\s*\([^()]*$|\bconst\s+val\b[^=]*=\s*$/,
};

const CSHARP: LanguageEntry = {
  id: 'csharp',
  languageIds: ['csharp'],
  fileName: /\.cs$/,
  envKey: sameName,
  locate: codeLocator(CSHARP_SYNTAX),
  read: (name) => `Environment.GetEnvironmentVariable("${name}")`,
  splice(text, lit, start, end, name) {
    const expr = `Environment.GetEnvironmentVariable("${name}")`;
    // Quotes inside a hole of a verbatim interpolated string need C# 11, so those are concatenated.
    if (lit.prefix === '$' ) return hole(start, end, `{${expr}}`);
    return concatenation(text, lit, start, end, expr, '+');
  },
  constantContext: /^\s*\[[\w.]+\s*\([^()]*$|\bconst\b[^=;]*=\s*$|\bcase\s+$/,
};

const RUBY: LanguageEntry = {
  id: 'ruby',
  languageIds: ['ruby'],
  fileName: /(\.rb|Gemfile|Rakefile)$/,
  envKey: sameName,
  locate: codeLocator(RUBY_SYNTAX),
  read: (name) => `ENV.fetch("${name}")`,
  splice(text, lit, start, end, name) {
    const expr = `#{ENV.fetch("${name}")}`;
    if (lit.open === '"') return hole(start, end, expr);
    const before = rubyDoubleQuoted(decodeLiteral(raw(text, lit.contentStart, start), 'singleQuoted'));
    const after = rubyDoubleQuoted(decodeLiteral(raw(text, end, lit.contentEnd), 'singleQuoted'));
    return [{ start: lit.start, end: lit.end, newText: `"${before}${expr}${after}"` }];
  },
};

const PHP: LanguageEntry = {
  id: 'php',
  languageIds: ['php'],
  fileName: /\.php$/,
  envKey: sameName,
  locate: codeLocator(PHP_SYNTAX),
  read: (name) => `getenv('${name}')`,
  splice: (text, lit, start, end, name) => concatenation(text, lit, start, end, `getenv('${name}')`, '.'),
  // PHP allows only constant expressions in property, constant and parameter defaults.
  constantContext:
    /\b(?:public|private|protected|var|const|readonly)\b[^;=()]*=\s*$|\bfunction\b[^;{(]*\([^)]*=\s*$/,
};

/*
 * Rust reads with `.expect("NAME must be set")`: a missing secret then stops the program at the
 * point of use with the variable's name, where `unwrap_or_default()` would send an empty
 * credential and surface later as a puzzling 401. Code that wants a fallback can edit it.
 */
// Not yet: in a `const`/`static` item, or where a `&'static str` is required, the String this returns
// does not compile; detecting those needs the item's type.
const rustRead = (name: string) => `std::env::var("${name}").expect("${name} must be set")`;

const RUST: LanguageEntry = {
  id: 'rust',
  languageIds: ['rust'],
  fileName: /\.rs$/,
  envKey: sameName,
  locate: codeLocator(RUST_SYNTAX),
  read: rustRead,
  splice(text, lit, start, end, name) {
    const before = doubleBraces(raw(text, lit.contentStart, start), lit);
    const after = doubleBraces(raw(text, end, lit.contentEnd), lit);
    const format = lit.prefix.replace('b', '') + lit.open + before + '{}' + after + lit.close;
    return [{ start: lit.start, end: lit.end, newText: `format!(${format}, ${rustRead(name)})` }];
  },
  constantContext: /\b(?:const|static)\s+(?:mut\s+)?\w+\s*:[^=]*=\s*$/,
};

const SHELL: LanguageEntry = {
  id: 'shellscript',
  languageIds: ['shellscript', 'bash', 'sh', 'zsh'],
  fileName: /(\.(sh|bash|zsh|ksh)|\.envrc)$/,
  envKey: sameName,
  locate: (text, start, end) => findStringLiteral(text, SHELL_SYNTAX, start, end) ?? findShellWord(text,
    start, end),
  read: (name) => `"\${${name}}"`,
  splice(text, lit, start, end, name) {
    if (lit.open === '"') return hole(start, end, `\${${name}}`);
    const parts: string[] = [];
    if (start > lit.contentStart) parts.push(lit.open + raw(text, lit.contentStart, start) + lit.close);
    parts.push(`"\${${name}}"`);
    if (end < lit.contentEnd) parts.push(lit.open + raw(text, end, lit.contentEnd) + lit.close);
    return [{ start: lit.start, end: lit.end, newText: parts.join('') }];
  },
};

/** Formats that expand `${NAME}` themselves (compose, Spring): the secret's text is swapped in place. */
function inPlace(reference: (name: string, target?: ReplacementRequest['target']) => string) {
  return {
    inPlace: true,
    read: (name: string, _lit: StringLiteral, target?: ReplacementRequest['target']) => reference(name,
      target),
    splice: (_text: string, _lit: StringLiteral, start: number, end: number, name: string,
      target?: ReplacementRequest['target']) => hole(start, end, reference(name, target)),
  };
}

const YAML: LanguageEntry = {
  id: 'yaml',
  languageIds: ['yaml', 'dockercompose', 'github-actions-workflow'],
  fileName: /\.ya?ml$/,
  envKey: sameName,
  locate: findYamlScalar,
  ...inPlace((name) => `\${${name}}`),
  splice(text, lit, start, end, name) {
    if (!lit.flow) return hole(start, end, `\${${name}}`);
    const quoted = (rawText: string) => rawText.replace(/[\\"]/g, (c) => `\\${c}`);
    return [{ start: lit.start, end: lit.end,
      newText: `"${quoted(raw(text, lit.start, start))}\${${name}}${quoted(raw(text, end, lit.end))}"` }];
  },
};

const PROPERTIES: LanguageEntry = {
  id: 'properties',
  languageIds: ['properties', 'spring-boot-properties', 'java-properties'],
  fileName: /\.properties$/,
  envKey: sameName,
  locate: findPropertiesValue,
  ...inPlace((name) => `\${${name}}`),
};

const tfVariable = (name: string) => name.toLowerCase();

const TERRAFORM: LanguageEntry = {
  id: 'terraform',
  languageIds: ['terraform', 'hcl'],
  fileName: /\.tf$/,
  envKey: (name) => `TF_VAR_${tfVariable(name)}`,
  locate: codeLocator(TERRAFORM_SYNTAX),
  read: (name) => `var.${tfVariable(name)}`,
  splice: (_text, _lit, start, end, name) => hole(start, end, '${var.' + tfVariable(name) + '}'),
  declaration: (name) => ({
    name: tfVariable(name),
    block: `variable "${tfVariable(name)}" {\n  type      = string\n  sensitive = true\n}\n`,
  }),
};

const HTTP: LanguageEntry = {
  id: 'http',
  languageIds: ['http', 'restclient'],
  fileName: /\.(http|rest)$/,
  envKey: sameName,
  // A request file has no string syntax; the secret's own text is what gets replaced.
  locate: (_text, start, end) => ({ start, end, contentStart: start, contentEnd: end, prefix: '', open: '',
    close: '', escapes: 'none' }),
  // `{{NAME}}` is a credential of the active environment; `$dotenv` reads the .env next to the file.
  ...inPlace((name, target) => (target === 'dotenv' ? `{{$dotenv ${name}}}` : `{{${name}}}`)),
};

const VSCODE_TASKS: LanguageEntry = {
  id: 'vscode-launch',
  languageIds: [],
  fileName: /\.vscode[\\/](launch|tasks)\.json$/,
  envKey: sameName,
  locate: codeLocator(JSON_SYNTAX),
  ...inPlace((name) => `\${env:${name}}`),
};

/** The literal in .env.example-like files is emptied; the value moves to .env under the same key. */
const DOTENV_TEMPLATE: LanguageEntry = {
  id: 'dotenv-template',
  languageIds: [],
  fileName: /(^|[\\/])\.env\.(example|sample|template|dist|defaults)$/,
  envKey: sameName,
  locate: (text, start, end) => findDotenvValue(text, start, end)?.literal,
  read: () => '',
  splice: () => [],
};

const DOTENV: LanguageEntry = {
  id: 'dotenv',
  languageIds: ['dotenv'],
  fileName: /(^|[\\/])\.env(\.[\w-]+)?$/,
  envKey: sameName,
  unsupported: 'This is a .env file already, the place this value belongs. Keep it out of git (.gitignore).',
  locate: () => undefined,
  read: sameName,
  splice: () => [],
};

const DOCKERFILE: LanguageEntry = {
  id: 'dockerfile',
  languageIds: ['dockerfile'],
  fileName: /(^|[\\/])(Dockerfile|Containerfile)[^\\/]*$|\.dockerfile$/,
  envKey: sameName,
  unsupported: 'ARG and ENV values stay readable in the image history. Use a build secret instead: ' +
    '`RUN --mount=type=secret,id=NAME` and `docker build --secret id=NAME,env=NAME`.',
  locate: () => undefined,
  read: sameName,
  splice: () => [],
};

const GITHUB_WORKFLOW: LanguageEntry = {
  id: 'github-workflow',
  languageIds: [],
  fileName: /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/,
  envKey: sameName,
  unsupported: 'A workflow runs on GitHub, where neither .env nor this editor\'s SecretStorage exists. ' +
    'Add the value as a repository secret and write ${{ secrets.NAME }} here.',
  locate: () => undefined,
  read: sameName,
  splice: () => [],
};

const TFVARS: LanguageEntry = {
  id: 'tfvars',
  languageIds: [],
  fileName: /\.tfvars(\.json)?$/,
  envKey: sameName,
  unsupported: 'A .tfvars file cannot read the environment: delete this line and set TF_VAR_<name> ' +
    'in .env instead.',
  locate: () => undefined,
  read: sameName,
  splice: () => [],
};

/**
 * JSON, XML and anything unknown: the secret is replaced by a `{{NAME}}` placeholder. A quoted
 * string around it (JSON) is found so that the key before it can name the secret.
 */
const PLAIN: LanguageEntry = {
  id: 'plain',
  languageIds: [],
  envKey: sameName,
  noEnvironment: 'This file format has no way to read environment variables.',
  locate: (text, start, end) => findStringLiteral(text, JSON_SYNTAX, start, end)
    ?? { start, end, contentStart: start, contentEnd: end, prefix: '', open: '', close: '', escapes: 'none' },
  ...inPlace((name) => `{{${name}}}`),
};

// Order matters: file-name rules that override a language id come first.
const BY_FILE_NAME: LanguageEntry[] = [DOTENV_TEMPLATE, DOTENV, DOCKERFILE, TFVARS, VSCODE_TASKS,
  GITHUB_WORKFLOW];
const BY_LANGUAGE: LanguageEntry[] = [JS, PYTHON, GO, JAVA, KOTLIN, CSHARP, RUBY, PHP, RUST, SHELL, YAML,
  PROPERTIES, TERRAFORM, HTTP];

function entryFor(languageId: string, fileName: string): LanguageEntry {
  const path = fileName.replace(/\\/g, '/');
  return BY_FILE_NAME.find((e) => e.fileName?.test(path))
    ?? BY_LANGUAGE.find((e) => e.languageIds.includes(languageId))
    ?? BY_LANGUAGE.find((e) => e.fileName?.test(path))
    ?? PLAIN;
}

export function migrationLanguage(languageId: string, fileName: string): MigrationLanguage {
  return entryFor(languageId, fileName);
}

/**
 * The edits that replace a secret with an environment read, or an error saying why not.
 * Accepts the request only when the range lies inside a literal (not a comment or identifier).
 */
export function planReplacement(req: ReplacementRequest): ReplacementResult {
  const entry = entryFor(req.languageId, req.fileName);
  if (entry.unsupported) return { error: entry.unsupported };
  const lit = entry.locate(req.text, req.start, req.end);
  if (!lit) return { error: 'The secret is not inside a string literal, so there is nothing to replace.' };
  const lineStart = req.text.lastIndexOf('\n', lit.start - 1) + 1;
  if (entry.constantContext?.test(req.text.slice(Math.max(lineStart, lit.start - 300), lit.start))) {
    return { error: 'This literal must be a compile-time constant here (a const, an annotation argument, ' +
      'a property or parameter default), and an environment read is not one; move it by hand.' };
  }

  const value = decodeLiteral(raw(req.text, req.start, req.end), lit.escapes);
  const whole = req.start === lit.contentStart && req.end === lit.contentEnd;
  const edits = whole && !entry.inPlace
    ? [{ start: lit.start, end: lit.end, newText: entry.read(req.name, lit, req.target) }]
    : entry.splice(req.text, lit, req.start, req.end, req.name, req.target);
  if (entry.id === 'dotenv-template') edits.splice(0, edits.length, { start: lit.start, end: lit.end,
    newText: '' });
  const wrap = entry.wrap;
  const wrapped = wrap ? edits.map((e) => (e.start === lit.start && e.end === lit.end
    ? { ...e, newText: wrap(req.text, lit, e.newText) } : e)) : edits;

  return {
    edits: wrapped,
    importEdit: entry.importEdit?.(req.text),
    literalStart: lit.start,
    value,
    envKey: entry.envKey(req.name),
    whole,
    declaration: entry.declaration?.(req.name),
  };
}

/** The key of a `.env.example`-style line, which is the natural name for its value. */
export function dotenvTemplateKey(text: string, start: number, end: number): string | undefined {
  return findDotenvValue(text, start, end)?.key;
}
