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

function subject(finding: MessageSubject): string {
  const title = finding.title.trim();
  if (!finding.provider || title.toLowerCase().includes(finding.provider.toLowerCase())) return title;
  return `${title} (${finding.provider})`;
}

function revokeAt(finding: MessageSubject): string {
  return finding.revokeUrl ? `at ${finding.revokeUrl}` : 'with its issuer';
}

export function leakMessage(finding: MessageSubject, origin?: CommitOrigin): string {
  if (!origin) {
    return `${subject(finding)} in source: move it to .env or SecretStorage and revoke it ${revokeAt(finding)}.`;
  }
  const when = origin.time !== undefined ? ` (${commitDate(origin.time)})` : '';
  return `${subject(finding)} is already in commit ${shortSha(origin.commit)}${when}: rotate it ${revokeAt(finding)}`
    + ' - deleting it from the file leaves it in git history. Keep the new value in .env or SecretStorage.';
}
