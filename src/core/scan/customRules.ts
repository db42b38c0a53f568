/**
 * User-supplied rules (settings or a config file): validated, compiled and checked for
 * patterns that could take exponential time, with errors that say what to change.
 */
import type { Rule, Severity } from './types';
import { SEVERITY_ORDER } from './types';
import { GENERIC_RULE_BY_ID } from './genericRules';

export interface CustomRuleDefinition {
  id: string;
  /** JavaScript regular expression source. A named group `secret` marks the secret part. */
  regex: string;
  /** Lower-case literals; the rule runs only on text containing one. Omit to run on every text. */
  keywords?: string[];
  severity?: Severity;
  title?: string;
}

export interface CustomRuleError {
  /** Position in the given list. */
  index: number;
  id?: string;
  message: string;
}

export interface CompiledCustomRules {
  rules: Rule[];
  errors: CustomRuleError[];
}

const MAX_PATTERN_LENGTH = 2000;

/**
 * Finds constructs whose matching time can explode: a repeated group that itself contains a
 * repetition (`(a+)+`, `(\w+\s?)*`), or several unbounded `.*` in a row. Returns a reason or undefined.
 */
export function unsafePatternReason(source: string): string | undefined {
  interface Frame { repeated: boolean; start: number }
  const stack: Frame[] = [{ repeated: false, start: 0 }];
  type Atom = { kind: 'group'; frame: Frame; start: number; end: number } | { kind: 'char'; text: string };
  let lastAtom: Atom | undefined;
  let dotRepeats = 0;

  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      lastAtom = { kind: 'char', text: source.slice(i, i + 2) };
      i++;
      continue;
    }
    if (ch === '[') {
      const start = i;
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      lastAtom = { kind: 'char', text: source.slice(start, i + 1) };
      continue;
    }
    if (ch === '(') {
      stack.push({ repeated: false, start: i });
      lastAtom = undefined;
      continue;
    }
    if (ch === ')') {
      const frame = stack.length > 1 ? (stack.pop() as Frame) : stack[0];
      if (frame.repeated) stack[stack.length - 1].repeated = true;
      lastAtom = { kind: 'group', frame, start: frame.start, end: i + 1 };
      continue;
    }
    const quantifier = /^(?:[*+]|\{\d+,\d*\})/.exec(source.slice(i, i + 12));
    if (quantifier && lastAtom) {
      const text = quantifier[0];
      const upper = /\{\d+,(\d*)\}/.exec(text)?.[1];
      const unbounded = text === '*' || text === '+' || upper === ''
        || (upper !== undefined && Number(upper) > 50);
      if (unbounded && lastAtom.kind === 'group' && lastAtom.frame.repeated) {
        const group = source.slice(lastAtom.start, lastAtom.end);
        return `nested quantifier: the repeated group ${group}${text} itself contains a repetition, so a ` +
          'near-miss input can take exponential time. Repeat the inner part only, or bound it (e.g. {1,20}).';
      }
      if (unbounded) {
        stack[stack.length - 1].repeated = true;
        if (lastAtom.kind === 'char' && /^(?:\.|\[\\s\\S\]|\\S|\[\^\\n\])$/.test(lastAtom.text)) dotRepeats++;
      }
      i += text.length - 1;
      if (source[i + 1] === '?') i++;
      lastAtom = undefined;
      continue;
    }
    lastAtom = ch === '|' || ch === '^' || ch === '$' || ch === '?' ? undefined : { kind: 'char', text: ch };
  }
  if (dotRepeats > 1) {
    return 'more than one unbounded ".*"-style repeat: on a long line the engine tries every split between ' +
      'them (quadratic time or worse). Bound them, e.g. .{0,200}.';
  }
  return undefined;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : typeof value;
}

/** Validates and compiles custom rules; invalid entries are reported and left out, never thrown. */
export function compileCustomRules(definitions: unknown): CompiledCustomRules {
  const rules: Rule[] = [];
  const errors: CustomRuleError[] = [];
  if (!Array.isArray(definitions)) {
    return { rules, errors: [{ index: -1, message: 'custom rules must be a list of {id, regex} objects' }] };
  }
  const seen = new Set<string>();
  definitions.forEach((definition: unknown, index) => {
    const fail = (message: string, id?: string) => errors.push({ index, id, message });
    if (!definition || typeof definition !== 'object') {
      return fail('expected an object with "id" and "regex"');
    }
    const { id, regex, keywords, severity, title } = definition as Record<string, unknown>;
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) {
      return fail(`"id" must be kebab-case letters, digits and dashes (got ${describe(id)})`);
    }
    if (seen.has(id) || GENERIC_RULE_BY_ID.has(id)) return fail(`rule id "${id}" is already used`, id);
    if (typeof regex !== 'string' || regex.length === 0) {
      return fail('"regex" must be a non-empty string', id);
    }
    if (regex.length > MAX_PATTERN_LENGTH) {
      return fail(`"regex" is longer than ${MAX_PATTERN_LENGTH} characters`, id);
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(regex, 'g');
    } catch (err) {
      return fail(`"regex" is not a valid JavaScript regular expression: ${(err as Error).message}`, id);
    }
    if (new RegExp(regex).test('')) {
      return fail('"regex" matches the empty string; it must match a secret', id);
    }
    const unsafe = unsafePatternReason(regex);
    if (unsafe) return fail(`"regex" is unsafe: ${unsafe}`, id);
    const badKeywords = !Array.isArray(keywords) || keywords.some((k) => typeof k !== 'string' || !k);
    if (keywords !== undefined && badKeywords) {
      return fail('"keywords" must be a list of non-empty strings', id);
    }
    if (severity !== undefined && !SEVERITY_ORDER.includes(severity as Severity)) {
      return fail(`"severity" must be one of ${SEVERITY_ORDER.join(', ')} (got ${describe(severity)})`, id);
    }
    if (title !== undefined && typeof title !== 'string') return fail('"title" must be a string', id);
    seen.add(id);
    rules.push({
      id,
      title: (title as string | undefined) ?? `Custom rule ${id}`,
      provider: 'Custom',
      category: 'generic',
      severity: (severity as Severity | undefined) ?? 'high',
      keywords: ((keywords as string[] | undefined) ?? []).map((k) => k.toLowerCase()),
      pattern,
      revokeUrl: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
      envName: id.toUpperCase().replace(/-/g, '_'),
    });
  });
  return { rules, errors };
}
