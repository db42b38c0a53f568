import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeText, hasBinaryExtension, readFileForScan } from '../../../src/core/scan';

test('binary files are recognised by a NUL byte in the first 8 KB or by extension', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-read-'));
  try {
    await writeFile(path.join(dir, 'data.bin2'), Buffer.from([0x41, 0x00, 0x42]));
    await writeFile(path.join(dir, 'photo.PNG'), 'not really an image');
    assert.equal((await readFileForScan(path.join(dir, 'data.bin2'))).kind, 'binary');
    assert.equal((await readFileForScan(path.join(dir, 'photo.PNG'))).kind, 'binary');
    assert.equal(hasBinaryExtension('a/b.woff2'), true);
    assert.equal(hasBinaryExtension('a.b/Makefile'), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('files over the size limit are skipped with their size reported', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-read-'));
  try {
    await writeFile(path.join(dir, 'big.txt'), 'x'.repeat(2000));
    const outcome = await readFileForScan(path.join(dir, 'big.txt'), 1000);
    assert.deepEqual(outcome, { kind: 'too-large', bytes: 2000 });
    assert.equal((await readFileForScan(path.join(dir, 'big.txt'), 5000)).kind, 'text');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('invalid UTF-8 falls back to Latin-1; UTF-16 with a byte-order mark is decoded', () => {
  const latin1 = Buffer.from('caf\xe9 password', 'latin1');
  assert.equal(decodeText(latin1), 'café password');
  assert.equal(decodeText(Buffer.from('héllo', 'utf8')), 'héllo');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('token=1', 'utf16le')]);
  assert.equal(decodeText(utf16), 'token=1');
  assert.equal(decodeText(Buffer.from([0x61, 0x00])), undefined);
});

test('an unreadable path rejects rather than being silently treated as empty', async () => {
  await assert.rejects(readFileForScan(path.join(tmpdir(), 'tw-does-not-exist', 'x.txt')), /ENOENT/);
});
