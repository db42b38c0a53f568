import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fakeApiKey, fakePassword } from '../../support/genericSecrets';
import { fakeToken } from '../../support/fakeTokens';

// End to end: the real CLI in a child process over a temporary tree with fresh fake secrets.
const repo = path.resolve(__dirname, '..', '..', '..');
// Absolute, so the child can run from the temporary tree where `tsx` does not resolve.
const tsxLoader = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
const canaryKey = fakeApiKey(100, 40);
const canaryPassword = fakePassword(101);
let root: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function scan(args: string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    const argv = ['--import', tsxLoader, path.join(repo, 'src/cli/main.ts'), 'scan', ...args];
    // A hung CLI is killed, so a test fails rather than hangs the run.
    execFile(process.execPath, argv, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tw-cli-scan-'));
  await mkdir(path.join(root, 'config'), { recursive: true });
  await writeFile(path.join(root, 'config/app.env'), `# settings\nAPI_KEY=${canaryKey}\n`);
  await writeFile(path.join(root, 'config/db.yaml'), `db:\n  password: "${canaryPassword}"\n`);
  await writeFile(path.join(root, 'README.md'), '# nothing to see\n');
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

function assertNoCanary(run: Run): void {
  for (const output of [run.stdout, run.stderr]) {
    assert.ok(!output.includes(canaryKey) && !output.includes(canaryPassword), 'a secret reached the output');
    assert.ok(!output.includes(canaryKey.slice(4, 14)), 'a large part of a secret reached the output');
  }
}

test('json output: shape, relative paths, masked secrets, exit 1 when findings remain', async () => {
  const run = await scan(['.', '--format', 'json']);
  assert.equal(run.code, 1, run.stderr);
  assertNoCanary(run);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(report.findings.map((f: { file: string; line: number; column: number; ruleId: string }) =>
    [f.file, f.line, f.column, f.ruleId]), [
    ['config/app.env', 2, 9, 'generic-api-key'],
    ['config/db.yaml', 2, 14, 'generic-password'],
  ]);
  assert.equal(report.stats.files, 3);
  assert.ok(report.stats.bytes > 0);
});

test('--show-secrets prints them; text output has one line per finding and a summary', async () => {
  const shown = await scan(['--show-secrets']);
  assert.equal(shown.code, 1);
  assert.ok(shown.stdout.includes(canaryKey));
  const text = await scan([]);
  assertNoCanary(text);
  assert.match(text.stdout, /^config\/app\.env:2:9 {2}medium {2}generic-api-key/m);
  assert.match(text.stdout, /2 findings in 3 files/);
  assert.equal(text.stderr, '', 'no progress bar when stderr is not a terminal');
});

test('sarif to --output FILE; --min-severity filters', async () => {
  const out = path.join(root, '..', `${path.basename(root)}.sarif`);
  try {
    const run = await scan(['--format', 'sarif', '--output', out]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const sarif = JSON.parse(await readFile(out, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, 2);
    assert.ok(!JSON.stringify(sarif).includes(canaryKey));
  } finally {
    await rm(out, { force: true });
  }
  const high = await scan(['--min-severity', 'high', '--format', 'json']);
  assert.equal(high.code, 0);
  assert.deepEqual(JSON.parse(high.stdout).findings, []);
});

test('--update-baseline accepts current findings; scans exit 0 until a new secret appears', async () => {
  const update = await scan(['--update-baseline']);
  assert.equal(update.code, 0, update.stderr);
  const baselineText = await readFile(path.join(root, '.token-warden-baseline.json'), 'utf8');
  assert.ok(!baselineText.includes(canaryKey) && !/"line"/.test(baselineText));
  try {
    assert.equal((await scan([])).code, 0);
    // Moving the secret down does not revive it.
    await writeFile(path.join(root, 'config/app.env'), `# settings\n\n# moved\nAPI_KEY=${canaryKey}\n`);
    assert.equal((await scan([])).code, 0);
    await writeFile(path.join(root, 'config/new.env'), `TOKEN=${fakeApiKey(102, 40)}\n`);
    const fresh = await scan(['--format', 'json']);
    assert.equal(fresh.code, 1);
    const files = JSON.parse(fresh.stdout).findings.map((f: { file: string }) => f.file);
    assert.deepEqual(files, ['config/new.env']);
  } finally {
    await rm(path.join(root, '.token-warden-baseline.json'), { force: true });
    await rm(path.join(root, 'config/new.env'), { force: true });
  }
});

test('--update-baseline on one folder keeps the entries of files outside it', async () => {
  await mkdir(path.join(root, 'other'), { recursive: true });
  await writeFile(path.join(root, 'other/keys.env'), `SECRET_TOKEN=${fakeApiKey(103, 40)}\n`);
  try {
    assert.equal((await scan(['--update-baseline'])).code, 0);
    // Accept a new finding under config/ only; other/ was accepted before and must stay so.
    await writeFile(path.join(root, 'config/extra.env'), `TOKEN=${fakeApiKey(104, 40)}\n`);
    const partial = await scan(['config', 'README.md', '--update-baseline']);
    assert.equal(partial.code, 0, partial.stderr);
    const run = await scan(['--format', 'json']);
    assert.equal(run.code, 0, run.stdout);
  } finally {
    await rm(path.join(root, 'other'), { recursive: true, force: true });
    await rm(path.join(root, 'config/extra.env'), { force: true });
    await rm(path.join(root, '.token-warden-baseline.json'), { force: true });
  }
});

test('--update-baseline with a missing or over-size named path says why it exits 2, and keeps their entries',
  async () => {
    await writeFile(path.join(root, 'big.env'), `API_KEY=${canaryKey}\n${'# padding\n'.repeat(300)}`);
    try {
      assert.equal((await scan(['config', 'big.env', '--update-baseline'])).code, 0);
      const update = await scan(['config', 'gone.env', 'big.env', '--max-file-size', '2k', '--update-baseline']);
      assert.equal(update.code, 2);
      assertNoCanary(update);
      assert.match(update.stderr, /^gone\.env: could not read \(ENOENT\)$/m);
      assert.match(update.stderr, /^big\.env: could not read \(larger than --max-file-size 2k\)$/m);
      const baseline = await readFile(path.join(root, '.token-warden-baseline.json'), 'utf8');
      assert.ok(!baseline.includes(canaryKey));
      assert.match(baseline, /"file":"big\.env"/, 'the entry of a file not scanned this time stays');
    } finally {
      await rm(path.join(root, 'big.env'), { force: true });
      await rm(path.join(root, '.token-warden-baseline.json'), { force: true });
    }
  });

test('exit 2 for bad arguments, a missing path, a broken baseline; --help exits 0', async () => {
  const bad = await scan(['--format', 'xml']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format must be text, json or sarif/);
  assert.equal((await scan(['--no-such-flag'])).code, 2);
  assert.equal((await scan(['--max-file-size', 'huge'])).code, 2);
  const missing = await scan(['does-not-exist']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder: does-not-exist/);
  await writeFile(path.join(root, 'broken.json'), '{');
  try {
    const broken = await scan(['--baseline', 'broken.json']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /not valid JSON/);
  } finally {
    await rm(path.join(root, 'broken.json'), { force: true });
  }
  const help = await scan(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--update-baseline/);
});

test('a missing path among others and a named file over the size limit are reported; the rest is scanned',
  async () => {
    await writeFile(path.join(root, 'big.log'), `token=${canaryKey}\n${'x'.repeat(3000)}\n`);
    try {
      const run = await scan(['--format', 'json', '--max-file-size', '2k', 'gone.env', 'config', 'big.log',
        './gone.env', 'big.log']);
      assert.equal(run.code, 2, run.stderr);
      assertNoCanary(run);
      const report = JSON.parse(run.stdout) as {
        findings: { file: string }[]; skipped: { tooLarge: number }; errors: { file: string; message: string }[];
      };
      assert.deepEqual([...new Set(report.findings.map((f) => f.file))].sort(), ['config/app.env', 'config/db.yaml']);
      assert.deepEqual(report.errors, [
        { file: 'big.log', message: 'larger than --max-file-size 2k' },
        { file: 'gone.env', message: 'ENOENT' },
      ]);
      assert.equal(report.skipped.tooLarge, 0, 'a named file over the limit is an error, not also a quiet skip');
      const alone = await scan(['--max-file-size', '2k', 'big.log']);
      assert.equal(alone.code, 2);
      assert.match(alone.stdout, /^No leaks found in 0 files \(0 B, \d+ ms\); 1 unreadable\.$/m);
      // The same file inside a scanned folder is skipped quietly, as everything over the limit is.
      assert.equal((await scan(['--max-file-size', '2k', 'config'])).code, 1);
    } finally {
      await rm(path.join(root, 'big.log'), { force: true });
    }
  });

test('a folder named on the command line is scanned even where .gitignore excludes it', async () => {
  await mkdir(path.join(root, 'build'), { recursive: true });
  await writeFile(path.join(root, '.gitignore'), 'build/\n');
  await writeFile(path.join(root, 'build/deploy.env'), `API_KEY=${canaryKey}\n`);
  try {
    const whole = JSON.parse((await scan(['--format', 'json'])).stdout) as { findings: { file: string }[] };
    assert.ok(!whole.findings.some((f) => f.file.startsWith('build/')), 'an ignored folder stays out of `scan .`');
    const named = await scan(['build', '--format', 'json']);
    assert.equal(named.code, 1, named.stderr);
    assertNoCanary(named);
    const report = JSON.parse(named.stdout) as { findings: { file: string; ruleId: string }[] };
    assert.deepEqual(report.findings.map((f) => [f.file, f.ruleId]), [['build/deploy.env', 'generic-api-key']]);
  } finally {
    await rm(path.join(root, 'build'), { recursive: true, force: true });
    await rm(path.join(root, '.gitignore'), { force: true });
  }
});

test('--output creates missing folders; a report that cannot be written is a clear error', async () => {
  const written = await scan(['config', '--format', 'sarif', '--output', 'reports/nested/scan.sarif']);
  assert.equal(written.code, 1, written.stderr);
  const sarif = JSON.parse(await readFile(path.join(root, 'reports/nested/scan.sarif'), 'utf8'));
  assert.equal(sarif.runs[0].results.length, 2);
  await writeFile(path.join(root, 'a-file'), '');
  try {
    const blocked = await scan(['config', '--output', 'a-file/scan.txt']);
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /cannot write the report to a-file\/scan\.txt \((EEXIST|ENOTDIR)\)/);
    assert.doesNotMatch(blocked.stderr, /\n\s+at /, 'no stack trace');
    // procfs answers ENOENT to mkdir under a folder that exists, which Node's recursive mkdir retries forever.
    if (existsSync('/proc/self')) {
      const proc = await scan(['config', '--output', '/proc/no-such-folder/scan.txt']);
      assert.equal(proc.code, 2, proc.stderr);
      assert.match(proc.stderr, /cannot write the report to \/proc\/no-such-folder\/scan\.txt \(ENOENT\)/);
    }
  } finally {
    await rm(path.join(root, 'a-file'), { force: true });
    await rm(path.join(root, 'reports'), { recursive: true, force: true });
  }
});

test('a folder inside the current one keeps paths relative to the current folder and its baseline',
  async () => {
    try {
      assert.equal((await scan(['--update-baseline'])).code, 0);
      const sub = await scan(['config', '--format', 'sarif']);
      assert.equal(sub.code, 0, 'the findings under config/ are the ones the baseline accepted');
      await rm(path.join(root, '.token-warden-baseline.json'));
      const sarif = JSON.parse((await scan(['config', '--format', 'sarif'])).stdout);
      const uris = sarif.runs[0].results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          r.locations[0].physicalLocation.artifactLocation.uri);
      assert.deepEqual(uris, ['config/app.env', 'config/db.yaml']);
    } finally {
      await rm(path.join(root, '.token-warden-baseline.json'), { force: true });
    }
  });

test('scanning a folder outside the current one reports paths relative to it', async () => {
  const run = await scan([path.join(root, 'config'), '--format', 'json'], repo);
  assert.equal(run.code, 1);
  const files = JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file);
  assert.deepEqual(files, ['app.env', 'db.yaml']);
});

test('--update-baseline accepts every finding even with --min-severity', async () => {
  try {
    const update = await scan(['--update-baseline', '--min-severity', 'critical']);
    assert.equal(update.code, 0, update.stderr);
    const later = await scan(['--format', 'json']);
    assert.equal(later.code, 0, later.stdout);
  } finally {
    await rm(path.join(root, '.token-warden-baseline.json'), { force: true });
  }
});

test('--jobs takes a worker count; a named pipe is refused instead of read forever', async () => {
  const inThread = await scan(['--jobs', '0', '--format', 'json']);
  assert.equal(inThread.code, 1, inThread.stderr);
  assert.equal(JSON.parse(inThread.stdout).findings.length, 2);
  const bad = await scan(['--jobs', 'many']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--jobs must be a number/);
  if (process.platform === 'win32') return;
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  try {
    const pipe = await scan(['pipe', 'README.md']);
    assert.equal(pipe.code, 2);
    assert.match(pipe.stderr, /not a file or folder: pipe/);
  } finally {
    await rm(path.join(root, 'pipe'), { force: true });
  }
});

/**
 * A folder the scan cannot read: without permission for a normal user; for root, who may read
 * anything, one whose path is longer than the system allows (made by walking down into it).
 */
function makeUnreadableFolder(parent: string): string {
  const top = path.join(parent, 'locked');
  mkdirSync(top);
  if (process.getuid?.() !== 0) {
    writeFileSync(path.join(top, 'app.env'), `API_KEY=${canaryKey}\n`);
    chmodSync(top, 0o000);
    return 'locked/';
  }
  const back = process.cwd();
  try {
    process.chdir(top);
    for (let depth = top.length; depth < 4400; depth += 201) {
      mkdirSync('d'.repeat(200));
      process.chdir('d'.repeat(200));
    }
    writeFileSync('app.env', `API_KEY=${canaryKey}\n`);
  } finally {
    process.chdir(back);
  }
  return 'locked/d';
}

test('a folder that cannot be read is named, the rest is scanned, and the exit code is 2', async () => {
  const parent = path.join(root, 'vault');
  await mkdir(parent);
  const expected = makeUnreadableFolder(parent);
  try {
    const json = await scan(['--format', 'json', 'vault', 'config']);
    assert.equal(json.code, 2, json.stderr);
    const report = JSON.parse(json.stdout) as { findings: { file: string }[]; errors: { file: string; message: string }[] };
    assert.deepEqual([...new Set(report.findings.map((f) => f.file))].sort(), ['config/app.env', 'config/db.yaml']);
    assert.equal(report.errors.length, 1);
    assert.ok(report.errors[0].file.startsWith(`vault/${expected}`) && report.errors[0].file.endsWith('/'),
      report.errors[0].file);
    assert.match(report.errors[0].message, /^(EACCES|ENAMETOOLONG)$/);
    const text = await scan(['vault']);
    assert.equal(text.code, 2);
    assert.match(text.stdout, /vault\/.*\/: could not read \((EACCES|ENAMETOOLONG)\)/);
    assert.match(text.stdout, /1 unreadable/);
    assertNoCanary(json);
  } finally {
    if (process.getuid?.() !== 0) chmodSync(path.join(parent, 'locked'), 0o755);
    // rm copes with paths longer than the system's limit, Node's recursive removal does not.
    execFileSync('rm', ['-rf', parent]);
  }
});

test('secrets found under a section, in escaped strings, cookies or encoded URLs stay masked in every format',
  async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-cli-scan-masked-'));
  const sectionKey = fakeApiKey(102, 40);
  const escapedPassword = fakePassword(103);
  const sessionCookie = fakeApiKey(104, 32);
  const snykToken = fakeToken('snyk-api-token', 105);
  const urlPassword = fakePassword(106).replace(/[@:/#?%]/g, 'x');
  const encodedUrl = Buffer.from(`postgres://app:${urlPassword}@db.internal:5432/app`).toString('base64');
  try {
    await writeFile(path.join(dir, 'capture.sh'), `curl -b 'sessionid=${sessionCookie}' https://shop.internal/cart\n`);
    await writeFile(path.join(dir, 'integrations.yaml'), `integrations:\n  snyk:\n    token: ${snykToken}\n`);
    await writeFile(path.join(dir, 'secret.yaml'), `kind: Secret\ndata:\n  DATABASE_URL: ${encodedUrl}\n`);
    await writeFile(path.join(dir, 'appsettings.json'), `{\n  "Jwt": {\n    "Key": "${sectionKey}"\n  }\n}\n`);
    await writeFile(path.join(dir, 'setup.ipynb'),
      `{"cells": [{"source": ["import os\\n", "db_password = \\"${escapedPassword}\\"\\n"]}]}\n`);
    for (const format of ['text', 'json', 'sarif']) {
      const run = await scan(['.', '--format', format], dir);
      assert.equal(run.code, 1, `${format}: ${run.stderr}`);
      assert.match(run.stdout, /appsettings\.json/, format);
      assert.match(run.stdout, /setup\.ipynb/, format);
      for (const file of ['capture\\.sh', 'integrations\\.yaml', 'secret\\.yaml']) {
        assert.match(run.stdout, new RegExp(file), format);
      }
      for (const output of [run.stdout, run.stderr]) {
        for (const secret of [sectionKey, escapedPassword, sessionCookie, snykToken, urlPassword, encodedUrl]) {
          assert.ok(!output.includes(secret) && !output.includes(secret.slice(3, 12)), `${format}: a secret reached the output`);
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
