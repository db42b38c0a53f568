import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { blameArgs, parseBlamePorcelain } from '../../../src/core/git/blame';
import { runGit } from '../../../src/core/git/gitProcess';

const COMMITTED = 'c'.repeat(40);
const ZERO = '0'.repeat(40);

test('builds one -L range per distinct line and reads stdin for unsaved buffers', () => {
  assert.deepEqual(blameArgs('src/a.ts', [9, 3, 9], true), [
    'blame',
    '--porcelain',
    '--no-progress',
    '--contents',
    '-',
    '-L',
    '3,3',
    '-L',
    '9,9',
    '--',
    'src/a.ts',
  ]);
  assert.ok(!blameArgs('a', [1], false).includes('--contents'));
});

test('maps each blamed line to its commit and author time, reusing metadata of repeated commits', () => {
  const output = [
    `${COMMITTED} 2 3 1`,
    'author Someone',
    'author-time 1767225600',
    'summary add config',
    'filename src/a.ts',
    '\tconst a = 1;',
    `${ZERO} 9 9 1`,
    'author Not Committed Yet',
    'author-time 1767300000',
    'filename src/a.ts',
    '\tconst b = 2;',
    `${COMMITTED} 11 12 1`,
    'filename src/a.ts',
    '\tconst c = 3;',
    '',
  ].join('\n');
  assert.deepEqual(parseBlamePorcelain(output), [
    { line: 3, commit: COMMITTED, time: 1767225600 },
    { line: 9 },
    { line: 12, commit: COMMITTED, time: 1767225600 },
  ]);
});

test('blames an unsaved buffer against a real repository', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tw-blame-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo\n');
    git('add', 'a.txt');
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.test', 'commit', '-q', '-m', 'x'], {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: '2026-02-03T04:05:06Z' },
    });
    const head = git('rev-parse', 'HEAD');
    const buffer = 'inserted\none\ntwo\n';
    const origins = parseBlamePorcelain(
      await runGit(blameArgs('a.txt', [1, 3], true), { cwd: dir, input: buffer }),
    );
    assert.deepEqual(origins, [
      { line: 1 },
      { line: 3, commit: head, time: Date.parse('2026-02-03T04:05:06Z') / 1000 },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
