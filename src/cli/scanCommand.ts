import { promises as fs, existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_BASELINE_FILE, DEFAULT_MAX_FILE_SIZE, SEVERITY_ORDER, allRules, loadBaseline, saveBaseline,
  scanFiles, type ScanProgress, type ScanResult, type Severity,
} from '../core/scan';
import { isOutside } from '../core/scan/ignoreRules';
import { emptyScanResult, fileRelative } from '../core/scan/fileScan';
import { formatReport, unreadLine, type ReportFormat } from '../core/scan/scanReport';

const HELP = `Usage: token-warden scan [paths...] [options]

Finds leaked credentials in files and folders (default: the current folder).
Folders are walked with .gitignore and .tokenwardenignore rules; node_modules/ and .git/ are skipped.
A folder named here is scanned even when ignore rules above it exclude it (.git/ too).

Options:
  --format text|json|sarif  Output format (default: text)
  --output FILE             Write the report to FILE instead of standard output
  --baseline FILE           Accepted findings (default: ${DEFAULT_BASELINE_FILE} in the root)
  --update-baseline         Accept every current finding into the baseline file and exit 0
  --no-ignore               Ignore .gitignore/.tokenwardenignore and scan node_modules/ (.git/ stays
                            skipped unless named)
  --show-secrets            Print secrets in full (masked by default)
  --min-severity LEVEL      Report only critical|high|medium|low and above (default: low)
  --max-file-size SIZE      Skip larger files, e.g. 500k, 20m (default: 10m)
  --jobs N                  Worker threads; 0 scans in the main thread (default: one per core,
                            at most 8, when 200 or more files are scanned)
  -h, --help                Show this help

Exit codes: 0 no findings, 1 findings remain, 2 usage error or input that was not scanned
(unreadable, missing, or a file named here that is over --max-file-size; the rest is scanned).
`;

class UsageError extends Error {}

/** `10m`, `512k`, `2000` (bytes). */
export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  if (!match) throw new UsageError(`--max-file-size: "${value}" is not a size such as 500k or 20m`);
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(match[1]) * factor);
}

interface ScanArgs {
  root: string;
  paths: string[];
  format: ReportFormat;
  output?: string;
  baseline?: string;
  updateBaseline: boolean;
  noIgnore: boolean;
  showSecrets: boolean;
  minSeverity?: Severity;
  maxFileSize: number;
  jobs?: number;
  /** Paths given that do not exist: reported as errors while the rest is scanned. */
  missing: string[];
  /** Files named on the command line that are over the size limit: not scanned, so reported. */
  tooLarge: string[];
}

function parseScanArgs(args: string[]): ScanArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'no-ignore': { type: 'boolean' },
        'show-secrets': { type: 'boolean' },
        'min-severity': { type: 'string' },
        'max-file-size': { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';

  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
  }
  const minSeverity = values['min-severity'];
  if (minSeverity !== undefined && !SEVERITY_ORDER.includes(minSeverity as Severity)) {
    throw new UsageError(`--min-severity must be one of ${SEVERITY_ORDER.join(', ')} (got "${minSeverity}")`);
  }

  const jobs = values.jobs;
  if (jobs !== undefined && !/^\d{1,3}$/.test(jobs)) {
    throw new UsageError(`--jobs must be a number of worker threads such as 4, or 0 (got "${jobs}")`);
  }

  // Paths in the report, fingerprints and the default baseline are relative to the current
  // folder, so `scan src` matches the baseline `scan .` wrote and SARIF paths match the checkout.
  // One folder outside it becomes the root instead, as `../` paths would fit neither.
  let root = process.cwd();
  let paths = positionals.length > 0 ? positionals : ['.'];
  if (paths.length === 1 && existsSync(paths[0]) && statSync(paths[0]).isDirectory()
    && isOutside(path.relative(root, path.resolve(paths[0])))) {
    root = path.resolve(paths[0]);
    paths = ['.'];
  }
  const maxFileSize = values['max-file-size'] !== undefined
    ? parseSize(values['max-file-size'])
    : DEFAULT_MAX_FILE_SIZE;
  const missing: string[] = [];
  const tooLarge: string[] = [];
  for (const given of paths) {
    const stat = statSync(path.resolve(root, given), { throwIfNoEntry: false });
    if (!stat) {
      missing.push(given);
      continue;
    }
    // Reading a named pipe or a device would wait forever or never end.
    if (!stat.isFile() && !stat.isDirectory()) throw new UsageError(`not a file or folder: ${given}`);
    if (stat.isFile() && stat.size > maxFileSize) tooLarge.push(given);
  }
  // One typo among many paths (a file deleted since a hook listed it) must not leave the rest
  // unscanned; when nothing given exists, there is nothing to scan.
  if (missing.length === paths.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  return {
    root, paths, format,
    output: values.output,
    baseline: values.baseline,
    updateBaseline: values['update-baseline'] ?? false,
    noIgnore: values['no-ignore'] ?? false,
    showSecrets: values['show-secrets'] ?? false,
    minSeverity: minSeverity as Severity | undefined,
    maxFileSize,
    jobs: jobs !== undefined ? Number(jobs) : undefined,
    missing,
    tooLarge,
  };
}

/** A path given on the command line as the report names files: relative to the root, with `/`. */
function reportName(root: string, given: string): string {
  return fileRelative(path.resolve(root), path.resolve(root, given));
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)}m`;
  return bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)}k` : String(bytes);
}

/**
 * Creates `folder` and its missing parents one at a time. Not `mkdir({ recursive: true })`: under
 * /proc, where mkdir answers ENOENT below a folder that exists, Node's version retries forever.
 */
async function createFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = folder; !existsSync(dir) && path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    missing.push(dir);
  }
  for (const dir of missing.reverse()) {
    // Another process may create it meanwhile; writing the report then tells whether it is a folder.
    await fs.mkdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
function progressBar(): { update: (p: ScanProgress) => void; clear: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update: ({ filesDone, filesTotal }) => {
      const now = Date.now();
      if (now - last < 100 && filesDone < filesTotal) return;
      last = now;
      const width = 30;
      const filled = filesTotal === 0 ? width : Math.round((filesDone / filesTotal) * width);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      process.stderr.write(`\rScanning [${bar}] ${filesDone}/${filesTotal} files`);
      drawn = true;
    },
    clear: () => {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}

function toolVersion(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** `token-warden scan`: 0 when clean, 1 when findings remain, 2 on usage or input errors. */
export async function runScan(args: string[]): Promise<number> {
  let options: ScanArgs | 'help';
  try {
    options = parseScanArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`token-warden scan: ${err.message}\nRun "token-warden scan --help" for usage.\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return 0;
  }

  // An explicit --baseline is relative to where the command runs; the default sits in the root.
  const baselineFile = options.baseline !== undefined ? path.resolve(options.baseline)
    : path.join(options.root, DEFAULT_BASELINE_FILE);
  let baseline;
  try {
    baseline = await loadBaseline(baselineFile);
  } catch (err) {
    process.stderr.write(`token-warden scan: ${(err as Error).message}\n`);
    return 2;
  }
  if (!baseline && options.baseline !== undefined && !options.updateBaseline) {
    process.stderr.write(`token-warden scan: baseline file not found: ${options.baseline}\n`);
    return 2;
  }

  const progress = process.stderr.isTTY ? progressBar() : undefined;
  // Named files over the limit are reported below as errors, not also counted as quiet skips.
  const notNamed = new Set([...options.missing, ...options.tooLarge]);
  const named = options.paths.filter((given) => !notNamed.has(given));
  let result: ScanResult;
  try {
    // No paths left means nothing to scan: scanFiles would read an empty list as the whole root.
    result = named.length === 0 ? emptyScanResult() : await scanFiles(options.root, named, {
      baseline: options.updateBaseline ? undefined : baseline,
      noIgnore: options.noIgnore,
      // `token-warden scan dist` means dist, even where .gitignore keeps it out of the repository.
      namedFoldersOverrideIgnores: true,
      // The baseline accepts every finding, or a later scan without the filter reports the rest.
      minSeverity: options.updateBaseline ? undefined : options.minSeverity,
      maxFileSize: options.maxFileSize,
      workers: options.jobs,
      onProgress: progress?.update,
    });
  } finally {
    progress?.clear();
  }
  // One entry per file however it was spelled: `gone.env ./gone.env` is one missing file.
  const notScanned = new Map([
    ...options.missing.map((given) => [reportName(options.root, given), 'ENOENT'] as const),
    ...options.tooLarge.map((given) => [reportName(options.root, given),
      `larger than --max-file-size ${formatSize(options.maxFileSize)}`] as const),
  ]);
  result.errors.push(...[...notScanned].map(([file, message]) => ({ file, message })));
  result.errors.sort((a, b) => (a.file < b.file ? -1 : 1));

  if (options.updateBaseline) {
    // Entries for files outside this scan stay: updating from one folder must not forget the rest.
    // So do those of files that could not be read this time.
    const unreadable = new Set(result.errors.map((error) => error.file));
    const scanned = new Set(result.files.filter((file) => !unreadable.has(file)));
    const kept = (baseline?.entries ?? []).filter((entry) => !scanned.has(entry.file));
    const current = result.findings.map(({ file, ruleId, fingerprint }) => ({ file, ruleId, fingerprint }));
    await saveBaseline(baselineFile, [...kept, ...current]);
    // No report is printed here, so the errors are, or exit 2 would come without a reason.
    for (const error of result.errors) process.stderr.write(`${unreadLine(error)}\n`);
    const accepted = new Set(current.map((f) => f.fingerprint)).size;
    const shownPath = path.relative(process.cwd(), baselineFile) || baselineFile;
    process.stderr.write(`Baseline ${shownPath}: ${accepted} finding(s) accepted.\n`);
    return result.errors.length > 0 ? 2 : 0;
  }

  const rules = new Map(allRules().map((rule) => [rule.id, rule]));
  const report = formatReport(options.format, result, {
    showSecrets: options.showSecrets, rules, toolVersion: toolVersion(),
  });
  if (options.output) {
    try {
      await createFolder(path.dirname(path.resolve(options.output)));
      await fs.writeFile(options.output, report, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      process.stderr.write(`token-warden scan: cannot write the report to ${options.output} (${reason})\n`);
      return 2;
    }
  } else {
    process.stdout.write(report);
  }
  if (result.errors.length > 0) return 2;
  return result.findings.length > 0 ? 1 : 0;
}
