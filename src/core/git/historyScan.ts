import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { maskSecret } from '../redact';
import type { Finding, Severity } from '../scan/types';
import { runGit, spawnGit } from './gitProcess';
import { LOG_PATCH_ARGS, LogPatchParser, type AddedLines } from './logPatchParser';

/** A secret found in an added line of some commit. Holds a hash and a masked form, never the value. */
export interface HistoryFinding {
  ruleId: string;
  title: string;
  provider: string;
  severity: Severity;
  revokeUrl: string;
  envName: string;
  /** sha256 of the secret: compares history with the current tree without keeping the value. */
  secretHash: string;
  masked: string;
  /** The oldest commit (reachable from HEAD) that added the secret. */
  commit: string;
  /** Committer time of that commit, seconds since the epoch. */
  time: number;
  path: string;
  line: number;
  /** How many commits added this secret (it may have been re-added after a removal). */
  occurrences: number;
}

export type ScanFunction = (text: string, relativePath: string) => Finding[];

export interface HistoryScanOptions {
  scan: ScanFunction;
  /** Paths (relative to the repository root) to leave out, e.g. matched by .tokenwardenignore. */
  isIgnored?: (relativePath: string) => boolean;
  signal?: AbortSignal;
  /** Called now and then with the number of commits read and the total, when known. */
  onProgress?: (commits: number, total: number | undefined) => void;
}

export interface HistoryScanResult {
  findings: HistoryFinding[];
  /** Commits reachable from HEAD, all of which were examined. */
  commits: number;
  /** Bytes of patch text read from git. */
  bytes: number;
  durationMs: number;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Scans the added lines of every commit reachable from HEAD. git produces the patches; this process
 * parses and scans them as they stream, so memory stays flat however long the history is.
 */
export async function scanGitHistory(
  repoRoot: string,
  options: HistoryScanOptions,
): Promise<HistoryScanResult> {
  const started = performance.now();
  const total = await countCommits(repoRoot, options.signal);
  const bySecret = new Map<string, HistoryFinding>();
  if (total === 0) return { findings: [], commits: 0, bytes: 0, durationMs: performance.now() - started };

  const parser = new LogPatchParser((added) => collect(added, options, bySecret));
  const child = spawnGit([...LOG_PATCH_ARGS, 'HEAD'], repoRoot);
  const abort = () => child.kill();
  options.signal?.addEventListener('abort', abort);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text.slice(0, 2000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });

  let bytes = 0;
  let lastReport = 0;
  try {
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      bytes += chunk.length;
      parser.write(chunk);
      if (options.signal?.aborted) break;
      const now = performance.now();
      if (now - lastReport > 100) {
        lastReport = now;
        options.onProgress?.(parser.commits, total);
        // Lets other work on this thread (cancellation, messages) run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    parser.end();
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  const code = await exited;
  options.signal?.throwIfAborted();
  if (code !== 0) throw new Error(`git log failed: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`);
  // --diff-filter=d hides commits that only delete files, so the parser may count fewer than rev-list.
  options.onProgress?.(total, total);

  return { findings: [...bySecret.values()], commits: total, bytes, durationMs: performance.now() - started };
}

function collect(
  added: AddedLines,
  options: HistoryScanOptions,
  bySecret: Map<string, HistoryFinding>,
): void {
  if (options.isIgnored?.(added.path)) return;
  const found = options.scan(added.lines.join('\n'), added.path);
  for (const finding of found) {
    const secretHash = hashSecret(finding.secret);
    const line = added.lineNumbers[finding.line - 1] ?? finding.line;
    const previous = bySecret.get(secretHash);
    // git log walks newest first, so the last sighting is the commit that introduced the secret.
    bySecret.set(secretHash, {
      ruleId: finding.ruleId,
      title: finding.title,
      provider: finding.provider,
      severity: finding.severity,
      revokeUrl: finding.revokeUrl,
      envName: finding.envName,
      secretHash,
      masked: maskSecret(finding.secret),
      commit: added.commit,
      time: added.time,
      path: added.path,
      line,
      occurrences: (previous?.occurrences ?? 0) + 1,
    });
  }
}

async function countCommits(repoRoot: string, signal?: AbortSignal): Promise<number> {
  try {
    return Number((await runGit(['rev-list', '--count', 'HEAD'], { cwd: repoRoot, signal })).trim()) || 0;
  } catch (error) {
    signal?.throwIfAborted();
    // A repository without commits has no HEAD yet: nothing to scan.
    if (/unknown revision|ambiguous argument 'HEAD'|does not have any commits/i.test(String(error))) return 0;
    throw error;
  }
}

export interface WorkingTreeOptions {
  scan: ScanFunction;
  isIgnored?: (relativePath: string) => boolean;
  maxFileBytes?: number;
  signal?: AbortSignal;
}

/** Hashes of the secrets in the tracked files as they are on disk now. */
export async function scanTrackedFiles(repoRoot: string, options: WorkingTreeOptions): Promise<Set<string>> {
  const listing = await runGit(['ls-files', '-z', '--cached'], { cwd: repoRoot, signal: options.signal });
  const hashes = new Set<string>();
  const maxBytes = options.maxFileBytes ?? 5 * 1024 * 1024;
  for (const relative of listing.split('\0')) {
    if (!relative || options.isIgnored?.(relative)) continue;
    options.signal?.throwIfAborted();
    const absolute = path.join(repoRoot, relative);
    let buffer: Buffer;
    try {
      const stat = await fs.stat(absolute);
      if (!stat.isFile() || stat.size > maxBytes) continue;
      buffer = await fs.readFile(absolute);
    } catch {
      continue; // Deleted in the working tree but not yet in the index.
    }
    if (buffer.subarray(0, 8000).includes(0)) continue;
    for (const finding of options.scan(buffer.toString('utf8'), relative))
      hashes.add(hashSecret(finding.secret));
  }
  return hashes;
}

/** History findings whose secret is no longer anywhere in the current tree. */
export function historyOnly(
  history: readonly HistoryFinding[],
  currentHashes: ReadonlySet<string>,
): HistoryFinding[] {
  return history
    .filter((finding) => !currentHashes.has(finding.secretHash))
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
}
