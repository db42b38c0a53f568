import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  gitIgnores, gitignoreIgnores, gitignoreWithEntry, gitTracks,
} from '../../../src/core/migrate/gitignoreFile';

test('gitignoreIgnores applies .gitignore rules with the ignore package', () => {
  assert.equal(gitignoreIgnores(Buffer.from('node_modules/\n.env\n'), '.env'), true);
  assert.equal(gitignoreIgnores(Buffer.from('.env*\n!.env\n'), '.env'), false);
  assert.equal(gitignoreIgnores(Buffer.from('*.log\n'), '.env'), false);
  assert.equal(gitignoreIgnores(undefined, '.env'), false);
});

test('gitignoreWithEntry appends a line, creating the file and keeping CRLF and a missing newline', () => {
  assert.equal(gitignoreWithEntry(undefined, '.env')?.content.toString(), '.env\n');
  assert.equal(gitignoreWithEntry(Buffer.from('dist\r\n'), '.env')?.content.toString(), 'dist\r\n.env\r\n');
  assert.equal(gitignoreWithEntry(Buffer.from('dist'), '.env')?.content.toString(), 'dist\n.env');
});

/** Runs `body` with a fresh repository and a plain folder, or skips when git is missing. */
async function withRepo(t: TestContext, body: (repo: string, plain: string) => Promise<void>): Promise<void> {
  try {
    execFileSync('git', ['--version']);
  } catch {
    t.skip('git is not installed');
    return;
  }
  const repo = mkdtempSync(path.join(tmpdir(), 'tw-gitignore-'));
  const plain = mkdtempSync(path.join(tmpdir(), 'tw-plain-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: repo });
    await body(repo, plain);
  } finally {
    rmSync(repo, { recursive: true, force: true });
    rmSync(plain, { recursive: true, force: true });
  }
}

test('gitIgnores asks git inside a repository and says undefined outside one', (t) =>
  withRepo(t, async (repo, plain) => {
    assert.equal(await gitIgnores(repo, '.env'), false);
    writeFileSync(path.join(repo, '.gitignore'), '.env\n');
    assert.equal(await gitIgnores(repo, '.env'), true);
    assert.equal(await gitIgnores(plain, '.env'), undefined);
  }));

test('gitTracks sees a committed .env, which .gitignore no longer keeps out of commits', (t) =>
  withRepo(t, async (repo, plain) => {
    writeFileSync(path.join(repo, '.env'), 'A=1\n');
    assert.equal(await gitTracks(repo, '.env'), false);
    execFileSync('git', ['add', '.env'], { cwd: repo });
    writeFileSync(path.join(repo, '.gitignore'), '.env\n');
    assert.equal(await gitTracks(repo, '.env'), true);
    assert.equal(await gitTracks(plain, '.env'), undefined);
  }));
