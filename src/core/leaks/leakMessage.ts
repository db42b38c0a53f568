/** Diagnostic text for a finding. Built only from rule metadata and git facts: the secret never enters it. */

export interface MessageSubject {
  title: string;
  provider: string;
  revokeUrl: string;
}

export interface CommitOrigin {
  commit: string;
  /** Seconds since the epoch. */
  time?: number;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** `2026-11-02`, in UTC so every machine prints the same date for a commit. */
export function commitDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/**
 * Generic detectors and custom rules have no issuer to name: their link is general advice on rotating
 * a secret, not a revocation page.
 */
export function hasIssuer(finding: Pick<MessageSubject, 'provider'>): boolean {
  return !!finding.provider && !/^(generic|custom)$/i.test(finding.provider);
}

function subject(finding: MessageSubject): string {
  const title = finding.title.trim();
  if (!hasIssuer(finding) || title.toLowerCase().includes(finding.provider.toLowerCase())) return title;
  return `${title} (${finding.provider})`;
}

function revokeAt(finding: MessageSubject): string {
  if (!finding.revokeUrl) return 'with its issuer';
  return hasIssuer(finding) ? `at ${finding.revokeUrl}` : `wherever it is issued (see ${finding.revokeUrl})`;
}

/** `.env`, `.env.local`, `.env.production`: where secrets belong, but not when git tracks them. */
function isDotenvFile(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return /^\.env(\.[\w-]+)?$/i.test(base) && !/\.(example|sample|template|dist)$/i.test(base);
}

/** `fileName` (a path or base name) tailors the advice: "move it to .env" is no help inside `.env`. */
export function leakMessage(finding: MessageSubject, origin?: CommitOrigin, fileName?: string): string {
  if (!origin && fileName && isDotenvFile(fileName)) {
    // Ignored files are not scanned, so a finding here usually means git would pick the file up.
    return (
      `${subject(finding)} in a .env file: make sure git ignores it (.gitignore), ` +
      `and revoke it ${revokeAt(finding)} if the file was ever committed or shared.`
    );
  }
  if (!origin) {
    return (
      `${subject(finding)} in source: move it to .env or SecretStorage ` +
      `and revoke it ${revokeAt(finding)}.`
    );
  }
  const when = origin.time !== undefined ? ` (${commitDate(origin.time)})` : '';
  return (
    `${subject(finding)} is already in commit ${shortSha(origin.commit)}${when}: ` +
    `rotate it ${revokeAt(finding)}` +
    ' - deleting it from the file leaves it in git history. Keep the new value in .env or SecretStorage.'
  );
}
