/**
 * Incremental parser for `git log -p --unified=0` output produced with LOG_PATCH_ARGS: collects the
 * added lines of each file in each commit, with their line numbers in the new file.
 */

/** Each commit starts with a NUL byte, which cannot begin a diff line, then `<sha> <committer time>`. */
export const COMMIT_MARKER = '\0';

/**
 * Arguments that pin every output detail a user's git config could change (prefixes, colour, external
 * diff drivers, textconv filters, signature output), so the parser sees one format everywhere.
 */
export const LOG_PATCH_ARGS: readonly string[] = [
  '-c',
  'core.quotePath=true',
  '-c',
  'log.showRoot=true',
  '-c',
  'diff.interHunkContext=0',
  'log',
  '-p',
  '--no-color',
  '--unified=0',
  '--no-ext-diff',
  '--no-textconv',
  '--no-show-signature',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--diff-filter=d',
  '--format=%x00%H %ct',
];

export interface AddedLines {
  commit: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  /** Path in the new tree, `/`-separated, relative to the repository root. */
  path: string;
  lines: string[];
  /** 1-based line number in the new file of each entry of `lines`. */
  lineNumbers: number[];
}

export class LogPatchParser {
  private commit = '';
  private time = 0;
  private path: string | undefined;
  private inHunk = false;
  private newLine = 0;
  private lines: string[] = [];
  private lineNumbers: number[] = [];
  private partial = '';
  /** Commits seen so far, for progress reporting. */
  commits = 0;

  constructor(private readonly onFile: (added: AddedLines) => void) {}

  /** Feeds decoded text; lines may be split anywhere between calls. */
  write(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.line(line);
  }

  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
    this.flush();
  }

  private line(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith(COMMIT_MARKER)) {
      this.flush();
      const [sha, time] = line.slice(1).split(' ');
      this.commit = sha;
      this.time = Number(time) || 0;
      this.commits++;
      this.path = undefined;
      this.inHunk = false;
      return;
    }
    if (line.startsWith('diff --git ')) {
      this.flush();
      this.path = undefined;
      this.inHunk = false;
      return;
    }
    if (!this.inHunk) {
      if (line.startsWith('+++ ')) this.path = parseNewPath(line.slice(4));
      else if (line.startsWith('@@ ')) this.startHunk(line);
      return;
    }
    switch (line[0]) {
      case '+':
        if (this.path !== undefined) {
          this.lines.push(line.slice(1));
          this.lineNumbers.push(this.newLine);
        }
        this.newLine++;
        return;
      case ' ':
        this.newLine++;
        return;
      case '-':
      case '\\':
        return;
      case '@':
        if (line.startsWith('@@ ')) this.startHunk(line);
        return;
      default:
        // A blank line or anything else ends the patch of this commit.
        this.inHunk = false;
    }
  }

  private startHunk(line: string): void {
    const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (!match) return;
    this.inHunk = true;
    this.newLine = Number(match[1]);
  }

  private flush(): void {
    if (this.path !== undefined && this.lines.length > 0) {
      this.onFile({
        commit: this.commit,
        time: this.time,
        path: this.path,
        lines: this.lines,
        lineNumbers: this.lineNumbers,
      });
    }
    this.lines = [];
    this.lineNumbers = [];
  }
}

/** `b/src/x.ts`, `"b/caf\303\251.txt"` or `/dev/null` (a deleted file) to a repository path. */
export function parseNewPath(field: string): string | undefined {
  const text = field.replace(/\t.*$/, '');
  if (text === '/dev/null') return undefined;
  const unquoted = text.startsWith('"') && text.endsWith('"') ? unquoteC(text.slice(1, -1)) : text;
  return unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
}

/** Undoes git's C-style quoting; octal escapes are UTF-8 bytes. */
export function unquoteC(text: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = text[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
