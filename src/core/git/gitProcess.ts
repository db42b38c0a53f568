import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Runs `git` without a shell. The environment keeps git from prompting for credentials and from
 * taking optional locks that would disturb the user's own git commands running at the same time.
 */
const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };

export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface RunGitOptions {
  cwd: string;
  /** Written to git's standard input (e.g. an unsaved buffer for `blame --contents -`). */
  input?: string;
  signal?: AbortSignal;
  maxBuffer?: number;
}

export function runGit(args: readonly string[], options: RunGitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      {
        cwd: options.cwd,
        env: GIT_ENV,
        encoding: 'utf8',
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        windowsHide: true,
        signal: options.signal,
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : undefined;
          // stderr names paths and refs, never file contents, so it is safe to surface.
          reject(
            new GitError(
              `git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed: ` +
                `${stderr.trim().split('\n')[0] || error.message}`,
              code,
              stderr,
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Starts a long-running git command whose output is read as a stream. */
export function spawnGit(args: readonly string[], cwd: string): ChildProcessWithoutNullStreams {
  return spawn('git', [...args], { cwd, env: GIT_ENV, windowsHide: true, stdio: 'pipe' });
}

/** The repository's top-level folder containing `folder`, or undefined when it is not in a repository. */
export async function findRepositoryRoot(folder: string): Promise<string | undefined> {
  try {
    return (await runGit(['rev-parse', '--show-toplevel'], { cwd: folder })).trim() || undefined;
  } catch {
    return undefined;
  }
}
