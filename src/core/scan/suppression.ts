/**
 * Inline suppression comments. Ours plus the forms users of gitleaks, detect-secrets and
 * secretlint already have in their code, so switching tools keeps their decisions.
 */

// `token-warden:allow` must not be read as the start of `token-warden:allow-next-line`.
const SAME_LINE =
  /token-warden:allow(?![-\w])|gitleaks:allow|pragma:\s*allowlist\s+secret|secretlint-disable-line/i;
const NEXT_LINE =
  /token-warden:allow-next-line|pragma:\s*allowlist\s+nextline\s+secret|secretlint-disable-next-line/i;

/** True when the line carries a marker that allows secrets on that same line. */
export function allowsSameLine(line: string): boolean {
  return SAME_LINE.test(line);
}

/** True when the line carries a marker that allows secrets on the line below it. */
export function allowsNextLine(line: string): boolean {
  return NEXT_LINE.test(line);
}

/** Cheap pre-check on the lower-cased text: most files carry no marker at all. */
export function mayContainSuppression(lower: string): boolean {
  return lower.includes('allow') || lower.includes('secretlint-disable');
}
