/**
 * Scanning files and folders: walks the tree with ignore rules, reads and scans every file,
 * spread over worker threads when the tree is big enough to pay for starting them.
 */
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { scanText } from './engine';
import type { Finding, Severity } from './types';
import { IgnoreRules, isOutside, type FolderRules } from './ignoreRules';
import { DEFAULT_MAX_FILE_SIZE, readFileForScan, readFileForScanSync, type ReadOutcome } from './fileReading';
import { compileCustomRules, type CustomRuleDefinition } from './customRules';
import type { Rule } from './types';
import { baselineFingerprints, type Baseline } from './baseline';

export interface FileFinding extends Finding {
  /** Path relative to the scan root, with `/`. */
  file: string;
}

export interface ScanProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
}

export interface ScanFilesOptions {
  minSeverity?: Severity;
  /** Bytes; larger files are skipped and counted. Default 10 MB. */
  maxFileSize?: number;
  /** Turns off .gitignore, .tokenwardenignore and the node_modules default; `.git/` stays skipped. */
  noIgnore?: boolean;
  /** See ListFilesOptions. */
  namedFoldersOverrideIgnores?: boolean;
  customRules?: CustomRuleDefinition[];
  /** Accepted findings: matching fingerprints are left out of `findings` and counted. */
  baseline?: Baseline;
  /** Worker threads; 0 scans in this thread. Default: defaultWorkerCount of the tree's size. */
  workers?: number;
  onProgress?: (progress: ScanProgress) => void;
  signal?: AbortSignal;
  /** The bundled worker script; default: scanWorker.js next to the running bundle, if present. */
  workerScript?: string;
}

export interface ScanStats {
  files: number;
  bytes: number;
  ms: number;
  skippedBinary: number;
  skippedTooLarge: number;
  baselined: number;
}

export interface ScanResult {
  /** Sorted by file, then position. Baselined findings are not included. */
  findings: FileFinding[];
  stats: ScanStats;
  /** Files and folders (named with a trailing `/`) that could not be read; the scan goes on without them. */
  errors: ScanError[];
  /** Every file looked at (scanned or skipped), relative to the root, sorted. */
  files: string[];
}

export interface ScanError {
  file: string;
  message: string;
}

export interface FileToScan {
  absolute: string;
  /** Relative to the scan root, with `/`. */
  relative: string;
}

/** What scanning one file yields; also the message a worker posts back. */
export interface FileOutcome {
  relative: string;
  bytes: number;
  status: 'scanned' | 'binary' | 'too-large' | 'error';
  findings: Finding[];
  error?: string;
}

export interface FileScanSettings {
  minSeverity?: Severity;
  maxFileSize: number;
  extraRules?: Rule[];
}

function outcomeOf(file: FileToScan, read: ReadOutcome, settings: FileScanSettings): FileOutcome {
  if (read.kind !== 'text') {
    return { relative: file.relative, bytes: read.bytes, status: read.kind, findings: [] };
  }
  const findings = scanText(read.text, {
    path: file.relative, minSeverity: settings.minSeverity, extraRules: settings.extraRules,
  });
  return { relative: file.relative, bytes: read.bytes, status: 'scanned', findings };
}

function failedOutcome(file: FileToScan, err: unknown): FileOutcome {
  const message = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return { relative: file.relative, bytes: 0, status: 'error', findings: [], error: message };
}

export async function scanOneFile(file: FileToScan, settings: FileScanSettings): Promise<FileOutcome> {
  try {
    return outcomeOf(file, await readFileForScan(file.absolute, settings.maxFileSize), settings);
  } catch (err) {
    return failedOutcome(file, err);
  }
}

/** For worker threads, which may block. */
export function scanOneFileSync(file: FileToScan, settings: FileScanSettings): FileOutcome {
  try {
    return outcomeOf(file, readFileForScanSync(file.absolute, settings.maxFileSize), settings);
  } catch (err) {
    return failedOutcome(file, err);
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function abortError(): Error {
  const err = new Error('scan cancelled');
  err.name = 'AbortError';
  return err;
}

export interface ListFilesOptions {
  noIgnore?: boolean;
  signal?: AbortSignal;
  /** Told how many files are listed so far, each time the walk lets other work run. */
  onListed?: (listed: number) => void;
  /**
   * Told of each folder that exists but cannot be read (no permission, a path too long), named
   * as files are, with the error code. Folders that vanish during the walk are not reported.
   */
  onUnreadableFolder?: (relative: string, code: string) => void;
  /**
   * A folder given in `paths` is walked even where ignore rules above it exclude it (its own
   * ignore files still apply), as a file given there is listed: the CLI's reading of a folder
   * named on its command line. Off, such a folder lists nothing.
   */
  namedFoldersOverrideIgnores?: boolean;
}

/**
 * How long the walk may hold the thread before letting other work run. It reads folders
 * synchronously: awaiting each read costs twice the CPU, and the CLI has nothing else to do.
 */
const WALK_SLICE_MS = 15;

/**
 * Lists the files to scan under `root` for the given paths (files or folders, relative to root
 * or absolute). Folders are walked with ignore rules; files named explicitly are always listed.
 * Throws when a given path does not exist.
 */
export async function listFiles(
  root: string, paths: readonly string[], options: ListFilesOptions = {},
): Promise<FileToScan[]> {
  const absoluteRoot = path.resolve(root);
  const rules = IgnoreRules.forRoot(absoluteRoot, { useIgnoreFiles: !options.noIgnore });
  const out: FileToScan[] = [];
  // One folder's walk never meets a file twice; overlapping paths given together can.
  const seen = paths.length > 1 ? new Set<string>() : undefined;
  const add = (absolute: string, relative: string) => {
    if (seen) {
      if (seen.has(absolute)) return;
      seen.add(absolute);
    }
    out.push({ absolute, relative });
  };
  let sliceStart = performance.now();

  const walk = async (folder: FolderRules, rootRel: string | undefined): Promise<void> => {
    if (performance.now() - sliceStart > WALK_SLICE_MS) {
      options.onListed?.(out.length);
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    if (options.signal?.aborted) throw abortError();
    let entries;
    try {
      entries = readdirSync(folder.absolute, { withFileTypes: true });
    } catch (err) {
      // Skipped, as git does, and reported, as git warns: the scan did not cover that folder.
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      if (code !== 'ENOENT') {
        options.onUnreadableFolder?.(rootRel === undefined ? toPosix(folder.absolute) : rootRel || '.', code);
      }
      return;
    }
    const here = folder.entered(entries);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const separator = here.absolute.endsWith(path.sep) ? '' : path.sep;
    for (const entry of entries) {
      const absolute = here.absolute + separator + entry.name;
      // Outside the root (a folder above it was given) paths are worked out the slow way.
      if (entry.isDirectory()) {
        const inner = here.subfolder(entry.name, absolute);
        if (!inner) continue;
        const innerRel = rootRel === undefined ? relativeToRoot(absoluteRoot, absolute) : join(rootRel, entry.name);
        await walk(inner, innerRel);
      } else if (entry.isFile() && !here.ignoresFile(entry.name, absolute)) {
        const relative = rootRel === undefined ? fileRelative(absoluteRoot, absolute) : join(rootRel, entry.name);
        add(absolute, relative);
      }
    }
  };

  for (const given of paths.length > 0 ? paths : ['.']) {
    const absolute = path.resolve(absoluteRoot, given);
    const stat = await fs.stat(absolute); // a missing path is the caller's error to report
    if (stat.isDirectory()) {
      // The root is never ignored: IgnoreRules.forRoot picks a base whose rules keep it.
      const folder = rules.folderRules(absolute) ?? (options.namedFoldersOverrideIgnores
        ? IgnoreRules.forRoot(absolute, { useIgnoreFiles: !options.noIgnore }).folderRules(absolute)
        : undefined);
      if (folder) await walk(folder, relativeToRoot(absoluteRoot, absolute));
    } else if (stat.isFile()) {
      add(absolute, fileRelative(absoluteRoot, absolute)); // a FIFO or device named here would block
    }
  }
  return out;
}

function join(folderRel: string, name: string): string {
  return folderRel === '' ? name : `${folderRel}/${name}`;
}

/** A path relative to the root, with `/`, or undefined when it lies outside the root. */
function relativeToRoot(absoluteRoot: string, absolute: string): string | undefined {
  const rel = path.relative(absoluteRoot, absolute);
  return isOutside(rel) ? undefined : toPosix(rel);
}

/** What a file is called in results: relative to the root, or its absolute path outside it. */
export function fileRelative(absoluteRoot: string, absolute: string): string {
  return relativeToRoot(absoluteRoot, absolute) ?? toPosix(absolute);
}

/** The bundled worker next to the bundle that runs this code; absent when running from sources. */
function bundledWorkerPath(): string | undefined {
  const candidate = path.join(__dirname, 'scanWorker.js');
  return existsSync(candidate) ? candidate : undefined;
}

/** Files per message to a worker: fewer, larger messages cost less to pass than they gain in balance. */
const BATCH_SIZE = 64;

/**
 * Worker threads for a scan of `files` files on a machine with `cores` logical cores: none for
 * small trees or a single core (starting a worker costs tens of milliseconds), else one per core,
 * since workers read their own files and this thread only collects results, but no more than
 * there are pairs of batches to keep them busy. Load average is deliberately ignored: in
 * containers it reports the host's load, and the scheduler shares busy cores fairly anyway.
 */
export function defaultWorkerCount(files: number, cores = availableParallelism()): number {
  if (files < 200 || cores < 2) return 0;
  return Math.min(cores, 8, Math.ceil(files / BATCH_SIZE / 2));
}

/** Scans files and folders under `root`. Rejects with an AbortError when `signal` aborts. */
export async function scanFiles(
  root: string, paths: readonly string[], options: ScanFilesOptions = {},
): Promise<ScanResult> {
  const started = performance.now();
  const compiled = compileCustomRules(options.customRules ?? []);
  if (compiled.errors.length > 0) {
    const reasons = compiled.errors.map((e) => `${e.id ?? `#${e.index + 1}`}: ${e.message}`);
    throw new Error(`invalid custom rule: ${reasons.join('; ')}`);
  }
  const settings: FileScanSettings = {
    minSeverity: options.minSeverity,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    extraRules: compiled.rules.length > 0 ? compiled.rules : undefined,
  };

  // Workers start while the tree is still being listed, so their start-up (loading the bundle,
  // compiling the rules) overlaps the walk: as soon as the tree is known to be big enough.
  const workerPath = options.workerScript ?? bundledWorkerPath();
  const pool = new WorkerPool(options.customRules);
  // As the listing grows, so may the pool, up to the count for the whole tree.
  const startWorkers = (count: number) => {
    if (workerPath && count > pool.workers.length) pool.start(workerPath, count - pool.workers.length);
  };
  if (options.workers !== undefined) startWorkers(options.workers);
  let files: FileToScan[];
  const unreadableFolders: ScanError[] = [];
  try {
    files = await listFiles(root, paths, {
      ...options, onListed: options.workers === undefined ? (listed) => startWorkers(defaultWorkerCount(listed)) : undefined,
      onUnreadableFolder: (file, message) => unreadableFolders.push({ file: `${file}/`, message }),
    });
  } catch (err) {
    pool.terminate();
    throw err;
  }
  if (options.workers === undefined) startWorkers(defaultWorkerCount(files.length));

  const outcomes: FileOutcome[] = [];
  let bytesDone = 0;
  const report = (batch: FileOutcome[]) => {
    for (const outcome of batch) {
      outcomes.push(outcome);
      bytesDone += outcome.bytes;
    }
    options.onProgress?.({ filesDone: outcomes.length, filesTotal: files.length, bytesDone });
  };

  if (pool.workers.length > 0) {
    await scanInWorkers(pool, files, options, report);
  } else {
    await scanInThread(files, settings, options.signal, report);
  }
  return summarise(outcomes, unreadableFolders, options.baseline, performance.now() - started);
}

async function scanInThread(
  files: FileToScan[], settings: FileScanSettings, signal: AbortSignal | undefined,
  report: (batch: FileOutcome[]) => void,
): Promise<void> {
  for (let i = 0; i < files.length; i += BATCH_SIZE) {
    if (signal?.aborted) throw abortError();
    // Reads overlap within a batch; scanning itself is synchronous.
    report(await Promise.all(files.slice(i, i + BATCH_SIZE).map((file) => scanOneFile(file, settings))));
  }
}

/** What a worker is started with: the custom rules the scan will use, to compile ahead. */
export interface WorkerStart {
  customRules?: CustomRuleDefinition[];
}

/** Message from the main thread to a worker. Custom rules travel as definitions and compile there. */
export interface WorkerRequest {
  files: FileToScan[];
  minSeverity?: Severity;
  maxFileSize: number;
  customRules?: CustomRuleDefinition[];
}

/**
 * Scan workers, started before there is work for them. A failure before the work arrives (a
 * worker that cannot load) is kept for whoever waits on them next.
 */
class WorkerPool {
  workers: Worker[] = [];
  private failure?: Error;
  private onFailure?: (err: Error) => void;

  /** Workers compile the engine for `customRules` as they start, before the first batch. */
  constructor(private readonly customRules: CustomRuleDefinition[] | undefined) {}

  start(script: string, count: number): void {
    const workerData: WorkerStart = { customRules: this.customRules };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { workerData });
      worker.on('error', (err) => this.fail(err));
      // A worker that ends without an error (process.exit in it, a killed thread) would otherwise
      // leave its batches unanswered and the scan waiting forever.
      worker.on('exit', (code) => this.fail(new Error(`a scan worker stopped early (exit code ${code})`)));
      this.workers.push(worker);
    }
  }

  /** Calls `handler` on the first failure, at once if there was one already. */
  whenFailed(handler: (err: Error) => void): void {
    this.onFailure = handler;
    if (this.failure) handler(this.failure);
  }

  terminate(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.onFailure?.(err);
  }
}

/** Hands out batches to the started workers and ends them when every batch is answered. */
function scanInWorkers(
  pool: WorkerPool, files: FileToScan[], options: ScanFilesOptions, report: (batch: FileOutcome[]) => void,
): Promise<void> {
  const batches: FileToScan[][] = [];
  for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push(files.slice(i, i + BATCH_SIZE));
  let next = 0;
  let pending = batches.length;

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      pool.terminate();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => finish(abortError());
    if (options.signal?.aborted) return finish(abortError());
    options.signal?.addEventListener('abort', onAbort);
    pool.whenFailed(finish);
    if (pending === 0) return finish();

    const feed = (worker: Worker) => {
      if (next >= batches.length) return;
      const request: WorkerRequest = {
        files: batches[next++], minSeverity: options.minSeverity,
        maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, customRules: options.customRules,
      };
      worker.postMessage(request);
    };
    for (const worker of pool.workers) {
      worker.on('message', (batch: FileOutcome[]) => {
        if (settled) return;
        report(batch);
        if (--pending === 0) return finish();
        feed(worker);
      });
      // Two batches in flight keep a worker busy while the main thread handles the last result.
      feed(worker);
      feed(worker);
    }
  });
}

/** The result of a scan that read nothing. */
export function emptyScanResult(): ScanResult {
  return summarise([], [], undefined, 0);
}

function summarise(
  outcomes: FileOutcome[], unreadableFolders: ScanError[], baseline: Baseline | undefined, ms: number,
): ScanResult {
  const accepted = baselineFingerprints(baseline);
  const findings: FileFinding[] = [];
  const errors: ScanError[] = [...unreadableFolders];
  const stats: ScanStats = { files: 0, bytes: 0, ms: 0, skippedBinary: 0, skippedTooLarge: 0, baselined: 0 };
  for (const outcome of outcomes) {
    if (outcome.status === 'error') {
      errors.push({ file: outcome.relative, message: outcome.error ?? 'unreadable' });
      continue;
    }
    if (outcome.status === 'binary') stats.skippedBinary++;
    else if (outcome.status === 'too-large') stats.skippedTooLarge++;
    else {
      stats.files++;
      stats.bytes += outcome.bytes;
    }
    for (const finding of outcome.findings) {
      if (accepted.has(finding.fingerprint)) stats.baselined++;
      else findings.push({ ...finding, file: outcome.relative });
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
  errors.sort((a, b) => (a.file < b.file ? -1 : 1));
  stats.ms = Math.round(ms);
  const files = outcomes.map((o) => o.relative).sort();
  return { findings, stats, errors, files };
}
