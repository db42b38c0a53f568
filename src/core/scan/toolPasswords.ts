/**
 * Passwords in the formats of particular tools, which no name-based search sees: `.netrc` and
 * `.pgpass` files, Redis's `requirepass`/`masterauth`, and the password arguments of `redis-cli`,
 * `sshpass`, `openssl` and `docker login`. Each is read by hand, a bounded stretch per occurrence,
 * so adversarial input stays linear. Reported as `generic-password` (`masterauth` as `generic-secret`), with the
 * generic detectors' value checks.
 */
// A cycle: genericRules lists these detectors, and they use its value checks. The engine loads
// genericRules first, which is what works; loaded first, this module would leave genericRules
// reading TOOL_PASSWORD_DETECTORS before they are defined.
import {
  isPlausibleSecretValue, type Candidate, type DetectorInput, type GenericDetector,
} from './genericRules';
import { PASSWORD_SHAPE } from './secretShape';

/** As for `mysql -p`: a password on a command line or in a tool's file may be short. */
const TOOL_PASSWORD_SHAPE = { ...PASSWORD_SHAPE, minLength: 6 };
/** `--no-auth-warning`, `-e`: the next flag, where an example leaves the password out. */
const FLAG = /^--?[A-Za-z][\w-]{0,40}$/;
/** Prose after a flag's name: `--requirepass option:`, `-a flag.`. */
const WORD_IN_PROSE = /^[A-Za-z]{1,40}[.,:;]{1,3}$/;
/** The example password of the stock redis.conf (`# requirepass foobared`). */
const REDIS_EXAMPLE = /^[\W\d_]{0,20}foobared[\W\d_]{0,20}$/i;
/** Bounds what one occurrence of a tool's name may read. */
const MAX_COMMAND = 600;
const MAX_WORDS = 40;
const MAX_LINE = 1000;

function passwordCandidate(
  start: number, end: number, secret: string, ruleId = 'generic-password',
): Candidate | undefined {
  if (/^[$%<{]/.test(secret) || FLAG.test(secret) || WORD_IN_PROSE.test(secret)) return undefined;
  if (REDIS_EXAMPLE.test(secret)) return undefined;
  if (!isPlausibleSecretValue(secret, secret, ruleId, 'password', TOOL_PASSWORD_SHAPE)) return undefined;
  return { ruleId, start, end, secret };
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function isLineEnd(ch: string | undefined): boolean {
  return ch === undefined || ch === '\n' || ch === '\r';
}

/** `a-z A-Z 0-9 _ . -`: a tool's name inside a longer word (`pyopenssl`, `openssl.cnf`) is no command. */
function isNameChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w.-]/.test(ch);
}

// ---------------------------------------------------------------------------------------------
// Command lines: shell words, also the items of a JSON or YAML list (`["sshpass", "-p", "..."]`)

interface Word {
  /** The word with its quotes and escapes removed. */
  value: string;
  /** Where its text lies in the scanned text, inside any quotes. */
  start: number;
  end: number;
  /** Where reading goes on after it. */
  next: number;
}

/** Characters that end a command: the line, a pipe, a list, a substitution, a backquote. */
const COMMAND_END = '\n\r;|&)`';
/** Characters that end an unquoted word besides blanks and COMMAND_END. */
const WORD_END = '"\'<>(';

/** A quoted word on one line; in double quotes a backslash escapes the next character. */
function quotedWordAt(text: string, i: number, limit: number): Word | undefined {
  const quote = text[i];
  let value = '';
  for (let j = i + 1; j < limit; j++) {
    const ch = text[j];
    if (ch === quote) return { value, start: i + 1, end: j, next: j + 1 };
    if (isLineEnd(ch)) return undefined;
    if (ch === '\\' && quote === '"' && !isLineEnd(text[j + 1])) j++;
    value += text[j];
  }
  return undefined;
}

function wordAt(text: string, i: number, limit: number, inList: boolean): Word | undefined {
  if (text[i] === '"' || text[i] === "'") return quotedWordAt(text, i, limit);
  let value = '';
  let j = i;
  for (; j < limit; j++) {
    const ch = text[j];
    if (isBlank(ch) || COMMAND_END.includes(ch) || WORD_END.includes(ch)) break;
    if (inList && (ch === ',' || ch === ']')) break;
    if (ch === '\\') {
      if (isLineEnd(text[j + 1])) break;
      j++;
    }
    value += text[j];
  }
  return j > i ? { value, start: i, end: j, next: j } : undefined;
}

/**
 * Up to `maxWords` words from `from` to the end of the command, across `\` line continuations.
 * Commas between words are list separators; `inList`, an unquoted list's items also end at `,`
 * and `]`.
 */
function commandWords(
  text: string, from: number, inList: boolean, maxWords = MAX_WORDS,
): { words: Word[]; end: number } {
  const words: Word[] = [];
  const limit = Math.min(text.length, from + MAX_COMMAND);
  let i = from;
  while (i < limit && words.length < maxWords) {
    const ch = text[i];
    if (isBlank(ch) || ch === ',') {
      i++;
    } else if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
    } else if (COMMAND_END.includes(ch) || ch === '#' || (inList && ch === ']')) {
      break;
    } else {
      const word = wordAt(text, i, limit, inList);
      if (!word) break;
      words.push(word);
      i = word.next;
    }
  }
  return { words, end: i };
}

/**
 * The arguments after a command's name at [start, end), or undefined where the name is part of
 * a longer word. A quoted name (`"openssl",`) or one after `[` is the first item of a list.
 */
function argumentsAfter(
  text: string, start: number, end: number,
): { words: Word[]; end: number } | undefined {
  const before = text[start - 1];
  if (isNameChar(before)) return undefined;
  const quoted = (before === '"' || before === "'") && text[end] === before;
  const after = quoted ? end + 1 : end;
  if (!isBlank(text[after]) && text[after] !== ',' && text[after] !== '\\') return undefined;
  return commandWords(text, after, before === '[' || (quoted && text[start - 2] === '['));
}

/** `sshpass [-v] [-P prompt] -p password ssh ...`: its options end where the command it runs starts. */
function sshpassPasswords(words: Word[]): Word[] {
  for (let k = 0; k < words.length; k++) {
    const { value, start, end, next } = words[k];
    if (value === '-p') return words[k + 1] ? [words[k + 1]] : [];
    if (value.startsWith('-p')) return [{ value: value.slice(2), start: start + 2, end, next }];
    // `ssh -p 2222` after the options is the port of the command sshpass runs.
    if (!value.startsWith('-')) return [];
    if (value === '-f' || value === '-d' || value === '-P') k++;
  }
  return [];
}

/** `redis-cli -h host -a password`, `--pass password`. */
function redisCliPasswords(words: Word[]): Word[] {
  const out: Word[] = [];
  for (let k = 0; k + 1 < words.length; k++) {
    if (words[k].value === '-a' || words[k].value === '--pass') out.push(words[++k]);
  }
  return out;
}

const OPENSSL_PASS_FLAGS = new Set(['-pass', '-passin', '-passout', '-password']);

/** `openssl enc -k password`, and `-passin pass:password` (not `env:`, `file:`, `fd:` or `stdin`). */
function opensslPasswords(words: Word[]): Word[] {
  const out: Word[] = [];
  for (let k = 0; k + 1 < words.length; k++) {
    const flag = words[k].value;
    const word = words[k + 1];
    if (flag === '-k') {
      out.push(word);
      k++;
    } else if (OPENSSL_PASS_FLAGS.has(flag) && word.value.startsWith('pass:')) {
      out.push({ ...word, value: word.value.slice(5), start: word.start + 5 });
      k++;
    }
  }
  return out;
}

/**
 * `docker login -u user -p password registry`: `-p` is the password only after `login` (elsewhere
 * it publishes a port). `--password x` is a flag the assignment search reads already.
 */
function dockerLoginPasswords(words: Word[]): Word[] {
  if (words[0]?.value !== 'login') return [];
  for (let k = 1; k + 1 < words.length; k++) {
    if (words[k].value === '-p') return [words[k + 1]];
  }
  return [];
}

const COMMANDS: readonly { name: string; passwords: (words: Word[]) => Word[] }[] = [
  { name: 'docker', passwords: dockerLoginPasswords },
  { name: 'sshpass', passwords: sshpassPasswords },
  { name: 'redis-cli', passwords: redisCliPasswords },
  { name: 'openssl', passwords: opensslPasswords },
];

function findCommandPasswords({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  COMMANDS.forEach(({ name, passwords }, k) => {
    // Each command's words are read once: a name inside them is not read again.
    let resumeAt = 0;
    for (const keywordEnd of keywordEnds?.[k] ?? []) {
      const start = keywordEnd - name.length;
      if (start < resumeAt) continue;
      const args = argumentsAfter(text, start, keywordEnd);
      if (!args) continue;
      resumeAt = args.end;
      for (const word of passwords(args.words)) {
        const candidate = passwordCandidate(word.start, word.end, word.value);
        if (candidate) out.push(candidate);
      }
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Redis: `requirepass`/`masterauth` directives, `CONFIG SET`, and `redis-server --requirepass`

/**
 * Each directive's rule, as the assignment search names `masterauth "x"` and `--masterauth x`
 * (a name ending in auth): one rule for a directive however it is written.
 */
const REDIS_DIRECTIVES = [
  { directive: 'requirepass', ruleId: 'generic-password' },
  { directive: 'masterauth', ruleId: 'generic-secret' },
];
const CONFIG_SET = /config[ \t]{1,10}set[ \t]{1,10}$/i;
/** A YAML block list's item holding only the flag: its value is the next item. */
const FLAG_ITEM = /^[ \t]*-[ \t]+["']?$/;

/** Where the line holding `at` starts, or -1 beyond `limit` characters back. */
function lineStartWithin(text: string, at: number, limit: number): number {
  const from = Math.max(0, at - limit);
  for (let i = at - 1; i >= from; i--) if (text[i] === '\n' || text[i] === '\r') return i + 1;
  return from === 0 ? 0 : -1;
}

/**
 * A directive's value in redis.conf: one word, alone on the rest of the line (prose such as
 * `requirepass sets the password` has more), quoted as redis.conf allows.
 */
function directiveValue(text: string, end: number): Word | undefined {
  if (!isBlank(text[end])) return undefined;
  let i = end;
  while (isBlank(text[i])) i++;
  const limit = Math.min(text.length, i + MAX_LINE);
  let word: Word | undefined;
  if (text[i] === '"' || text[i] === "'") {
    word = quotedWordAt(text, i, limit);
  } else {
    let j = i;
    while (j < limit && !isBlank(text[j]) && !isLineEnd(text[j])) j++;
    word = j > i ? { value: text.slice(i, j), start: i, end: j, next: j } : undefined;
  }
  if (!word) return undefined;
  let j = word.next;
  while (isBlank(text[j])) j++;
  return isLineEnd(text[j]) ? word : undefined;
}

/** `- --requirepass` alone on a YAML list item: the password is the next line's item, alone on it. */
function nextListItem(text: string, flagStart: number, after: number): Word | undefined {
  const lineStart = lineStartWithin(text, flagStart, 40);
  if (lineStart === -1 || !FLAG_ITEM.test(text.slice(lineStart, flagStart))) return undefined;
  let i = after;
  while (isBlank(text[i])) i++;
  if (text[i] === '\r') i++;
  if (text[i] !== '\n') return undefined;
  i++;
  const limit = Math.min(text.length, i + 40);
  while (i < limit && isBlank(text[i])) i++;
  if (text[i] !== '-' || !isBlank(text[i + 1])) return undefined;
  const { words, end } = commandWords(text, i + 1, true, 2);
  return words.length === 1 && isLineEnd(text[end]) ? words[0] : undefined;
}

/** `--requirepass value`, `"--requirepass", "value"`, or the next item of a YAML block list. */
function flagValue(text: string, start: number, end: number): Word | undefined {
  const flagStart = start - 2;
  const before = text[flagStart - 1];
  if (isNameChar(before)) return undefined;
  const quoted = (before === '"' || before === "'") && text[end] === before;
  const after = quoted ? end + 1 : end;
  if (!isBlank(text[after]) && text[after] !== ',' && !isLineEnd(text[after])) return undefined;
  const inList = text.slice(Math.max(0, flagStart - 3), flagStart).includes('[') || text[after] === ',';
  return commandWords(text, after, inList, 1).words[0] ?? nextListItem(text, flagStart, after);
}

function redisDirectiveValue(text: string, start: number, end: number): Word | undefined {
  if (isNameChar(text[end])) return undefined;
  if (text.startsWith('--', start - 2)) return flagValue(text, start, end);
  if (isNameChar(text[start - 1])) return undefined;
  const lineStart = lineStartWithin(text, start, 40);
  if (lineStart === -1) return undefined;
  const before = text.slice(lineStart, start);
  // `redis-cli CONFIG SET requirepass value`, also at a `127.0.0.1:6379>` prompt.
  if (CONFIG_SET.test(before)) return commandWords(text, end, false, 1).words[0];
  return /^[ \t]*$/.test(before) ? directiveValue(text, end) : undefined;
}

function findRedisPasswords({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  REDIS_DIRECTIVES.forEach(({ directive, ruleId }, k) => {
    for (const keywordEnd of keywordEnds?.[k] ?? []) {
      const word = redisDirectiveValue(text, keywordEnd - directive.length, keywordEnd);
      const candidate = word && passwordCandidate(word.start, word.end, word.value, ruleId);
      if (candidate) out.push(candidate);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// .netrc: `machine host login user password secret`, its tokens on one line or many

/** A .netrc token: a run of non-blanks, or a double-quoted string with backslash escapes. */
function netrcTokenAt(text: string, i: number): Word {
  if (text[i] === '"') {
    const limit = Math.min(text.length, i + MAX_LINE);
    let value = '';
    let j = i + 1;
    for (; j < limit && text[j] !== '"' && !isLineEnd(text[j]); j++) {
      if (text[j] === '\\' && j + 1 < limit) j++;
      value += text[j];
    }
    return { value, start: i + 1, end: j, next: text[j] === '"' ? j + 1 : j };
  }
  let j = i;
  while (j < text.length && !/\s/.test(text[j])) j++;
  return { value: text.slice(i, j), start: i, end: j, next: j };
}

/** Tokens that take the next token as their value. */
const NETRC_VALUE_TOKENS = new Set(['machine', 'login', 'account', 'port', 'macdef', 'password', 'passwd']);
/** Anonymous FTP takes an e-mail address for a password, by convention. */
const ANONYMOUS = new Set(['anonymous', 'ftp']);

function findNetrcPasswords({ text }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  let login = '';
  let passwords: Word[] = [];
  const closeEntry = () => {
    if (!ANONYMOUS.has(login.toLowerCase())) {
      for (const word of passwords) {
        const candidate = passwordCandidate(word.start, word.end, word.value);
        if (candidate) out.push(candidate);
      }
    }
    login = '';
    passwords = [];
  };
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const token = netrcTokenAt(text, i);
    i = token.next;
    const keyword = token.value;
    if (keyword.startsWith('#')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (keyword === 'machine' || keyword === 'default') closeEntry();
    if (!NETRC_VALUE_TOKENS.has(keyword)) continue;
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const value = netrcTokenAt(text, i);
    i = value.next;
    if (keyword === 'login') login = value.value;
    else if (keyword === 'password' || keyword === 'passwd') passwords.push(value);
    else if (keyword === 'macdef') i = macroEnd(text, i);
  }
  closeEntry();
  return out;
}

/** A macro's body runs from the line after `macdef name` to the first empty line. */
function macroEnd(text: string, from: number): number {
  const blankLine = /\n[ \t]*\r?\n/g;
  blankLine.lastIndex = from;
  const m = blankLine.exec(text);
  return m ? m.index + m[0].length : text.length;
}

// ---------------------------------------------------------------------------------------------
// .pgpass: `hostname:port:database:username:password`, `\:` and `\\` escaped

/** The fields of a .pgpass line, raw offsets and unescaped values; the fifth ends at an unescaped `:`. */
function pgpassFields(text: string, from: number, lineEnd: number): Word[] {
  const fields: Word[] = [];
  let start = from;
  let value = '';
  for (let i = from; i <= lineEnd && fields.length < 5; i++) {
    const ch = text[i];
    if (i === lineEnd || ch === ':') {
      fields.push({ value, start, end: i, next: i + 1 });
      start = i + 1;
      value = '';
      continue;
    }
    if (ch === '\\' && i + 1 < lineEnd) i++;
    value += text[i];
  }
  return fields;
}

function findPgpassPasswords({ text }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  for (let lineStart = 0; lineStart < text.length;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const next = lineEnd + 1;
    while (lineEnd > lineStart && /\s/.test(text[lineEnd - 1])) lineEnd--;
    const fields = text[lineStart] === '#' ? [] : pgpassFields(text, lineStart, lineEnd);
    const [host, port, database, user, password] = fields;
    const isEntry = password !== undefined && host.value !== '' && database.value !== '' && user.value !== ''
      && /^(?:\*|\d{1,5})$/.test(port.value);
    const candidate = isEntry ? passwordCandidate(password.start, password.end, password.value) : undefined;
    if (candidate) out.push(candidate);
    lineStart = next;
  }
  return out;
}

export const TOOL_PASSWORD_DETECTORS: readonly GenericDetector[] = [
  {
    keywords: COMMANDS.map(({ name }) => name), modes: ['full'], wantsKeywordEnds: true,
    find: findCommandPasswords,
  },
  {
    keywords: REDIS_DIRECTIVES.map(({ directive }) => directive), modes: ['full'], wantsKeywordEnds: true,
    find: findRedisPasswords,
  },
  // Named so, a file is one of these formats however long its lines (which would make it minified).
  {
    keywords: ['pass'], fileNames: ['.netrc', '_netrc'], modes: ['full', 'strong'],
    find: findNetrcPasswords,
  },
  { keywords: [], fileNames: ['.pgpass', 'pgpass'], modes: ['full', 'strong'], find: findPgpassPasswords },
];
