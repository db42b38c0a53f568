import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isInsideFolder, parsePanelMessage } from '../../../src/core/requestPanel/panelMessage';

const form = {
  method: 'GET',
  url: 'https://api.example.test/items',
  query: [{ name: 'q', value: 'x', enabled: true }],
  headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
  body: '',
  auth: 'api',
};

test('well-formed messages pass, with only their known fields', () => {
  assert.deepEqual(parsePanelMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
  const sent = parsePanelMessage({ type: 'send', request: { ...form, command: 'x' }, environment: 'dev' });
  assert.deepEqual(sent, { type: 'send', request: form, environment: 'dev' });
  assert.deepEqual(parsePanelMessage({ type: 'resend', id: 'abc' }), { type: 'resend', id: 'abc' });
});

test('unknown types and wrong shapes are dropped', () => {
  for (const bad of [
    null,
    'send',
    [],
    { type: 'runCommand', command: 'workbench.action.terminal.new' },
    { type: 'openFile', path: '/etc/passwd' },
    { type: 'send', environment: 'dev' },
    { type: 'send', request: form },
    { type: 'send', request: { ...form, headers: 'Authorization: x' }, environment: 'dev' },
    { type: 'send', request: { ...form, query: [{ name: 'a', value: 1, enabled: true }] }, environment: 'dev' },
    { type: 'copyCurl', request: { ...form, url: { href: 'x' } }, environment: 'dev' },
    { type: 'resend', id: 42 },
  ]) {
    assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('body includes are allowed only inside the workspace folder', () => {
  const root = path.resolve('/work/project');
  assert.equal(isInsideFolder(root, path.join(root, 'payloads', 'a.json')), true);
  assert.equal(isInsideFolder(root, path.join(root, '..', 'other', 'id_rsa')), false);
  assert.equal(isInsideFolder(root, path.resolve('/etc/passwd')), false);
  assert.equal(isInsideFolder(root, root), false);
  assert.equal(isInsideFolder(root, path.join(root, '..notes.txt')), true);
});
