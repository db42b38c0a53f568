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
      if (out.includes(secret)) out = out.split(secret).join(maskSecret(secret));
    }
    return out;
  }
}
