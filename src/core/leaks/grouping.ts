import { SEVERITY_ORDER, type Severity } from '../scan/types';

export type GroupMode = 'severity' | 'file';

/** What the Leaks view needs to know about one finding; masked, never the secret itself. */
export interface LeakEntry {
  /** Stable key for the tree: path + rule + position. */
  id: string;
  /** Workspace-relative path shown to the user, `/`-separated. */
  path: string;
  ruleId: string;
  title: string;
  severity: Severity;
  /** 1-based. */
  line: number;
  column: number;
  masked: string;
  /** Set for secrets found only in git history (no longer in any file). */
  history?: { commit: string; time: number };
}

export interface LeakGroup {
  key: string;
  label: string;
  entries: LeakEntry[];
}

const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const HISTORY_GROUP_KEY = 'history';
export const HISTORY_GROUP_LABEL = 'In git history only';

const byPosition = (a: LeakEntry, b: LeakEntry) =>
  a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);

/**
 * Groups current findings by severity (most severe first) or by file (alphabetical), and appends the
 * secrets that only git history still holds as a group of their own. Empty groups are left out.
 */
export function groupLeaks(
  current: readonly LeakEntry[],
  historyOnly: readonly LeakEntry[],
  mode: GroupMode,
): LeakGroup[] {
  const groups: LeakGroup[] = [];
  if (mode === 'severity') {
    for (const severity of SEVERITY_ORDER) {
      const entries = current.filter((e) => e.severity === severity).sort(byPosition);
      if (entries.length > 0)
        groups.push({ key: `severity:${severity}`, label: SEVERITY_LABELS[severity], entries });
    }
  } else {
    const byFile = new Map<string, LeakEntry[]>();
    for (const entry of current) byFile.set(entry.path, [...(byFile.get(entry.path) ?? []), entry]);
    for (const file of [...byFile.keys()].sort((a, b) => a.localeCompare(b))) {
      const severityRank = (e: LeakEntry) => SEVERITY_ORDER.indexOf(e.severity);
      const entries = byFile
        .get(file)!
        .sort((a, b) => a.line - b.line || a.column - b.column || severityRank(a) - severityRank(b));
      groups.push({ key: `file:${file}`, label: file, entries });
    }
  }
  if (historyOnly.length > 0) {
    groups.push({
      key: HISTORY_GROUP_KEY,
      label: HISTORY_GROUP_LABEL,
      entries: [...historyOnly].sort(byPosition),
    });
  }
  return groups;
}

/** "3 findings (1 critical, 2 high)" for status bar tooltips and summaries. */
export function describeCounts(entries: readonly { severity: Severity }[]): string {
  if (entries.length === 0) return 'No findings';
  const parts = SEVERITY_ORDER.map((s) => [s, entries.filter((e) => e.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return `${entries.length} finding${entries.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}
