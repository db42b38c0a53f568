import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  hashSecret,
  historyOnly,
  scanGitHistory,
  scanTrackedFiles,
  type HistoryFinding,
} from '../../../src/core/git/historyScan';
import type { Finding } from '../../../src/core/scan/types';

/** Stands in for the engine: flags `FAKE_` followed by 12 upper-case letters or digits. */
function fakeScan(text: string): Finding[] {
  const findings: Finding[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  for (const match of text.matchAll(/FAKE_[A-Z0-9]{12}/g)) {
    const start = match.index ?? 0;
    const line = lineStarts.filter((s) => s <= start).length;
    const column = start - lineStarts[line - 1] + 1;
    findings.push({
      ruleId: 'fake-rule',
      title: 'Fake token',
      provider: 'Fake',
      severity: 'high',
      secret: match[0],
      start,
      end: start + match[0].length,
      line,
      column,
      endLine: line,
      endColumn: column + match[0].length,
      fingerprint: `fake:${line}`,
      revokeUrl: 'https://example.test/revoke',
      envName: 'FAKE_TOKEN',
    });
  }
  return findings;
}

function makeRepo(): { dir: string; commit: (message: string, date: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tw-history-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.test');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    commit: (message, date) => {
      git('add', '-A');
      execFileSync('git', ['commit', '-q', '-m', message], {
        cwd: dir,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      });
      return git('rev-parse', 'HEAD');
    },
  };
}

const REMOVED = 'FAKE_' + 'REMOVED00001';
const KEPT = 'FAKE_' + 'STILLHERE002';
const IGNORED = 'FAKE_' + 'IGNORED00003';

test('finds secrets added in any commit, the commit adding each, and which are history only', async () => {
  const repo = makeRepo();
  try {
    writeFileSync(path.join(repo.dir, 'config.js'), `const a = 1;\nconst key = "${REMOVED}";\n`);
    writeFileSync(path.join(repo.dir, 'keep.py'), `TOKEN = "${KEPT}"\n`);
    const first = repo.commit('add config', '2026-01-02T10:00:00Z');
    writeFileSync(path.join(repo.dir, 'config.js'), 'const a = 1;\nconst key = process.env.KEY;\n');
    mkdirIgnored(repo.dir);
    repo.commit('move key to env', '2026-01-05T10:00:00Z');
    unlinkSync(path.join(repo.dir, 'fixtures', 'sample.txt'));
    repo.commit('drop fixture', '2026-01-06T10:00:00Z');

    const progress: number[] = [];
    const isIgnored = (p: string) => p.startsWith('fixtures/');
    const result = await scanGitHistory(repo.dir, {
      scan: fakeScan,
      isIgnored,
      onProgress: (done) => progress.push(done),
    });
    assert.equal(result.commits, 3);
    assert.equal(progress.at(-1), 3);
    const byMask = (f: HistoryFinding) => f.path;
    assert.deepEqual(result.findings.map(byMask).sort(), ['config.js', 'keep.py']);
    const removed = result.findings.find((f) => f.path === 'config.js')!;
    assert.equal(removed.commit, first);
    assert.equal(removed.time, Date.parse('2026-01-02T10:00:00Z') / 1000);
    assert.equal(removed.line, 2);
    assert.equal(removed.secretHash, hashSecret(REMOVED));
    assert.ok(!JSON.stringify(result).includes(REMOVED), 'history results never carry the secret');

    const current = await scanTrackedFiles(repo.dir, { scan: fakeScan, isIgnored });
    assert.deepEqual([...current], [hashSecret(KEPT)]);
    const only = historyOnly(result.findings, current);
    assert.deepEqual(
      only.map((f) => [f.path, f.line, f.commit]),
      [['config.js', 2, first]],
    );
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
});

function mkdirIgnored(dir: string): void {
  execFileSync('mkdir', ['-p', path.join(dir, 'fixtures')]);
  writeFileSync(path.join(dir, 'fixtures', 'sample.txt'), `${IGNORED}\n`);
}

test('a repository without commits has no history to scan', async () => {
  const repo = makeRepo();
  try {
    const result = await scanGitHistory(repo.dir, { scan: fakeScan });
    assert.deepEqual([result.commits, result.findings], [0, []]);
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
});

test('cancelling stops the scan with an abort error', async () => {
  const repo = makeRepo();
  try {
    writeFileSync(path.join(repo.dir, 'a.txt'), 'x\n');
    repo.commit('one', '2026-01-02T10:00:00Z');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(scanGitHistory(repo.dir, { scan: fakeScan, signal: controller.signal }), {
      name: 'AbortError',
    });
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
});

test('historyOnly keeps what the current tree lacks, sorted by path and line', () => {
  const entry = (p: string, line: number, secretHash: string): HistoryFinding => ({
    ruleId: 'r',
    title: 't',
    provider: 'p',
    severity: 'high',
    revokeUrl: '',
    envName: '',
    secretHash,
    masked: 'x***',
    commit: 'c',
    time: 0,
    path: p,
    line,
    occurrences: 1,
  });
  const only = historyOnly(
    [entry('b.txt', 1, 'h1'), entry('a.txt', 9, 'h2'), entry('a.txt', 2, 'h3')],
    new Set(['h1']),
  );
  assert.deepEqual(
    only.map((f) => `${f.path}:${f.line}`),
    ['a.txt:2', 'a.txt:9'],
  );
});
