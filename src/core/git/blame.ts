/**
 * Which commit introduced a line, from `git blame --porcelain`. Blame needs only line numbers, so no
 * secret ever appears on a git command line (where `ps` would show it).
 */

export interface LineOrigin {
  /** 1-based line in the blamed contents. */
  line: number;
  /** Full sha, or undefined when the line is not committed yet. */
  commit?: string;
  /** Author time of that commit, seconds since the epoch. */
  time?: number;
}

const UNCOMMITTED = /^0{40}$/;

/**
 * Arguments for blaming the given 1-based lines of `path`. With `fromStdin`, git blames the text it
 * reads on standard input (an unsaved editor buffer) against the committed history of `path`.
 */
export function blameArgs(path: string, lines: readonly number[], fromStdin: boolean): string[] {
  const unique = [...new Set(lines)].sort((a, b) => a - b);
  const args = ['blame', '--porcelain', '--no-progress'];
  if (fromStdin) args.push('--contents', '-');
  for (const line of unique) args.push('-L', `${line},${line}`);
  args.push('--', path);
  return args;
}

/** Parses porcelain output; metadata lines follow only the first occurrence of each commit. */
export function parseBlamePorcelain(output: string): LineOrigin[] {
  const times = new Map<string, number>();
  const origins: { line: number; sha: string }[] = [];
  let current: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('\t')) continue;
    const header = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/.exec(line);
    if (header) {
      current = header[1];
      origins.push({ line: Number(header[2]), sha: current });
      continue;
    }
    if (current && line.startsWith('author-time ')) times.set(current, Number(line.slice(12)));
  }
  return origins.map(({ line, sha }) =>
    UNCOMMITTED.test(sha) ? { line } : { line, commit: sha, time: times.get(sha) },
  );
}
