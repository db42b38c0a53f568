/**
 * Output formats for file scans: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning
 * services. Secrets are masked unless the caller asks otherwise; SARIF never carries them.
 */
import { maskSecret } from '../redact';
import type { FileFinding, ScanError, ScanResult } from './fileScan';
import type { Rule, Severity } from './types';

export type ReportFormat = 'text' | 'json' | 'sarif';

export interface ReportOptions {
  showSecrets?: boolean;
  /** Rules by id, for titles, help links and SARIF rule metadata. */
  rules: ReadonlyMap<string, Rule>;
  toolVersion: string;
}

function shownSecret(finding: FileFinding, showSecrets: boolean | undefined): string {
  return showSecrets ? finding.secret : maskSecret(finding.secret);
}

/** How text output names a file or folder that was not scanned. */
export function unreadLine(error: ScanError): string {
  return `${error.file}: could not read (${error.message})`;
}

export function formatText(result: ScanResult, options: ReportOptions): string {
  const lines = result.findings.map((f) => {
    const secret = JSON.stringify(shownSecret(f, options.showSecrets)).slice(1, -1);
    return `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.ruleId}  ${f.title}  ${secret}`;
  });
  for (const error of result.errors) lines.push(unreadLine(error));
  const { files, bytes, ms, baselined, skippedBinary, skippedTooLarge } = result.stats;
  const count = result.findings.length;
  const extras = [
    baselined ? `${baselined} accepted by baseline` : '',
    skippedBinary ? `${skippedBinary} binary skipped` : '',
    skippedTooLarge ? `${skippedTooLarge} too large skipped` : '',
    result.errors.length ? `${result.errors.length} unreadable` : '',
  ].filter(Boolean);
  const found = count === 0 ? 'No leaks found' : `${count} finding${count === 1 ? '' : 's'}`;
  lines.push(
    `${found} in ${files} file${files === 1 ? '' : 's'}` +
      ` (${formatBytes(bytes)}, ${ms} ms)${extras.length ? `; ${extras.join(', ')}` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatJson(result: ScanResult, options: ReportOptions): string {
  const findings = result.findings.map((f) => ({
    file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    ruleId: f.ruleId, title: f.title, severity: f.severity, secret: shownSecret(f, options.showSecrets),
    fingerprint: f.fingerprint,
  }));
  const { files, bytes, ms, skippedBinary, skippedTooLarge, baselined } = result.stats;
  // Skipped files are listed by count so a script can tell "clean" from "not looked at".
  const skipped = { binary: skippedBinary, tooLarge: skippedTooLarge, baselined };
  const report = { findings, stats: { files, bytes, ms }, skipped, errors: result.errors };
  return `${JSON.stringify(report, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'note',
};
/** GitHub code scanning reads this 0-10 score to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5', high: '8.0', medium: '5.5', low: '3.0',
};
const INFORMATION_URI = 'https://marketplace.visualstudio.com/items?itemName=tokenwarden.token-warden';

/**
 * A relative path as a URI reference: each segment percent-encoded, so `#`, `?` and `%` in file
 * names stay part of the path. Paths outside the root are absolute and become `file:` URIs.
 */
export function sarifArtifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const absolute = file.startsWith('/') || /^[A-Za-z]:\//.test(file);
  // A drive letter keeps its colon; anywhere else `a:` would read as a URI scheme.
  const encoded = file.split('/').map((segment, i) => (absolute && i === 0 && /^[A-Za-z]:$/.test(segment)
    ? segment : encodeURIComponent(segment))).join('/');
  if (!absolute) return { uri: encoded, uriBaseId: '%SRCROOT%' };
  return { uri: `file://${encoded.startsWith('/') ? '' : '/'}${encoded}` };
}

export function formatSarif(result: ScanResult, options: ReportOptions): string {
  const usedRuleIds = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  const rules = usedRuleIds.map((id) => {
    const rule = options.rules.get(id);
    const severity = rule?.severity ?? 'high';
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, ch: string) => ch.toUpperCase()),
      shortDescription: { text: rule?.title ?? id },
      fullDescription: { text: `${rule?.title ?? id} (${rule?.provider ?? 'Custom'}) committed in source.` },
      helpUri: rule?.revokeUrl,
      help: {
        text: `Revoke or rotate the credential, then move it out of the file: ${rule?.revokeUrl ?? ''}`,
      },
      defaultConfiguration: { level: SARIF_LEVEL[severity] },
      properties: {
        tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[severity], precision: 'high',
      },
    };
  });
  const results = result.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: usedRuleIds.indexOf(f.ruleId),
    level: SARIF_LEVEL[f.severity],
    message: {
      text: `${f.title} found. Revoke it and move it to a secret store or an environment variable.`,
    },
    locations: [{
      physicalLocation: {
        artifactLocation: sarifArtifactLocation(f.file),
        region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
      },
    }],
    partialFingerprints: { 'tokenWardenFingerprint/v1': f.fingerprint },
    properties: { 'security-severity': SECURITY_SEVERITY[f.severity] },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: { name: 'Token Warden', version: options.toolVersion, semanticVersion: options.toolVersion,
          informationUri: INFORMATION_URI, rules },
      },
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The scanned root folder.' } } },
      results,
      // Unreadable files and folders: the run did not cover them, which a clean result must not hide.
      invocations: [{
        executionSuccessful: result.errors.length === 0,
        toolExecutionNotifications: result.errors.map((e) => ({
          level: 'error',
          message: { text: `Could not read ${e.file.endsWith('/') ? 'folder' : 'file'} (${e.message}).` },
          locations: [{ physicalLocation: { artifactLocation: sarifArtifactLocation(e.file) } }],
        })),
      }],
      columnKind: 'utf16CodeUnits',
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export function formatReport(format: ReportFormat, result: ScanResult, options: ReportOptions): string {
  if (format === 'json') return formatJson(result, options);
  if (format === 'sarif') return formatSarif(result, options);
  return formatText(result, options);
}
