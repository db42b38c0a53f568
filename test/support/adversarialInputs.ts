// Hostile inputs for the scanner and the ordinary text they are compared with. Shared by the
// unit test that guards against super-linear scans and by scripts/bench-scan-adversarial.ts.
import { scanText } from '../../src/core/scan';

export /** Ordinary code-like text of about `size` characters. */
function ordinary(size: number): string {
  const lines = [
    'export async function load(config: Config): Promise<Item[]> {',
    '  const response = await fetch(`${config.baseUrl}/items?limit=${config.limit}`);',
    "  if (!response.ok) throw new Error('request failed: ' + response.status);",
    '  return (await response.json()) as Item[]; // the password and token live in the vault',
    '}',
  ];
  let out = '';
  for (let i = 0; out.length < size; i++) out += `${lines[i % lines.length]}\n`;
  return out.slice(0, size);
}

/** Best of `runs` wall-clock times of scanText on `text`, in ms. */
export function fastest(text: string, runs = 5, path = 'input.txt'): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    scanText(text, { path });
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export const ADVERSARIAL_CASES: [string, string][] = [
  ['one character x100k', 'a'.repeat(100_000)],
  ['newlines x100k', '\n'.repeat(100_000)],
  ['ghp_ + 35 chars, repeated', `ghp_${'A'.repeat(35)}`.repeat(2_500)],
  ['"-----BEGIN " repeated', '-----BEGIN '.repeat(10_000)],
  ['PEM headers without footers', '-----BEGIN RSA PRIVATE KEY-----'.repeat(3_000)],
  ['nested quotes', `"'`.repeat(50_000)],
  ['escaped quotes', '\\"'.repeat(50_000)],
  ['"password=" x50k', 'password='.repeat(50_000)],
  ['"password: " x10k', 'password: '.repeat(10_000)],
  ['URL credential prefixes', '://a:'.repeat(20_000)],
  ['eyJ + 100k base64url', `eyJ${'a'.repeat(100_000)}`],
  ['"Bearer " repeated', 'Bearer '.repeat(15_000)],
  ['\\u escapes in one string', `"${'\\u0041'.repeat(20_000)}"`],
  ['"eyJ-" repeated', 'eyJ-'.repeat(25_000)],
  ['"eyJ" run then a dot', `${'eyJ'.repeat(33_000)}.${'a'.repeat(20)}`],
  ['unterminated escaped string', `"${'\\"x'.repeat(33_000)}`],
  ['"api_key_" repeated', 'api_key_'.repeat(12_000)],
  ['"--requirepass " repeated', '--requirepass '.repeat(10_000)],
  ['YAML list items of a flag without its value', '- --requirepass\n'.repeat(8_000)],
  ['"requirepass" directives without values', 'requirepass \n'.repeat(10_000)],
  ['sshpass -p and an open quote, repeated', 'sshpass -p "'.repeat(10_000)],
  ['openssl flags on continued lines', 'openssl -k \\\n'.repeat(10_000)],
  ['"redis-cli -a " repeated', 'redis-cli -a '.repeat(8_000)],
  // Every literal on the line asks whether it holds a backslash: the one at the end must not be
  // searched for again from each of them.
  ['short literals, one backslash at the line end', `${'"abcdefghij", '.repeat(7_000)}"\\n"`],
  ['backslash runs before quotes', `"${'\\\\\\"'.repeat(25_000)}`],
  ['"AC" before words, repeated', 'ACCESS_LIST '.repeat(10_000)],
  ['Go DSN endings without a name', ':@tcp('.repeat(20_000)],
  // Each key looks back for its section: values and sections far apart must not multiply that.
  ['JSON "key" members with long values', `{"jwt": {\n${'  "key": "abababababababab",\n'.repeat(4_000)}}}`],
  ['YAML key lines under one section', `jwt:\n${'  key: abababababababab\n'.repeat(4_500)}`],
  ['INI key lines under one section', `[jwt]\n${'key = abababababababab\n'.repeat(4_500)}`],
  ['"Cookie: " headers without a session', 'Cookie: a=b; '.repeat(8_000)],
  ['"curl " on one long line, no -b', 'curl x '.repeat(15_000)],
  ['HAR cookie names without a value field', '"Cookie", '.repeat(10_000)],
  ['base64 "postgresql://" prefixes, repeated', 'cG9zdGdyZXNxbDov'.repeat(6_000)],
  ['plist password keys without a string', '<key>password</key>'.repeat(5_000)],
  ['Erlang tuples opened without a literal', '{password, '.repeat(9_000)],
  ['Oracle thin URLs without an @', 'oracle:thin:a/b'.repeat(7_000)],
  ["R's <- after a secret name, no literal", 'token <- '.repeat(11_000)],
  // A section line of blanks that each key walks back to; short lines keep it from looking minified.
  ['YAML section line of blanks above alternating keys', `a${' '.repeat(50_000)}b\n` +
    `${'  key: abababababababab\n   key: abababababababab\n'.repeat(10)}${'x: 1\n'.repeat(400)}`],
];

/**
 * Hostile program source: there a `;`, `?` or `&` before a name is looked at backwards for the
 * string or URL that holds it, which a plain-text scan never does.
 */
export const PROGRAM_SOURCE_CASES: [string, string][] = [
  ['braced ODBC values before ;PWD= in code', `x = "${'a={b};PWD=c'.repeat(8_000)}"`],
  ['interpolations before ;Password= in code', `x = $"${'{a}=${b};Password=c'.repeat(6_000)}"`],
  ['unclosed braces before ;token= in code', `${'{'.repeat(300)};token=x`.repeat(300)],
  ['"&token=" without a URL or a string', '&token='.repeat(12_000)],
  ['URL characters before ?token= in code', `${'/a:b@c'.repeat(60)}?token=x `.repeat(300)],
];
