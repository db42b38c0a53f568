/**
 * Names for migrated secrets: inferred from what the literal is assigned to, qualified when that
 * name is generic (`db.password` → DB_PASSWORD), made unique against the names already in use.
 */

export const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

export function isValidEnvName(name: string): boolean {
  return ENV_NAME_PATTERN.test(name);
}

/** Words that say "a secret" but not whose: they get the enclosing key as a qualifier. */
const GENERIC = new Set(['password', 'passwd', 'pwd', 'pass', 'secret', 'token', 'key', 'apikey', 'api_key',
  'auth', 'credential', 'credentials', 'access_token', 'accesstoken']);

/** Names that say nothing about the value; the rule's suggestion is better. */
const MEANINGLESS = new Set(['value', 'val', 'v', 's', 'x', 'str', 'string', 'data', 'text', 'tmp', 'result',
  'default', 'header', 'headers', 'authorization', 'bearer', 'url', 'uri', 'arg', 'args', 'param', 'it']);

/** `stripeKey`, `api-token`, `db.password` → `STRIPE_KEY`, `API_TOKEN`, `DB_PASSWORD`. */
export function toEnvName(key: string): string {
  const name = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

const IDENT = /[\w$.\-@]/;

/** Reads an assignment target ending just before `pos` (skipping `=`, `:`, `:=`, `=>`), if any. */
function keyBefore(text: string, pos: number): { key: string; at: number } | undefined {
  let i = pos;
  const skipSpace = () => {
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  };
  skipSpace();
  let op = '';
  if (text.startsWith('=>', i - 2)) op = '=>';
  else if (text.startsWith(':=', i - 2)) op = ':=';
  else if (text[i - 1] === '=' && !/[=!<>]/.test(text[i - 2] ?? '')) op = '=';
  else if (text[i - 1] === ':') op = ':';
  if (!op) return undefined;
  i -= op.length;
  skipSpace();
  const key = readKey(text, i);
  if (!key) return undefined;
  // `val token: String = "..."`, `const token: string = "..."`: the name sits before the type.
  if (op === '=' ) {
    let j = key.at;
    while (j > 0 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
    if (text[j - 1] === ':') {
      const named = readKey(text, j - 1 - countSpaceBack(text, j - 1));
      if (named) return named;
    }
  }
  return key;
}

function countSpaceBack(text: string, pos: number): number {
  let n = 0;
  while (pos - n > 0 && (text[pos - n - 1] === ' ' || text[pos - n - 1] === '\t')) n++;
  return n;
}

/** A bare identifier, a quoted key (`"api_token"`), or a subscript (`config["api_key"]`) ending at `end`. */
function readKey(text: string, end: number): { key: string; at: number } | undefined {
  let i = end;
  if (text[i - 1] === ']') i--;
  const quote = text[i - 1];
  if (quote === '"' || quote === "'") {
    const open = text.lastIndexOf(quote, i - 2);
    if (open === -1 || i - open > 200) return undefined;
    const key = text.slice(open + 1, i - 1);
    return /^[\w.\- ]+$/.test(key) ? { key, at: open } : undefined;
  }
  let s = i;
  while (s > 0 && end - s < 200 && IDENT.test(text[s - 1])) s--;
  return s < i ? { key: text.slice(s, i), at: s } : undefined;
}

/** Keys that group settings without saying whose they are; the qualifier is looked for above them. */
const CONTAINERS = new Set(['environment', 'env', 'environments', 'config', 'configuration', 'settings',
  'secrets', 'credentials', 'auth', 'options', 'spec', 'data', 'properties', 'vars', 'variables', 'default']);

/**
 * The nearest key of an enclosing object or mapping that says whose the secret is:
 * `db: { password: ... }` → `db`; `services: db: environment: password:` → `db`.
 */
function enclosingKey(text: string, pos: number, indentBased: boolean): string | undefined {
  for (let level = 0, at = pos; level < 4; level++) {
    const parent = indentBased ? parentByIndent(text, at) : parentByBraces(text, at);
    if (!parent) return undefined;
    if (!CONTAINERS.has(parent.key.toLowerCase())) return parent.key;
    at = parent.at;
  }
  return undefined;
}

function parentByIndent(text: string, pos: number): { key: string; at: number } | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0].length;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    const lineIndent = /^[ \t]*/.exec(line)![0].length;
    if (line.trim() && !line.trim().startsWith('#') && lineIndent < indent) {
      const m = /^[ \t]*(?:- )?["']?([\w.-]+)["']?:[ \t]*$/.exec(line);
      return m ? { key: m[1], at: start } : undefined;
    }
    end = start - 1;
  }
  return undefined;
}

function parentByBraces(text: string, pos: number): { key: string; at: number } | undefined {
  let depth = 0;
  for (let i = pos - 1; i >= 0 && pos - i < 4000; i--) {
    const ch = text[i];
    if (ch === '}') depth++;
    else if (ch === '{') {
      if (depth === 0) return keyBefore(text, i);
      depth--;
    }
  }
  return undefined;
}

export interface NameContext {
  text: string;
  /** Where the literal (with its quotes) starts: the assignment is read backwards from here. */
  literalStart: number;
  /** True when the secret is the whole literal; a partial secret is named by its rule instead. */
  whole: boolean;
  /** The rule's suggestion (`GITHUB_TOKEN`). */
  fallback: string;
  /** Mapping languages (YAML) nest by indentation instead of braces. */
  indentBased?: boolean;
}

/** The name a developer would give this secret, from its context; the rule's suggestion otherwise. */
export function inferEnvName(ctx: NameContext): string {
  const fallback = isValidEnvName(ctx.fallback) ? ctx.fallback : 'SECRET';
  if (!ctx.whole) return fallback;
  const found = keyBefore(ctx.text, ctx.literalStart);
  if (!found) return fallback;

  const dotted = found.key.replace(/^(this|self)\.|^@/, '').split(/[.:]+/).filter(Boolean);
  const last = dotted[dotted.length - 1];
  if (!last || MEANINGLESS.has(last.toLowerCase())) return fallback;
  // `stripeKey`, `api_token`: several words already say whose secret it is.
  const words = toEnvName(last).split('_').filter(Boolean);
  if (words.length >= 2 || !GENERIC.has(last.toLowerCase())) return toEnvName(last) || fallback;
  if (dotted.length >= 2) return toEnvName(dotted.slice(-2).join('_'));
  const parent = enclosingKey(ctx.text, found.at, ctx.indentBased ?? false);
  const qualifier = parent ? toEnvName(parent.split('.').pop() ?? '') : '';
  if (qualifier && !GENERIC.has(qualifier.toLowerCase()) && !MEANINGLESS.has(qualifier.toLowerCase())) {
    return `${qualifier}_${toEnvName(last)}`;
  }
  // A bare `token` or `password` says less than the rule does (GITHUB_TOKEN).
  return fallback;
}

export interface NameChoice {
  name: string;
  /** True when `existing` already holds this value under `name`: nothing needs to be stored. */
  reused: boolean;
}

/**
 * Picks the name to store `value` under. `existing` maps keys already in use (.env keys or
 * SecretStorage names) to their values; `keyOf` maps a NAME to its key (Terraform's TF_VAR_x).
 * A key holding the same value is reused; otherwise NAME, NAME_2, NAME_3 ... until one is free.
 */
export function chooseEnvName(base: string, value: string, existing: ReadonlyMap<string, string>,
  keyOf: (name: string) => string = (n) => n): NameChoice {
  for (const [key, stored] of existing) {
    if (stored !== value) continue;
    const name = nameForKey(key, keyOf);
    if (name) return { name, reused: true };
  }
  let name = base;
  for (let n = 2; existing.has(keyOf(name)); n++) name = `${base}_${n}`;
  return { name, reused: false };
}

function nameForKey(key: string, keyOf: (name: string) => string): string | undefined {
  if (keyOf(key) === key && isValidEnvName(key)) return key;
  const candidate = key.replace(/^TF_VAR_/, '').toUpperCase();
  return keyOf(candidate) === key && isValidEnvName(candidate) ? candidate : undefined;
}
