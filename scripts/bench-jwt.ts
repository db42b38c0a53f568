// Measures what a JWT hover costs: find the token on the line, decode, analyse, render Markdown.
// Peer: JSON.parse of the same payload, the least any decoder must do. Run: npm run bench:jwt
import { performance } from 'node:perf_hooks';
import { findTokens } from '../src/core/jwt/findTokens';
import { viewTokenAt } from '../src/core/jwt/tokenAt';
import { epoch, makeHs256 } from '../test/support/jwtFactory';

function fourKilobyteToken(): { token: string; payloadJson: string } {
  const now = Date.now();
  const payload: Record<string, unknown> = {
    iss: 'https://id.example.test',
    sub: 'bench-user',
    aud: ['api', 'admin'],
    iat: epoch(now, -60),
    exp: epoch(now, 3600),
    email: 'bench@example.test',
    roles: [] as string[],
  };
  const roles = payload.roles as string[];
  for (let i = 0; makeHs256(payload).length < 4096; i++) roles.push(`role:${i}:read-write-東京-🔐`);
  return { token: makeHs256(payload), payloadJson: JSON.stringify(payload) };
}

function measure(label: string, iterations: number, run: () => void): number {
  for (let i = 0; i < Math.min(200, iterations); i++) run();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  const ms = (performance.now() - start) / iterations;
  console.log(`${label.padEnd(52)} ${ms.toFixed(4)} ms/op`);
  return ms;
}

const { token, payloadJson } = fourKilobyteToken();
const shortLine = `Authorization: Bearer ${token}`;
const longLine = `${'x'.repeat(5000)} "${token}" ${'y, '.repeat(30000)}`;
const options = { clockToleranceSeconds: 0, maxLifetimeHours: 24 };
const render = {
  maxJsonChars: 4000,
  links: [{ label: 'Verify Signature…', uri: 'command:tokenWarden.verifyJwt' }],
};

console.log(`token: ${token.length} characters; payload JSON: ${payloadJson.length} characters`);
console.log(`long line: ${longLine.length} characters, token at column ${longLine.indexOf(token)}`);
const iterations = 2000;
const hover = measure('hover decode, header line (find+decode+render)', iterations, () => {
  if (!viewTokenAt(shortLine, 30, options, render)) throw new Error('token not found');
});
const hoverLong = measure('hover decode, 95 KB line, token at column 5001', iterations, () => {
  if (!viewTokenAt(longLine, 5100, options, render)) throw new Error('token not found');
});
const miss = measure('hover on that 95 KB line away from the token', iterations, () => {
  if (viewTokenAt(longLine, 50_000, options, render)) throw new Error('unexpected token');
});
const peer = measure('peer: JSON.parse of the same payload', iterations * 5, () => {
  JSON.parse(payloadJson);
});
console.log('');
console.log(
  `ratio hover/JSON.parse: ${(hover / peer).toFixed(1)}x (header line), ` +
    `${(hoverLong / peer).toFixed(1)}x (long line), ${(miss / peer).toFixed(1)}x (miss)`,
);
console.log(`budget: well under 10 ms per hover -> ${hover < 10 && hoverLong < 10 ? 'met' : 'NOT met'}`);

// Inputs built to make a backtracking pattern go quadratic; each must stay far below a second.
console.log('');
const adversarial: [string, string][] = [
  ['"eyJ" x 100k, no dot', 'eyJ'.repeat(100_000)],
  ['"a." x 100k', 'a.'.repeat(100_000)],
  ['3 x (200k base64 chars after "ey", then dots)', `ey${'A'.repeat(200_000)}${'.'.repeat(10)}=.`.repeat(3)],
  ['1 MB minified line, token in the middle', `${'var a={"k":1};'.repeat(35_000)}"${token}"x;`],
];
let worst = 0;
for (const [label, text] of adversarial) {
  worst = Math.max(worst, measure(`findTokens, ${label}`, 3, () => findTokens(text)));
}
console.log(`budget: adversarial scans under 1000 ms -> ${worst < 1000 ? 'met' : 'NOT met'}`);
