/**
 * Which paths a scan skips: `.git/` always; by default also `node_modules/` and whatever
 * `.gitignore` and `.tokenwardenignore` files (at any depth) exclude, with git's precedence.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const IGNORE_FILES = ['.gitignore', '.tokenwardenignore'] as const;

export interface IgnoreOptions {
  /** false turns off every rule except skipping `.git/` (the CLI's `--no-ignore`). */
  useIgnoreFiles?: boolean;
}

/** True when a path.relative result leaves its base (`..hidden` is a name inside it). */
export function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

export class IgnoreRules {
  private readonly matchers = new Map<string, Ignore | null>();
  private readonly ignoredDirs = new Map<string, boolean>();
  private readonly useIgnoreFiles: boolean;

  /** `base` is the directory the rules are read from (the repository root, usually). */
  constructor(readonly base: string, options: IgnoreOptions = {}) {
    this.useIgnoreFiles = options.useIgnoreFiles ?? true;
  }

  /** Uses the enclosing git repository's root as base when there is one, so its rules apply. */
  static forRoot(root: string, options: IgnoreOptions = {}): IgnoreRules {
    let dir = path.resolve(root);
    for (;;) {
      if (existsSync(path.join(dir, '.git'))) {
        const repository = new IgnoreRules(dir, options);
        // A folder the repository ignores is not part of it (a generated sample, a nested checkout
        // under an ignored path): scanning it on purpose reads its own rules, not the parent's.
        if (!repository.isIgnoredAbsolute(root, true)) return repository;
        return new IgnoreRules(path.resolve(root), options);
      }
      const parent = path.dirname(dir);
      if (parent === dir) return new IgnoreRules(path.resolve(root), options);
      dir = parent;
    }
  }

  /** `relPath` is relative to `base`, with `/`. */
  isIgnored(relPath: string, isDirectory = false): boolean {
    const segments = relPath.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.length === 0) return false;
    if (segments.includes('.git')) return true;
    if (!this.useIgnoreFiles) return false;
    if (segments.includes('node_modules')) return true;
    for (let k = 1; k < segments.length; k++) {
      if (this.isIgnoredDir(segments.slice(0, k).join('/'))) return true;
    }
    return this.decide(segments, isDirectory);
  }

  /** Same as isIgnored, for an absolute path; paths outside `base` are never ignored. */
  isIgnoredAbsolute(absolutePath: string, isDirectory = false): boolean {
    const rel = path.relative(this.base, absolutePath);
    if (isOutside(rel)) return false;
    return this.isIgnored(rel.split(path.sep).join('/'), isDirectory);
  }

  private isIgnoredDir(dir: string): boolean {
    let ignored = this.ignoredDirs.get(dir);
    if (ignored === undefined) {
      ignored = this.decide(dir.split('/'), true);
      this.ignoredDirs.set(dir, ignored);
    }
    return ignored;
  }

  /** The deepest ignore file with an opinion wins, as in git. */
  private decide(segments: string[], isDirectory: boolean): boolean {
    for (let depth = segments.length - 1; depth >= 0; depth--) {
      const matcher = this.matcherFor(segments.slice(0, depth).join('/'));
      if (!matcher) continue;
      const rel = segments.slice(depth).join('/') + (isDirectory ? '/' : '');
      const result = matcher.test(rel);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }

  private matcherFor(dir: string): Ignore | null {
    let matcher = this.matchers.get(dir);
    if (matcher !== undefined) return matcher;
    matcher = null;
    for (const name of IGNORE_FILES) {
      let content: string;
      try {
        content = readFileSync(path.join(this.base, dir, name), 'utf8');
      } catch {
        continue;
      }
      matcher ??= ignore();
      matcher.add(content);
    }
    this.matchers.set(dir, matcher);
    return matcher;
  }
}

/**
 * One-off check for a path relative to `root` (reads the ignore files each time; keep an
 * IgnoreRules instance when checking many paths).
 */
export function isIgnored(root: string, relPath: string, options: IgnoreOptions = {}): boolean {
  const rules = IgnoreRules.forRoot(root, options);
  return rules.isIgnoredAbsolute(path.resolve(root, relPath), false);
}
