// Times scanText on a generated 5,000-line source file against a plain split-into-lines pass,
// the floor for any scanner that looks at every line. Run: npx tsx scripts/bench-scan-text.ts
import { scanText } from '../src/core/scan';

function generatedSource(lines: number): string {
  const templates = [
    (i: number) => `export function handler${i}(request: Request, config: Config): Promise<Response> {`,
    (i: number) => `  const tokenExpiry${i} = config.auth.tokenExpiry ?? 3600; // seconds until refresh`,
    (i: number) => `  const url = \`https://api.example.org/v1/items/\${request.params.id}?page=${i}\`;`,
    (i: number) => `  if (!request.headers.get('authorization')) throw new Error("missing header ${i}\\n");`,
    (i: number) => `  const password = process.env.DB_PASSWORD; const hash${i} = sha256(password);`,
    (i: number) => `  logger.info({ user: request.user.id, item: ${i}, passwordChanged: false });`,
    () => `  return fetch(url, { method: 'GET', headers: { Accept: 'application/json' } });`,
    () => `}`,
  ];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(templates[i % templates.length](i));
  return out.join('\n');
}

function stats(values: number[]): { median: number; min: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0] };
}

function time(fn: () => unknown, runs: number): { median: number; min: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return stats(samples);
}

const text = generatedSource(5000);
scanText(text); // compile rules and warm up
const floor = time(() => text.split('\n').length, 50);
const lines = time(() => {
  // A per-line JavaScript pass: what any line-by-line scanner pays before matching anything.
  let n = 0;
  for (const line of text.split('\n')) n += line.toLowerCase().length;
  return n;
}, 50);
const scan = time(() => scanText(text, { path: 'src/handler.ts' }), 50);
console.log(`5,000 lines, ${(text.length / 1024).toFixed(0)} KiB (median / fastest of 50 runs)`);
console.log(`split('\\n'):                 ${floor.median.toFixed(2)} / ${floor.min.toFixed(2)} ms`);
console.log(`split + lower-case each line: ${lines.median.toFixed(2)} / ${lines.min.toFixed(2)} ms`);
console.log(`scanText:                     ${scan.median.toFixed(2)} / ${scan.min.toFixed(2)} ms` +
  `  (ratio to split ${(scan.median / floor.median).toFixed(1)}x,` +
  ` to per-line pass ${(scan.median / lines.median).toFixed(1)}x)`);
