import type { Environment } from './model';

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)\s*/;

/**
 * Removes the assignments of `names` from a `.env` text and keeps every other byte: comments,
 * blank lines, order, line endings. A quoted value spanning several lines goes with its key.
 */
export function removeDotenvKeys(text: string, names: Iterable<string>): { text: string; removed: string[] } {
  const remove = new Set(names);
  const lines = text.split(/(?<=\n)/);
  const out: string[] = [];
  const removed = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec(lines[i]);
    if (!match || !remove.has(match[1])) {
      out.push(lines[i]);
      continue;
    }
    removed.add(match[1]);
    i = lastLineOfValue(lines, i, match[0].length);
  }
  return { text: out.join(''), removed: [...removed] };
}

/** For a quoted value left open on line `start`, the line where its closing quote is. */
function lastLineOfValue(lines: string[], start: number, valueOffset: number): number {
  // Not a quoted value dotenv accepts: it reads only the first line, so only that line is removed.
  return closingQuoteLine(lines, start, valueOffset) ?? start;
}

/**
 * The line of the quote that closes the value starting at `valueOffset`, as dotenv reads it: the
 * first unescaped matching quote, followed only by blanks or a comment. Undefined when there is none.
 */
function closingQuoteLine(lines: string[], start: number, valueOffset: number): number | undefined {
  const quote = lines[start][valueOffset];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  let line = start;
  let pos = valueOffset + 1;
  while (line < lines.length) {
    const text = lines[line];
    for (; pos < text.length; pos++) {
      if (text[pos] === '\\' && text[pos + 1] === quote) pos++;
      else if (text[pos] === quote) return AFTER_CLOSING_QUOTE.test(text.slice(pos + 1)) ? line : undefined;
    }
    line++;
    pos = 0;
  }
  return undefined;
}

const AFTER_CLOSING_QUOTE = /^[ \t]*(?:#.*)?\r?\n?$/;

/**
 * Assignments whose value opens a quote that is never closed (a half-written file): 1-based line
 * and column of the opening quote. dotenv would read such a value as literal text.
 */
export function unterminatedQuotes(text: string): { name: string; line: number; column: number }[] {
  const lines = text.split(/(?<=\n)/);
  const found: { name: string; line: number; column: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec(lines[i]);
    const quote = match ? lines[i][match[0].length] : undefined;
    if (!match || (quote !== '"' && quote !== "'" && quote !== '`')) continue;
    const end = closingQuoteLine(lines, i, match[0].length);
    if (end !== undefined) {
      i = end;
      continue;
    }
    const rest = lines[i].slice(match[0].length).trimEnd();
    if (rest.length < 2 || !rest.endsWith(quote)) {
      found.push({ name: match[1], line: i + 1, column: match[0].length + 1 });
    }
  }
  return found;
}

/** `.env.example` for an environment: every name, no value. */
export function envExample(envName: string, env: Environment): string {
  const lines = [
    `# Names used by the "${envName}" environment of Token Warden. Values are not included:`,
    '# variables are in .vscode/token-warden.json, secrets in VS Code SecretStorage.',
  ];
  const variables = Object.keys(env.variables).sort();
  const credentials = Object.keys(env.credentials).sort();
  if (variables.length > 0) lines.push('', '# Variables', ...variables.map((n) => `${n}=`));
  if (credentials.length > 0) lines.push('', '# Secrets', ...credentials.map((n) => `${n}=`));
  return lines.join('\n') + '\n';
}
