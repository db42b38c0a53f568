import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { blameArgs, parseBlamePorcelain } from '../../core/git/blame';
import { findRepositoryRoot, runGit } from '../../core/git/gitProcess';
import { hashSecret } from '../../core/git/historyScan';
import type { CommitOrigin } from '../../core/leaks/leakMessage';
import type { Log } from '../shared/log';
import type { FileLeaks, LeakStore } from './leakStore';

const MAX_PARALLEL = 2;

/**
 * Finds the commit that introduced each finding's line with `git blame`, so diagnostics can say that a
 * secret is already in history and must be rotated. Only in trusted workspaces: git runs programs a
 * repository's own config names (filters, fsmonitor), and an untrusted folder must not get to do that.
 */
export class GitOrigins {
  private readonly roots = new Map<string, Promise<string | undefined>>();
  private readonly cache = new Map<string, CommitOrigin | null>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private gitMissing = false;

  constructor(
    private readonly store: LeakStore,
    private readonly log: Log,
  ) {}

  /** Blames the lines of `leaks`; `unsavedText` is the editor buffer when it differs from disk. */
  async resolve(leaks: FileLeaks, unsavedText?: string): Promise<void> {
    if (!vscode.workspace.isTrusted || this.gitMissing || leaks.uri.scheme !== 'file') return;
    const file = leaks.uri.fsPath;
    const root = await this.repositoryRoot(path.dirname(file));
    if (!root) return;

    const version = unsavedText !== undefined ? undefined : await modifiedTime(file);
    const lineTexts = unsavedText?.split('\n');
    const keyOf = (line: number) =>
      `${file}|${line}|` +
      (lineTexts
        ? createHash('sha1')
            .update(lineTexts[line - 1] ?? '')
            .digest('hex')
        : `mtime:${version}`);
    const lines = leaks.findings.map((f) => f.line);
    const unknown = [...new Set(lines.filter((line) => !this.cache.has(keyOf(line))))];

    if (unknown.length > 0) {
      const origins = await this.limited(() => this.blame(root, file, unknown, unsavedText));
      if (!origins) return;
      for (const line of unknown) {
        const origin = origins.find((o) => o.line === line);
        this.cache.set(keyOf(line), origin?.commit ? { commit: origin.commit, time: origin.time } : null);
      }
    }

    this.store.setOrigins(
      leaks,
      leaks.findings.map((finding) => {
        const blamed = this.cache.get(keyOf(finding.line));
        if (blamed) return blamed;
        // An edited line blames as uncommitted even when the secret itself was committed before.
        const seen = this.store.historyFor(hashSecret(finding.secret));
        return seen ? { commit: seen.commit, time: seen.time } : undefined;
      }),
    );
  }

  private async blame(root: string, file: string, lines: number[], unsavedText?: string) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const started = performance.now();
    try {
      const output = await runGit(blameArgs(relative, lines, unsavedText !== undefined), {
        cwd: root,
        input: unsavedText,
      });
      const elapsed = performance.now() - started;
      if (elapsed > 500) this.log.info('leaks', `git blame of ${relative} took ${elapsed.toFixed(0)} ms`);
      return parseBlamePorcelain(output);
    } catch (error) {
      const message = String((error as Error).message ?? error);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.gitMissing = true;
        this.log.warn(
          'leaks',
          'git was not found on PATH; findings will not say whether a secret is committed',
        );
        return undefined;
      }
      // Untracked files and files outside HEAD have no history: every line is new.
      if (/no such path|no such ref|has only \d+ lines?|bad revision/i.test(message)) return [];
      this.log.warn('leaks', `git blame of ${relative} failed: ${message}`);
      return undefined;
    }
  }

  private repositoryRoot(folder: string): Promise<string | undefined> {
    let root = this.roots.get(folder);
    if (!root) {
      root = findRepositoryRoot(folder);
      this.roots.set(folder, root);
      // "Not a repository" is remembered for a while only, so a later `git init` is noticed.
      void root.then((found) => found ?? setTimeout(() => this.roots.delete(folder), 30_000).unref());
    }
    return root;
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

async function modifiedTime(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}
