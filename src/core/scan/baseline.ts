/**
 * The baseline file: findings a team has reviewed and accepted. It is written to merge well:
 * sorted, one entry per line, no line numbers, no timestamps, no secrets, no absolute paths.
 */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../files/atomicWrite';

export const DEFAULT_BASELINE_FILE = '.token-warden-baseline.json';
const FORMAT_VERSION = 1;

export interface BaselineEntry {
  /** Path relative to the scan root, with `/`. Informative: matching uses the fingerprint. */
  file: string;
  ruleId: string;
  fingerprint: string;
}

export interface Baseline {
  version: number;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Parses baseline JSON; throws BaselineError naming the file and what is wrong. */
export function parseBaseline(text: string, source = 'baseline'): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text, and a mistyped --baseline may name a secrets file.
    const conflict = /^<{7}(?: |$)/m.test(text) ? ': it has unresolved merge conflict markers' : '';
    throw new BaselineError(`${source} is not valid JSON${conflict}`);
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if (!data || typeof data !== 'object' || !Array.isArray(findings)) {
    throw new BaselineError(`${source} must be an object with a "findings" list`);
  }
  const version = (data as { version?: unknown }).version;
  if (version !== FORMAT_VERSION) {
    throw new BaselineError(
      `${source} has format version ${String(version)}; this tool reads version ${FORMAT_VERSION}`);
  }
  const entries = findings.map((entry: unknown, i): BaselineEntry => {
    const { file, ruleId, fingerprint } = (entry ?? {}) as Record<string, unknown>;
    if (typeof fingerprint !== 'string' || typeof ruleId !== 'string' || typeof file !== 'string') {
      throw new BaselineError(`${source}: entry ${i + 1} needs string "file", "ruleId" and "fingerprint"`);
    }
    return { file, ruleId, fingerprint };
  });
  return { version: FORMAT_VERSION, entries };
}

/** Sorted, de-duplicated, one entry per line, so concurrent additions rarely conflict. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const unique = new Map<string, BaselineEntry>();
  for (const { file, ruleId, fingerprint } of entries) unique.set(fingerprint, { file, ruleId, fingerprint });
  const sorted = [...unique.values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1
      : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
  const lines = sorted.map(
    (e) => `    ${JSON.stringify({ file: e.file, ruleId: e.ruleId, fingerprint: e.fingerprint })}`);
  const body = lines.length > 0 ? `\n${lines.join(',\n')}\n  ` : '';
  return `{\n  "version": ${FORMAT_VERSION},\n  "findings": [${body}]\n}\n`;
}

/** Reads a baseline file; undefined when it does not exist. */
export async function loadBaseline(file: string): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BaselineError(`cannot read baseline ${file}: ${(err as Error).message}`);
  }
  return parseBaseline(text, file);
}

/** Writes the baseline through a temporary file, so an interrupted write never truncates it. */
export async function saveBaseline(file: string, entries: readonly BaselineEntry[]): Promise<void> {
  await writeFileAtomic(file, Buffer.from(serializeBaseline(entries), 'utf8'));
}

export function baselineFingerprints(baseline: Baseline | undefined): Set<string> {
  return new Set(baseline?.entries.map((e) => e.fingerprint) ?? []);
}
