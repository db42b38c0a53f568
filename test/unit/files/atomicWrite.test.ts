import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readIfExists, writeFileAtomic } from '../../../src/core/files/atomicWrite';

test('writeFileAtomic replaces the content, keeps the mode and leaves no temporary file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tw-atomic-'));
  try {
    const file = path.join(dir, '.env');
    writeFileSync(file, 'A=1\n');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, Buffer.from('A=1\nB=2\n'));
    assert.equal(readFileSync(file, 'utf8'), 'A=1\nB=2\n');
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['.env']);
    // Bits a typical umask (022) would clear are kept too.
    chmodSync(file, 0o666);
    await writeFileAtomic(file, Buffer.from('A=2\n'));
    assert.equal(statSync(file).mode & 0o777, 0o666);

    const fresh = path.join(dir, 'new.env');
    await writeFileAtomic(fresh, Buffer.from('X=1\n'), 0o600);
    assert.equal(statSync(fresh).mode & 0o777, 0o600);
    assert.equal((await readIfExists(path.join(dir, 'missing')))?.length, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed write leaves the old file untouched and removes the temporary file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tw-atomic-'));
  try {
    // Renaming a file over a directory fails after the temporary file was written.
    const target = path.join(dir, 'target');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep'), 'x');
    await assert.rejects(writeFileAtomic(target, Buffer.from('new')));
    assert.deepEqual(readdirSync(dir), ['target']);
    assert.equal(readFileSync(path.join(target, 'keep'), 'utf8'), 'x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
