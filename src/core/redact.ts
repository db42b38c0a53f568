/** Masks a secret for display: keeps a short prefix that helps recognise it, hides the rest. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '*'.repeat(Math.max(secret.length, 4));
  const keep = Math.min(4, Math.floor(secret.length / 6));
  return `${secret.slice(0, keep)}${'*'.repeat(Math.min(secret.length - keep, 12))}`;
}

/**
 * Replaces every known secret value in a string before it reaches a log, a message or output.
 * Values shorter than 4 characters are not tracked: masking them would garble ordinary text.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: (string | undefined)[]): this {
    for (const value of values) {
      if (value && value.length >= 4) this.secrets.add(value);
    }
    return this;
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so that a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = replaceIgnoringCase(out, secret, maskSecret(secret));
    }
    return out;
  }
}

/**
 * Case-insensitive, because some paths change a secret's case before it reaches a message
 * (a URL parser lower-cases a host name that came from a variable).
 */
function replaceIgnoringCase(text: string, secret: string, replacement: string): string {
  const lowerText = text.toLowerCase();
  const lowerSecret = secret.toLowerCase();
  // Lower-casing can change the length of some characters; then only exact matches are safe to map.
  if (lowerText.length !== text.length || lowerSecret.length !== secret.length) {
    return text.split(secret).join(replacement);
  }
  let at = lowerText.indexOf(lowerSecret);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += text.slice(from, at) + replacement;
    from = at + secret.length;
    at = lowerText.indexOf(lowerSecret, from);
  }
  return out + text.slice(from);
}
