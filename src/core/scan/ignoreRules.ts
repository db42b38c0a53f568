/**
 * Which paths a scan skips: `.git/` always; by default also `node_modules/` and whatever
 * `.gitignore` and `.tokenwardenignore` files (at any depth) exclude, with git's precedence.
 */
import { existsSync, readFileSync, type Dirent } from 'node:fs';
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
  /** False under `--no-ignore`: only `.git/` is skipped. */
  readonly useIgnoreFiles: boolean;

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
    return this.matcherOf(dir, path.join(this.base, dir), () => true);
  }

  /**
   * The rules in force inside a folder a walk starts from, or undefined when the folder itself is
   * ignored. Use it for whole-tree walks: deciding an entry then costs one test per ignore file
   * on the way down, instead of re-deciding every ancestor from path strings.
   */
  folderRules(absoluteDir: string): FolderRules | undefined {
    if (this.isIgnoredAbsolute(absoluteDir, true)) return undefined;
    const rel = path.relative(this.base, absoluteDir);
    if (isOutside(rel)) return new FolderRules(this, absoluteDir, undefined, undefined);
    const segments = rel.split(path.sep).filter((s) => s !== '' && s !== '.');
    let chain: MatcherLink | undefined;
    if (this.useIgnoreFiles) {
      for (let depth = 0; depth < segments.length; depth++) {
        const dir = segments.slice(0, depth).join('/');
        const matcher = this.matcherFor(dir);
        if (matcher) chain = { matcher, strip: dir === '' ? 0 : dir.length + 1, next: chain };
      }
    }
    return new FolderRules(this, absoluteDir, segments.join('/'), chain);
  }

  /** The matcher for a folder's ignore files, reading only those its entries show to exist. */
  matcherIn(relDir: string, absoluteDir: string, entries: readonly Dirent[]): Ignore | null {
    // Only files and links to them: reading a FIFO of that name would wait forever.
    return this.matcherOf(relDir, absoluteDir, (name) =>
      entries.some((entry) => entry.name === name && (entry.isFile() || entry.isSymbolicLink())));
  }

  /** The folder's ignore files that `mayExist` lets through, read once and cached by `relDir`. */
  private matcherOf(relDir: string, absoluteDir: string, mayExist: (name: string) => boolean): Ignore | null {
    const known = this.matchers.get(relDir);
    if (known !== undefined) return known;
    let matcher: Ignore | null = null;
    for (const name of IGNORE_FILES) {
      if (!mayExist(name)) continue;
      let content: string;
      try {
        content = readFileSync(path.join(absoluteDir, name), 'utf8');
      } catch {
        continue;
      }
      matcher ??= ignore();
      matcher.add(content);
    }
    this.matchers.set(relDir, matcher);
    return matcher;
  }
}

/** An ignore file's matcher and how many characters of a base-relative path to drop for it. */
interface MatcherLink {
  matcher: Ignore;
  strip: number;
  next: MatcherLink | undefined;
}

/**
 * The rules in force inside one folder during a walk that descends only into folders that are not
 * ignored: no ancestor needs deciding again, so an entry is decided by its name and the ignore
 * files of the folders above it, deepest first as in git. Gives the answers of isIgnoredAbsolute.
 */
export class FolderRules {
  private readonly prefix: string;

  constructor(
    private readonly rules: IgnoreRules,
    readonly absolute: string,
    /** Relative to the rules' base, with `/`; undefined outside it, where nothing is ignored. */
    readonly relPath: string | undefined,
    /** Ignore files of the folders above this one (and of itself once entered), deepest first. */
    private readonly chain: MatcherLink | undefined,
  ) {
    this.prefix = relPath ? `${relPath}/` : '';
  }

  /** Adds this folder's own ignore files, given its entries. */
  entered(entries: readonly Dirent[]): FolderRules {
    if (this.relPath === undefined || !this.rules.useIgnoreFiles) return this;
    const matcher = this.rules.matcherIn(this.relPath, this.absolute, entries);
    if (!matcher) return this;
    const link = { matcher, strip: this.prefix.length, next: this.chain };
    return new FolderRules(this.rules, this.absolute, this.relPath, link);
  }

  /** The rules inside the subfolder `name` (at `absolute`), or undefined when it is ignored. */
  subfolder(name: string, absolute: string): FolderRules | undefined {
    // Outside the base a walk may lead back into it (from a folder above the repository).
    if (this.relPath === undefined) return this.rules.folderRules(absolute);
    if (this.decide(name, true)) return undefined;
    return new FolderRules(this.rules, absolute, this.prefix + name, this.chain);
  }

  ignoresFile(name: string, absolute: string): boolean {
    if (this.relPath === undefined) return this.rules.isIgnoredAbsolute(absolute, false);
    return this.decide(name, false);
  }

  private decide(name: string, isDirectory: boolean): boolean {
    if (name === '.git') return true;
    if (!this.rules.useIgnoreFiles) return false;
    if (name === 'node_modules') return true;
    const rel = this.prefix + name;
    const suffix = isDirectory ? '/' : '';
    for (let link = this.chain; link; link = link.next) {
      const result = link.matcher.test((link.strip === 0 ? rel : rel.slice(link.strip)) + suffix);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
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
