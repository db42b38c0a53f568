import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { EnvironmentStore } from '../../../src/core/environments/environmentStore';
import { nodeFileAccess } from '../../../src/core/environments/fileAccess';
import { mapSecretStore, withTempDir } from '../../support/environmentCanaries';

test('a file that is not UTF-8 is refused with its position and never rewritten', () =>
  withTempDir(async (dir) => {
    const filePath = path.join(dir, '.vscode', 'token-warden.json');
    await mkdir(path.dirname(filePath), { recursive: true });
    // "café" in Latin-1 inside a description: one byte that UTF-8 cannot read.
    const original = Buffer.concat([
      Buffer.from('{\n  "version": 1,\n  "environments": { "dev": { "variables": { "note": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('" } } }\n}\n'),
    ]);
    await writeFile(filePath, original);
    const store = new EnvironmentStore({
      files: nodeFileAccess,
      secrets: mapSecretStore(),
      workspaceId: 'ws',
      filePath,
    });

    await assert.rejects(
      store.setVariable('dev', 'baseUrl', 'https://a.test'),
      /not valid UTF-8 at line 3, column 57/,
    );
    assert.deepEqual(await readFile(filePath), original, 'the bytes on disk are unchanged');
  }));

test('UTF-8 text keeps its byte order mark, so a rewrite does not drop it', () =>
  withTempDir(async (dir) => {
    const file = path.join(dir, 'a.env');
    await writeFile(file, '\uFEFFA=1\n', 'utf8');
    assert.equal(await nodeFileAccess.readText(file), '\uFEFFA=1\n');
  }));
