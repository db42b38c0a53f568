/**
 * The decoded view of a token as Markdown (hover, decode document) and as plain text (CLI).
 * Every value from the token is untrusted: in Markdown it is escaped or fenced so that a claim
 * can never become a link, an image or a command; in text, control characters are made visible.
 */
import { maskSecret } from '../redact';
import {
  analyzeToken,
  describeTimeClaim,
  formatLocal,
  formatUtc,
  type AnalyzeOptions,
  type ClaimsAnalysis,
  type JwtWarning,
} from './claims';
import type { DecodedToken, JsonObject, JwtDecodeError } from './decode';

export interface RenderOptions {
  /** Minutes east of UTC for local times; defaults to this machine's zone. */
  timeZoneOffsetMinutes?: number;
  /** Longest JSON block before it is cut (hovers keep it short); unlimited when omitted. */
  maxJsonChars?: number;
  /** Command links appended at the end, e.g. "Verify Signature…". `uri` must be built by trusted code. */
  links?: { label: string; uri: string }[];
  /** Show claims that look secret unmasked. */
  showSecrets?: boolean;
  /** The caller verified the outer signature and reports the verdict itself (text view only). */
  signatureChecked?: boolean;
}

const REGISTERED: Record<string, string> = {
  iss: 'Issuer',
  sub: 'Subject',
  aud: 'Audience',
  exp: 'Expires',
  nbf: 'Not before',
  iat: 'Issued at',
  jti: 'JWT ID',
};

const STATUS_ICON: Record<ClaimsAnalysis['status'], string> = {
  valid: '✅',
  expired: '⛔',
  'not-yet-valid': '⏳',
  encrypted: '🔒',
};

// Bidi controls and C0/C1 controls would let a claim disguise itself or garble a terminal.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Token-supplied text made safe for one line of a log or a notification: controls visible,
 * newlines flattened, length capped, and `[text](target)` broken up because notifications
 * turn that syntax into clickable links.
 */
export function printable(text: string, maxChars = 200): string {
  const flat = showInvisible(text.replace(/\r\n|\r|\n|\t/g, ' ')).replace(/\]\(/g, '] (');
  return flat.length > maxChars ? `${flat.slice(0, maxChars)}…` : flat;
}

/**
 * Escapes text placed mid-line (table cells, after a list marker) so that no character forms
 * inline syntax: code, emphasis, links, images, autolinks, HTML, entities or table cells. Block
 * markers such as "#" or "-" only act at the start of a line, which escaped text never is.
 */
export function escapeMarkdown(text: string): string {
  return (
    showInvisible(text)
      .replace(/[\\`*_[\]<>|~&!@]/g, '\\$&')
      // Bare "https://x" and "www.x" become links in GFM; an escape in the scheme breaks that.
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/(?<=\bwww)\./gi, '\\.')
      .replace(/\r\n|\r|\n|\t/g, ' ')
  );
}

/** A fenced code block whose fence is longer than any backtick run inside, so content cannot close it. */
export function codeFence(content: string, language: string): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${showInvisible(content)}\n${fence}`;
}

/** Copy of a claims set with the given paths masked. */
export function maskClaims(payload: JsonObject, paths: string[][]): JsonObject {
  if (paths.length === 0) return payload;
  const copy = structuredClone(payload);
  for (const path of paths) {
    let node: unknown = copy;
    for (let i = 0; i < path.length - 1 && node && typeof node === 'object'; i++) {
      node = (node as JsonObject)[path[i]];
    }
    const last = path[path.length - 1];
    if (node && typeof node === 'object' && last in (node as JsonObject)) {
      const value = (node as JsonObject)[last];
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      (node as JsonObject)[last] = maskSecret(text);
    }
  }
  return copy;
}

function json(value: unknown, maxChars: number | undefined): string {
  const text = JSON.stringify(value, null, 2);
  if (maxChars === undefined || text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n… (${text.length - maxChars} more characters; open the decoded view)`;
}

function claimValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

interface ClaimRow {
  name: string;
  label: string;
  value: string;
}

function claimRows(payload: JsonObject, analysis: ClaimsAnalysis, options: RenderOptions): ClaimRow[] {
  const rows: ClaimRow[] = [];
  const shown = options.showSecrets ? payload : maskClaims(payload, analysis.secretPaths);
  for (const [name, label] of Object.entries(REGISTERED)) {
    if (!(name in payload)) continue;
    const seconds = analysis.times[name as 'exp' | 'nbf' | 'iat'];
    const value =
      seconds !== undefined
        ? `${formatLocal(seconds * 1000, options.timeZoneOffsetMinutes)} · ${formatUtc(seconds * 1000)} · ` +
          describeTimeClaim(name as 'exp' | 'nbf' | 'iat', seconds, analysis.now)
        : claimValue(shown[name]);
    rows.push({ name, label, value });
  }
  return rows;
}

function headline(
  token: DecodedToken,
  analysis: ClaimsAnalysis,
): { kind: string; alg: string; status: string } {
  const kind =
    token.kind === 'jwe' ? 'Encrypted JWT (JWE)' : token.payload === undefined ? 'Nested JWT' : 'JWT';
  const alg = [token.header.alg, token.header.enc]
    .filter((v) => v !== undefined)
    .map(claimValue)
    .join(' + ');
  return { kind, alg, status: analysis.summary };
}

export function renderMarkdown(
  token: DecodedToken,
  analysis: ClaimsAnalysis,
  options: RenderOptions = {},
): string {
  const out: string[] = [];
  const head = headline(token, analysis);
  const alg = head.alg ? ` \`${head.alg.replace(/`/g, "'")}\`` : '';
  out.push(`**${head.kind}**${alg} · ${STATUS_ICON[analysis.status]} ${escapeMarkdown(head.status)}`);

  if (analysis.warnings.length > 0) out.push(analysis.warnings.map(markdownWarning).join('\n'));
  out.push(...markdownBody(token, analysis, options, 0));

  if (options.links && options.links.length > 0) {
    out.push(options.links.map((l) => `[${escapeMarkdown(l.label)}](${l.uri})`).join(' · '));
  }
  return out.join('\n\n');
}

const SAFE_CODE_SPAN = /^`[\w.$: -]+`$/;

function markdownWarning(w: JwtWarning): string {
  // Warning text is ours but quotes claim names from the token. A code span is kept only when
  // its content could not form syntax even if backticks around it were mis-paired.
  return `- ⚠️ ${escapeKeepingCodeSpans(w.message)}`;
}

function escapeKeepingCodeSpans(message: string): string {
  const parts = message.split(/(`[^`]+`)/);
  return parts.map((p) => (SAFE_CODE_SPAN.test(p) ? p : escapeMarkdown(p))).join('');
}

function markdownBody(
  token: DecodedToken,
  analysis: ClaimsAnalysis,
  options: RenderOptions,
  depth: number,
): string[] {
  const out: string[] = [];
  const heading = depth === 0 ? '**Header**' : `**Header** (nested level ${depth})`;
  const header = `${heading}\n\n${codeFence(json(token.header, options.maxJsonChars), 'json')}`;

  if (token.kind === 'jws' && token.payload !== undefined) {
    // The claims table comes first: it is what a small hover has room for.
    const rows = claimRows(token.payload, analysis, options);
    if (rows.length > 0) {
      const table = ['| Claim | Value |', '|---|---|'];
      for (const row of rows) table.push(`| \`${row.name}\` ${row.label} | ${escapeMarkdown(row.value)} |`);
      out.push(table.join('\n'));
    }
    const payload = options.showSecrets ? token.payload : maskClaims(token.payload, analysis.secretPaths);
    out.push(header);
    out.push(`**Payload**\n\n${codeFence(json(payload, options.maxJsonChars), 'json')}`);
    out.push(`Signature: ${token.signatureBytes} bytes, not verified.`);
    return out;
  }

  out.push(header);
  if (token.kind === 'jwe') {
    out.push(
      `**Payload**: encrypted (${token.ciphertextBytes} bytes of ciphertext` +
        `${token.encryptedKeyBytes > 0 ? `, ${token.encryptedKeyBytes}-byte encrypted key` : ''}).`,
    );
    return out;
  }

  if (token.payload === undefined) {
    const nested = token.nested;
    if (!nested || 'error' in nested) {
      out.push(`**Payload**: a nested token that could not be decoded.`);
      return out;
    }
    const inner = analysis.inner ?? analyzeToken(nested, { now: analysis.now });
    out.push(
      `**Nested token** (\`cty: JWT\`) · ${STATUS_ICON[inner.status]} ${escapeMarkdown(inner.summary)}`,
    );
    out.push(...markdownBody(nested, inner, options, depth + 1));
  }
  return out;
}

/** Markdown for a token that does not decode, naming the broken part. */
export function renderDecodeErrorMarkdown(error: JwtDecodeError): string {
  const where = error.part === 'token' ? 'its overall shape' : `the ${error.part}`;
  return `**Not a valid JWT**: the problem is in ${where}.\n\n${escapeKeepingCodeSpans(error.message)}`;
}

/** Plain-text view for terminals. */
export function renderText(
  token: DecodedToken,
  analysis: ClaimsAnalysis,
  options: RenderOptions = {},
): string {
  const out: string[] = [];
  const head = headline(token, analysis);
  out.push(showInvisible(`${head.kind}${head.alg ? ` (${head.alg})` : ''}: ${head.status}`));
  if (analysis.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of analysis.warnings)
      out.push(showInvisible(`  ! ${w.message.replace(/`/g, '')} [${w.code}]`));
  }
  out.push(...textBody(token, analysis, options));
  return `${out.join('\n')}\n`;
}

function textBody(token: DecodedToken, analysis: ClaimsAnalysis, options: RenderOptions): string[] {
  const out: string[] = ['', 'Header:', showInvisible(json(token.header, options.maxJsonChars))];
  if (token.kind === 'jwe') {
    out.push('', `Payload: encrypted (${token.ciphertextBytes} bytes of ciphertext).`);
    return out;
  }
  if (token.payload === undefined) {
    const nested = token.nested;
    if (!nested || 'error' in nested) {
      return [...out, '', 'Payload: a nested token that could not be decoded.'];
    }
    const inner = analysis.inner ?? analyzeToken(nested, { now: analysis.now });
    return [
      ...out,
      '',
      showInvisible(`Nested token (cty: JWT): ${inner.summary}`),
      ...textBody(nested, inner, { ...options, signatureChecked: false }),
    ];
  }
  const rows = claimRows(token.payload, analysis, options);
  if (rows.length > 0) {
    out.push('', 'Claims:');
    for (const row of rows)
      out.push(showInvisible(`  ${row.name.padEnd(4)} ${row.label.padEnd(11)} ${row.value}`));
  }
  const payload = options.showSecrets ? token.payload : maskClaims(token.payload, analysis.secretPaths);
  out.push('', 'Payload:', showInvisible(json(payload, options.maxJsonChars)));
  const checked = options.signatureChecked ? '' : ', not verified';
  out.push('', `Signature: ${token.signatureBytes} bytes${checked}.`);
  return out;
}

/** Convenience for callers that have a token and settings: analyse, then render Markdown. */
export function renderTokenMarkdown(
  token: DecodedToken,
  analyze: AnalyzeOptions,
  options: RenderOptions = {},
): string {
  return renderMarkdown(token, analyzeToken(token, analyze), options);
}
