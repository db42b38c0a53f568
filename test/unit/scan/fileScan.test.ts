import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import {
  defaultWorkerCount, listFiles, parseBaseline, scanFiles, serializeBaseline,
} from '../../../src/core/scan';
import { fakeApiKey, fakePassword, fakePemPrivateKey } from '../../support/genericSecrets';

let root: string;
let workerScript: string;
const apiKey = fakeApiKey(80);
const password = fakePassword(81);

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tw-scanfiles-'));
  const files: Record<string, string | Buffer> = {
    '.gitignore': 'ignored/\n',
    'config/app.env': `API_KEY=${apiKey}\n`,
    'config/legacy.ini': Buffer.from(`; caf\xe9\npassword = ${password}\n`, 'latin1'),
    'keys/deploy.pem': `${fakePemPrivateKey(82)}\n`,
    'src/clean.ts': 'export const answer = 42;\n',
    'ignored/leak.env': `API_KEY=${apiKey}\n`,
    'node_modules/pkg/leak.env': `API_KEY=${apiKey}\n`,
    'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
    'big/huge.env': `API_KEY=${apiKey}\n${'#'.repeat(5000)}\n`,
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  // The worker as the extension ships it: bundled, next to nothing else.
  workerScript = path.join(root, '..', `${path.basename(root)}-worker.js`);
  await build({
    entryPoints: [path.resolve(__dirname, '../../../src/core/scan/scanWorker.ts')],
    outfile: workerScript, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    logLevel: 'silent',
  });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(workerScript, { force: true });
});

test('listFiles walks with ignore rules; --no-ignore adds node_modules and ignored folders', async () => {
  const listed = (await listFiles(root, ['.'])).map((f) => f.relative);
  assert.deepEqual(listed, ['.gitignore', 'assets/logo.png', 'big/huge.env', 'config/app.env',
    'config/legacy.ini', 'keys/deploy.pem', 'src/clean.ts']);
  const all = (await listFiles(root, ['.'], { noIgnore: true })).map((f) => f.relative);
  assert.ok(all.includes('node_modules/pkg/leak.env') && all.includes('ignored/leak.env'));
  assert.deepEqual((await listFiles(root, ['ignored/leak.env'])).map((f) => f.relative), ['ignored/leak.env'],
    'a file named explicitly is scanned');
  await assert.rejects(listFiles(root, ['nope']), /ENOENT/);
});

test('names starting with ".." are inside the root: relative paths, and ignore files apply', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-dots-'));
  try {
    await mkdir(path.join(dir, '..cache'));
    await writeFile(path.join(dir, '..cache/app.env'), `API_KEY=${apiKey}\n`);
    await writeFile(path.join(dir, '..settings.env'), `API_KEY=${apiKey}\n`);
    assert.deepEqual((await listFiles(dir, ['.'])).map((f) => f.relative),
      ['..cache/app.env', '..settings.env']);
    await writeFile(path.join(dir, '.gitignore'), '..cache/\n');
    assert.deepEqual((await listFiles(dir, ['.'])).map((f) => f.relative), ['..settings.env', '.gitignore']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('listFiles follows nested ignore files like git: deeper rules and negations win', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-nested-'));
  const files: Record<string, string> = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*.log\nbuild/\n/top-only.txt\ndocs/**/draft.md\n',
    'top-only.txt': 'x', 'notes/top-only.txt': 'x', 'debug.log': 'x',
    'build/out.js': 'x', 'src/build': 'a file, so the directory pattern build/ leaves it',
    'docs/final.md': 'x', 'docs/v1/old/draft.md': 'x',
    'pkg/.gitignore': '!keep.log\ngenerated/\n', 'pkg/keep.log': 'x', 'pkg/other.log': 'x',
    'pkg/generated/types.ts': 'x', 'pkg/deep/.tokenwardenignore': '!again.log\n', 'pkg/deep/again.log': 'x',
    'pkg-notes.md': 'x', 'node_modules/lib/index.js': 'x',
  };
  try {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), content);
    }
    const relative = async (root: string, paths: string[], noIgnore?: boolean) =>
      (await listFiles(root, paths, { noIgnore })).map((f) => f.relative);

    // A folder's files sit where the folder sorts among its siblings ('pkg' before 'pkg-notes.md').
    assert.deepEqual(await relative(dir, []), [
      '.gitignore', 'docs/final.md', 'notes/top-only.txt', 'pkg/.gitignore', 'pkg/deep/.tokenwardenignore',
      'pkg/deep/again.log', 'pkg/keep.log', 'pkg-notes.md', 'src/build',
    ]);
    assert.deepEqual(await relative(path.join(dir, 'pkg'), []),
      ['.gitignore', 'deep/.tokenwardenignore', 'deep/again.log', 'keep.log'],
      'a subfolder of a repository is scanned with the repository\'s rules');
    assert.deepEqual(await relative(dir, ['pkg/other.log', 'build/out.js', 'build']),
      ['pkg/other.log', 'build/out.js'], 'ignored files named explicitly are listed, ignored folders not');
    assert.deepEqual(await relative(dir, [], true), [
      '.gitignore', 'build/out.js', 'debug.log', 'docs/final.md', 'docs/v1/old/draft.md',
      'node_modules/lib/index.js', 'notes/top-only.txt', 'pkg/.gitignore', 'pkg/deep/.tokenwardenignore',
      'pkg/deep/again.log', 'pkg/generated/types.ts', 'pkg/keep.log', 'pkg/other.log', 'pkg-notes.md',
      'src/build', 'top-only.txt',
    ], '--no-ignore lists everything but .git');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('listFiles skips symlinks, and stops when cancelled', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-links-'));
  try {
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src/app.ts'), 'x');
    await symlink(path.join(dir, 'src'), path.join(dir, 'linked-folder'));
    await symlink(path.join(dir, 'src/app.ts'), path.join(dir, 'linked-file.ts'));
    assert.deepEqual((await listFiles(dir, [])).map((f) => f.relative), ['src/app.ts']);

    const controller = new AbortController();
    controller.abort();
    await assert.rejects(listFiles(dir, [], { signal: controller.signal }), { name: 'AbortError' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('large trees use a worker per core (up to 8), whatever the load average', () => {
  assert.equal(defaultWorkerCount(50, 8), 0, 'small trees stay in one thread');
  assert.equal(defaultWorkerCount(300, 8), 3, 'no more workers than pairs of 64-file batches');
  assert.equal(defaultWorkerCount(5000, 8), 8);
  assert.equal(defaultWorkerCount(5000, 2), 2);
  assert.equal(defaultWorkerCount(5000, 1), 0);
  assert.equal(defaultWorkerCount(5000, 64), 8);
});

test('scanFiles reports findings per file with relative paths, and counts skipped files', async () => {
  const progress: number[] = [];
  const result = await scanFiles(root, ['.'], {
    maxFileSize: 1000, onProgress: (p) => progress.push(p.filesDone), workers: 0,
  });
  assert.deepEqual(result.findings.map((f) => [f.file, f.ruleId]), [
    ['config/app.env', 'generic-api-key'],
    ['config/legacy.ini', 'generic-password'],
    ['keys/deploy.pem', 'private-key'],
  ]);
  assert.equal(result.findings[1].secret, password, 'Latin-1 file decoded');
  assert.equal(result.findings[1].line, 2);
  assert.equal(result.stats.skippedBinary, 1);
  assert.equal(result.stats.skippedTooLarge, 1);
  assert.equal(result.stats.files, 5);
  assert.deepEqual(result.errors, []);
  assert.equal(progress[progress.length - 1], 7);
});

test('baselined findings are left out and counted', async () => {
  const first = await scanFiles(root, ['config'], { workers: 0 });
  const entries = first.findings.map(({ file, ruleId, fingerprint }) => ({ file, ruleId, fingerprint }));
  const baseline = parseBaseline(serializeBaseline(entries));
  const second = await scanFiles(root, ['config'], { baseline, workers: 0 });
  assert.deepEqual(second.findings, []);
  assert.equal(second.stats.baselined, first.findings.length);
});

test('worker threads give the same findings as scanning in this thread', async () => {
  const inThread = await scanFiles(root, ['.'], { workers: 0, noIgnore: true });
  const inWorkers = await scanFiles(root, ['.'], { workers: 2, workerScript, noIgnore: true });
  assert.deepEqual(inWorkers.findings, inThread.findings);
  assert.equal(inWorkers.stats.files, inThread.stats.files);
});

test('custom rules find their tokens in worker threads as in this thread', async () => {
  const token = `acme_${fakeApiKey(83, 24).replace(/[^A-Za-z0-9]/g, '')}`;
  await writeFile(path.join(root, 'config/acme.txt'), `remote = ${token}\n`);
  try {
    const customRules = [{ id: 'acme-token', regex: 'acme_[A-Za-z0-9]{20,}', keywords: ['acme_'] }];
    const inThread = await scanFiles(root, ['config'], { workers: 0, customRules });
    const inWorkers = await scanFiles(root, ['config'], { workers: 2, workerScript, customRules });
    const acme = inWorkers.findings.filter((f) => f.ruleId === 'acme-token');
    assert.deepEqual(acme.map((f) => [f.file, f.secret]), [['config/acme.txt', token]]);
    assert.deepEqual(inWorkers.findings, inThread.findings);
  } finally {
    await rm(path.join(root, 'config/acme.txt'), { force: true });
  }
});

test('a worker that exits without answering fails the scan instead of hanging', { timeout: 60_000 },
  async () => {
    const exiting = path.join(root, '..', `${path.basename(root)}-exiting-worker.js`);
    await writeFile(exiting, 'process.exit(3);\n');
    try {
      await assert.rejects(scanFiles(root, ['.'], { workers: 1, workerScript: exiting }),
        /a scan worker stopped early \(exit code 3\)/);
    } finally {
      await rm(exiting, { force: true });
    }
  });

test('cancellation rejects with an AbortError, in this thread and in workers', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(scanFiles(root, ['.'], { signal: controller.signal, workers: 0 }),
    { name: 'AbortError' });
  const midway = new AbortController();
  await assert.rejects(
    scanFiles(root, ['.'], { signal: midway.signal, workers: 1, workerScript, noIgnore: true,
      onProgress: () => midway.abort() }),
    { name: 'AbortError' },
  );
});

test('invalid custom rules stop the scan with a clear message', async () => {
  await assert.rejects(scanFiles(root, ['.'], { customRules: [{ id: 'bad', regex: '(a+)+' }], workers: 0 }),
    /invalid custom rule: bad: "regex" is unsafe/);
});
