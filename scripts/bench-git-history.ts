// Times the git history scan on a generated repository against `git log -p` into /dev/null (the floor:
// git producing the same patches, nobody reading them). Run: npx tsx scripts/bench-git-history.ts [commits]
// The repository is built with `git fast-import` in a temp folder and removed afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { historyOnly, scanGitHistory, scanTrackedFiles } from '../src/core/git/historyScan';
import { LOG_PATCH_ARGS } from '../src/core/git/logPatchParser';
import { scanText } from '../src/core/scan';
import { fakeToken } from '../test/support/fakeTokens';
import { mulberry32 as random } from '../test/support/seededRandom';

const COMMITS = Number(process.argv[2]) || 3000;
const FILES = 150;
// The machine is shared: runs alternate floor and scan, and the best of each is the fairest comparison.
const RUNS = 5;


const CODE = [
  (i: number) => `export function handler${i}(request: Request, config: Config): Promise<Response> {`,
  (i: number) => `  const timeout${i} = config.http.timeoutMs ?? 3000; // per attempt`,
  (i: number) => `  const url = \`https://api.example.org/v1/items/\${request.params.id}?page=${i}\`;`,
  (i: number) => `  logger.debug({ item: ${i}, user: request.user.id, retried: false });`,
  () => `  return fetch(url, { method: 'GET', headers: { Accept: 'application/json' } });`,
  () => '}',
];

/** A fast-import stream: COMMITS commits over FILES files, a few secrets added and later removed. */
function buildStream(): { stream: string; planted: number; removed: number } {
  const next = random(42);
  const files: string[][] = Array.from({ length: FILES }, (_, f) =>
    Array.from({ length: 40 }, (_, i) => CODE[i % CODE.length](f * 1000 + i)),
  );
  const rules = [
    'github-pat-classic',
    'stripe-secret-key',
    'slack-bot-token',
    'aws-access-key-id',
    'openai-project-key',
  ];
  const plantAt = new Map<number, number>();
  rules.forEach((_, r) => plantAt.set(Math.floor(((r + 1) * COMMITS) / (rules.length + 2)), r));
  const removeAt = new Map<number, { file: number; line: number }>();
  const out: string[] = [];
  let planted = 0;
  let removed = 0;
  const epoch = Date.parse('2024-01-01T00:00:00Z') / 1000;

  for (let c = 1; c <= COMMITS; c++) {
    const touched = new Set<number>();
    const edits = 1 + Math.floor(next() * 3);
    for (let e = 0; e < edits; e++) {
      const f = Math.floor(next() * FILES);
      touched.add(f);
      const at = Math.floor(next() * files[f].length);
      // Planted secrets stay until their planned removal, so the expected counts hold.
      if (files[f][at].startsWith('const leaked')) continue;
      files[f][at] = CODE[Math.floor(next() * CODE.length)](c * 10 + e);
      if (next() < 0.5) files[f].splice(at, 0, CODE[0](c * 10 + e + 5));
      if (files[f].length > 120)
        files[f].splice(
          files[f].findIndex((l) => !l.startsWith('const leaked')),
          1,
        );
    }
    const rule = plantAt.get(c);
    if (rule !== undefined) {
      const f = Math.floor(next() * FILES);
      files[f].push(`const leaked${rule} = "${fakeToken(rules[rule], c)}";`);
      touched.add(f);
      planted++;
      // Three of the five are removed again a few hundred commits later: history-only secrets.
      if (rule % 2 === 0) removeAt.set(c + 300, { file: f, line: files[f].length - 1 });
    }
    const removal = removeAt.get(c);
    if (removal) {
      files[removal.file] = files[removal.file].filter((l) => !l.startsWith('const leaked'));
      touched.add(removal.file);
      removed++;
    }

    const message = `change ${c}`;
    out.push(
      `commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.test> ${epoch + c * 3600} +0000\n` +
        `data ${Buffer.byteLength(message)}\n${message}\n`,
    );
    if (c > 1) out.push(`from :${c - 1}\n`);
    for (const f of touched) {
      const content = files[f].join('\n') + '\n';
      out.push(`M 100644 inline src/module${f}.ts\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    }
  }
  return { stream: out.join(''), planted, removed };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** `git log -p` with the scan's arguments, its output sent to /dev/null, or read from a pipe and dropped. */
function gitLogFloor(repo: string, into: 'dev-null' | 'pipe'): Promise<number> {
  const started = performance.now();
  const sink = openSync('/dev/null', 'w');
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...LOG_PATCH_ARGS, 'HEAD'], {
      cwd: repo,
      stdio: ['ignore', into === 'pipe' ? 'pipe' : sink, 'inherit'],
    });
    child.stdout?.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(sink);
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`git log exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const repo = mkdtempSync(path.join(tmpdir(), 'tw-bench-history-'));
  try {
    const buildStarted = performance.now();
    spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    const { stream, planted, removed } = buildStream();
    const imported = spawnSync('git', ['fast-import', '--quiet'], {
      cwd: repo,
      input: stream,
      maxBuffer: 1 << 30,
    });
    if (imported.status !== 0) throw new Error(`fast-import failed: ${imported.stderr}`);
    spawnSync('git', ['checkout', '-q', 'main'], { cwd: repo });
    console.log(
      `repository: ${COMMITS} commits over ${FILES} files, ${planted} secrets planted, ${removed} removed ` +
        `(built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s)`,
    );

    const scan = (text: string, relativePath: string) => scanText(text, { path: relativePath });
    const floors: number[] = [];
    const pipes: number[] = [];
    const scans: number[] = [];
    let lastResult: Awaited<ReturnType<typeof scanGitHistory>> | undefined;
    for (let run = 0; run < RUNS; run++) {
      floors.push(await gitLogFloor(repo, 'dev-null'));
      pipes.push(await gitLogFloor(repo, 'pipe'));
      const result = await scanGitHistory(repo, { scan });
      scans.push(result.durationMs);
      lastResult = result;
    }
    const current = await scanTrackedFiles(repo, { scan });
    const only = historyOnly(lastResult!.findings, current);

    const floor = Math.min(...floors);
    const pipe = Math.min(...pipes);
    const full = Math.min(...scans);
    const rate = (ms: number) => Math.round(COMMITS / (ms / 1000)).toLocaleString('en-US');
    console.log(
      `patch text: ${(lastResult!.bytes / 1024 / 1024).toFixed(1)} MiB; best of ${RUNS} runs (median)`,
    );
    console.log(
      `git log -p > /dev/null (floor): ${floor.toFixed(0)} ms (${median(floors).toFixed(0)})  ` +
        `${rate(floor)} commits/s`,
    );
    console.log(
      `git log -p | (read, dropped):   ${pipe.toFixed(0)} ms (${median(pipes).toFixed(0)})  ` +
        `${rate(pipe)} commits/s`,
    );
    console.log(
      `history scan (parse + scan):    ${full.toFixed(0)} ms (${median(scans).toFixed(0)})  ` +
        `${rate(full)} commits/s, ${(full / floor).toFixed(2)}x the /dev/null floor, ` +
        `${(full / pipe).toFixed(2)}x the pipe floor`,
    );
    console.log(
      `found ${lastResult!.findings.length} distinct secrets in history, ${only.length} only in history` +
        ` (expected ${planted} and ${removed})`,
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

void main();
