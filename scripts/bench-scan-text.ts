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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const text = generatedSource(5000);
if (process.env.DUMP) require("node:fs").writeFileSync(process.env.DUMP, text);
scanText(text); // compile rules and warm up
const floor = time(() => text.split('\n').length, 50);
const scan = time(() => scanText(text, { path: 'src/handler.ts' }), 50);
console.log(`5,000 lines, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`split('\\n') floor: ${floor.toFixed(2)} ms`);
console.log(`scanText:          ${scan.toFixed(2)} ms  (ratio ${(scan / floor).toFixed(1)}x)`);
