/**
 * A small vocabulary for describing credential formats once and deriving everything else
 * from that description: the rule's regex, its prefilter keywords, the words in docs/rules.md
 * and the fake-token generators used by tests. Patterns built here contain only bounded
 * quantifiers and no repeated groups, so every rule runs in linear time by construction.
 */
import type { Rule, RuleCategory, Severity } from '../types';

export interface CharSet {
  /** Plural noun phrase used in docs, e.g. "lower-case hex digits". */
  readonly label: string;
  /** Body of a regex character class, already escaped. */
  readonly regexClass: string;
  /** Every member, for generators. */
  readonly chars: string;
}

function charSet(label: string, chars: string, regexClass: string): CharSet {
  return { label, chars, regexClass };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const NUM = '0123456789';

export const DIGITS = charSet('digits', NUM, '0-9');
export const HEX = charSet('lower-case hex digits', NUM + 'abcdef', '0-9a-f');
export const HEX_UPPER = charSet('upper-case hex digits', NUM + 'ABCDEF', '0-9A-F');
export const HEX_ANY = charSet('hex digits', NUM + 'abcdefABCDEF', '0-9a-fA-F');
export const ALNUM = charSet('letters or digits', UPPER + LOWER + NUM, 'A-Za-z0-9');
export const LOWER_ALNUM = charSet('lower-case letters or digits', LOWER + NUM, 'a-z0-9');
export const UPPER_ALNUM = charSet('upper-case letters or digits', UPPER + NUM, 'A-Z0-9');
export const LETTERS = charSet('letters', UPPER + LOWER, 'A-Za-z');
export const BASE64URL = charSet('URL-safe base64 characters', UPPER + LOWER + NUM + '_-', 'A-Za-z0-9_\\-');
export const BASE64 = charSet('base64 characters', UPPER + LOWER + NUM + '+/', 'A-Za-z0-9+/');
export const BASE32 = charSet('base32 characters (A-Z, 2-7)', UPPER + '234567', 'A-Z2-7');
export const LOWER_BASE32 = charSet('lower-case base32 characters', LOWER + '234567', 'a-z2-7');
export const BECH32_UPPER = charSet('upper-case bech32 characters', 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
  'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L');
/** Azure AD client secrets mix URL-safe characters with `~` and `.`. */
export const AZURE_SECRET = charSet('letters, digits, `_`, `~`, `.` or `-`', UPPER + LOWER + NUM + '_~.-',
  'A-Za-z0-9_~.\\-');
export const PADDING = charSet('`=` padding characters', '=', '=');

export type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  | { readonly kind: 'chars'; readonly set: CharSet; readonly min: number; readonly max: number }
  | { readonly kind: 'optional'; readonly parts: readonly Part[] };

export const text = (value: string): Part => ({ kind: 'text', text: value });
export const choice = (...options: string[]): Part => ({ kind: 'choice', options });
export const chars = (set: CharSet, min: number, max = min): Part => ({ kind: 'chars', set, min, max });
export const optional = (...parts: Part[]): Part => ({ kind: 'optional', parts });

/** A lower-case UUID, 8-4-4-4-12 hex digits. */
export function uuid(set: CharSet = HEX): Part[] {
  return [
    chars(set, 8), text('-'), chars(set, 4), text('-'), chars(set, 4), text('-'), chars(set, 4), text('-'),
    chars(set, 12),
  ];
}

/** A provider rule together with the format description it was built from. */
export interface ProviderRule extends Rule {
  readonly parts: readonly Part[];
  /** Words that must appear in the name the value is assigned to; absent for self-identifying formats. */
  readonly context?: readonly string[];
  /** Plain-words description of what `validate` checks, for docs. */
  readonly checkNote?: string;
}

export interface RuleSpec {
  id: string;
  title: string;
  provider: string;
  category: RuleCategory;
  severity: Severity;
  revokeUrl: string;
  envName: string;
  parts: Part[];
  /** Makes this a context rule: the value counts only after `<name containing a word> = `. */
  context?: string[];
  /** Defaults to the context words, else to the longest literal every match contains. */
  keywords?: string[];
  validate?: (secret: string) => boolean;
  checkNote?: string;
  minEntropy?: number;
}

/** Context rules rest on a weak shape (often plain hex); this drops placeholders such as `xxxx…`. */
const CONTEXT_MIN_ENTROPY = 3;

const WORD_CLASS = 'A-Za-z0-9_';

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function caseInsensitive(word: string): string {
  return escapeRegex(word).replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

function quantifier(min: number, max: number): string {
  if (min === max) return min === 1 ? '' : `{${min}}`;
  return `{${min},${max}}`;
}

function partSource(part: Part): string {
  switch (part.kind) {
    case 'text':
      return escapeRegex(part.text);
    case 'choice':
      return `(?:${part.options.map(escapeRegex).join('|')})`;
    case 'chars':
      return `[${part.set.regexClass}]${quantifier(part.min, part.max)}`;
    case 'optional':
      return `(?:${part.parts.map(partSource).join('')})?`;
  }
}

/** Non-word characters of a set, escaped for use inside a class. */
function extraClassChars(set: CharSet): string {
  const extras = [...new Set(set.chars.replace(/[A-Za-z0-9_]/g, ''))];
  return extras.map((c) => (/[\]\\^-]/.test(c) ? `\\${c}` : c)).join('');
}

function edgeClass(part: Part, edge: 'first' | 'last'): string | undefined {
  // A dot after a token is usually sentence punctuation, so it never blocks a match.
  if (part.kind === 'chars') return WORD_CLASS + extraClassChars(part.set).replace('.', '');
  const samples = part.kind === 'text' ? [part.text] : part.kind === 'choice' ? part.options : [];
  const edgeChars = samples.map((s) => (edge === 'first' ? s[0] : s[s.length - 1]) ?? '');
  if (edgeChars.length > 0 && edgeChars.every((c) => /\w/.test(c))) return WORD_CLASS;
  if (edge === 'last' && edgeChars.every((c) => c === '=')) return WORD_CLASS + '=';
  return undefined;
}

/** Regex source for the value alone, without lookarounds or context. */
export function bodySource(parts: readonly Part[]): string {
  return parts.map(partSource).join('');
}

/** Regex source for a format, with lookarounds so a match is never a slice of a longer run. */
export function buildPatternSource(parts: readonly Part[], context?: readonly string[]): string {
  const first = edgeClass(parts[0], 'first');
  const last = edgeClass(parts[parts.length - 1], 'last');
  const trail = last ? `(?![${last}])` : '';
  if (!context) {
    const lead = first ? `(?<![${first}])` : '';
    return `${lead}${bodySource(parts)}${trail}`;
  }
  // Name tail, optional closing quote, an assignment operator (or a space, as in CLI flags), optional quote.
  // Adjacent classes are disjoint, so a failed attempt gives back at most a few characters.
  const name = `(?:${context.map(caseInsensitive).join('|')})[A-Za-z0-9_.\\-]{0,30}["']?`;
  // `:` may carry a type (`: str =`, `: &'static str =`, `: String =`) or open a YAML block scalar
  // (`: |` with the value indented on the next line); every repeat is bounded.
  const typed = `[ \\t]{0,3}&?(?:'[a-z_]{1,20}[ \\t]{1,3})?[A-Za-z_][\\w.]{0,30}[ \\t]{0,3}=(?![=>])`;
  const block = `[ \\t]{0,3}[|>][-+]?[ \\t]{0,3}\\r?\\n[ \\t]{1,20}`;
  const assign = `[ \\t]{0,5}(?:=>|:=|=|:(?:${typed}|${block})?|[ \\t])[ \\t]{0,5}["'\`]?`;
  const lead = first ? `(?<![${first}])` : '';
  return `${name}${assign}${lead}(?<secret>${bodySource(parts)})${trail}`;
}

function longestLiteral(parts: readonly Part[]): string[] | undefined {
  let best: string[] | undefined;
  let bestLength = 0;
  for (const part of parts) {
    const options = part.kind === 'text' ? [part.text] : part.kind === 'choice' ? [...part.options] : [];
    if (options.length === 0) continue;
    const shortest = Math.min(...options.map((o) => o.length));
    if (shortest > bestLength) {
      best = options;
      bestLength = shortest;
    }
  }
  return bestLength >= 2 ? best?.map((o) => o.toLowerCase()) : undefined;
}

export function defineRule(spec: RuleSpec): ProviderRule {
  const keywords = spec.keywords ?? spec.context ?? longestLiteral(spec.parts);
  if (!keywords || keywords.length === 0) {
    throw new Error(`rule ${spec.id}: no literal of 2+ characters to prefilter on; give keywords`);
  }
  const minEntropy = spec.minEntropy ?? (spec.context ? CONTEXT_MIN_ENTROPY : undefined);
  return {
    id: spec.id, title: spec.title, provider: spec.provider, category: spec.category, severity: spec.severity,
    keywords: [...new Set(keywords.map((k) => k.toLowerCase()))],
    pattern: new RegExp(buildPatternSource(spec.parts, spec.context), 'g'), revokeUrl: spec.revokeUrl,
    envName: spec.envName, parts: spec.parts,
    ...(spec.context ? { context: spec.context.map((c) => c.toLowerCase()) } : {}),
    ...(spec.validate ? { validate: spec.validate } : {}),
    ...(spec.checkNote ? { checkNote: spec.checkNote } : {}),
    ...(minEntropy !== undefined ? { minEntropy } : {}),
  };
}

function describePart(part: Part): string {
  switch (part.kind) {
    case 'text':
      return `\`${part.text}\``;
    case 'choice':
      return `one of ${listWords(part.options.map((o) => `\`${o}\``), 'or')}`;
    case 'chars': {
      const count = part.min === part.max ? `${part.min}` : `${part.min} to ${part.max}`;
      return `${count} ${part.set.label}`;
    }
    case 'optional':
      return `optionally (${part.parts.map(describePart).join(' and ')})`;
  }
}

function listWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length < 2) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** The format in words, without any example value (docs must not contain token-like strings). */
export function describeShape(rule: ProviderRule): string {
  const [first, ...rest] = rule.parts.map(describePart);
  const opening = rule.parts[0].kind === 'chars'
    ? `${first[0].toUpperCase()}${first.slice(1)}`
    : `Starts with ${first}`;
  const sentences = [`${[opening, ...rest].join(', then ')}.`];
  if (rule.context) {
    const words = listWords(rule.context.map((c) => `\`${c}\``), 'or');
    sentences.push(`Reported only when assigned to a name containing ${words} (any case), ` +
      'as in `NAME = value`, `name: value` or `--name value`.');
  }
  if (rule.checkNote) sentences.push(rule.checkNote);
  return sentences.join(' ');
}
