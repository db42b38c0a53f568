import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits, declarationEdit, planFile, SecretSite, suggestName, targetUnavailable,
} from '../../../src/core/migrate/migrationPlan';
import { fakeSecret } from './secretValues';

const A = fakeSecret('plan-a');
const B = fakeSecret('plan-b');

function sitesOf(text: string, ...secrets: string[]): SecretSite[] {
  const sites: SecretSite[] = [];
  for (const secret of secrets) {
    let at = text.indexOf(secret);
    while (at !== -1) {
      sites.push({ start: at, end: at + secret.length, ruleId: 'generic-api-key', envName: 'API_KEY' });
      at = text.indexOf(secret, at + 1);
    }
  }
  return sites;
}

test('several secrets in a file: names from context, one import, edits that apply cleanly', () => {
  const text = `stripe_key = "${A}"\nslack_token = '${B}'\n`;
  const plan = planFile({ text, languageId: 'python', fileName: 'a.py' }, sitesOf(text, A, B), new Map());
  assert.deepEqual(plan.secrets.map((s) => [s.name, s.value, s.reused]), [['STRIPE_KEY', A, false],
    ['SLACK_TOKEN', B, false]]);
  assert.equal(applyEdits(text, plan.edits),
    'import os\n\nstripe_key = os.environ["STRIPE_KEY"]\nslack_token = os.environ["SLACK_TOKEN"]\n');
});

test('names are made unique against the store and within the batch; a repeated value keeps one name', () => {
  const text = `a = {"api_key": "${A}"}\nb = {"api_key": "${B}"}\nc = {"api_key": "${A}"}\n`;
  const existing = new Map([['API_KEY', 'something else']]);
  const plan = planFile({ text, languageId: 'python', fileName: 'a.py' }, sitesOf(text, A, B), existing);
  assert.deepEqual(plan.secrets.map((s) => [s.name, s.reused]), [['API_KEY_2', false], ['API_KEY_3', false],
    ['API_KEY_2', true]]);
  assert.equal(existing.size, 1, 'the caller\'s map is not modified');
});

test('a value already in the store is reused under its name and nothing new is stored', () => {
  const text = `const githubToken = "${A}";\n`;
  const file = { text, languageId: 'javascript', fileName: 'a.js' };
  const existing = new Map([['MY_OLD_NAME', A]]);
  assert.deepEqual(suggestName(file, sitesOf(text, A)[0], existing), { name: 'MY_OLD_NAME', reused: true });
  const plan = planFile(file, sitesOf(text, A), existing);
  assert.equal(plan.secrets[0].reused, true);
  assert.equal(applyEdits(text, plan.edits), 'const githubToken = process.env.MY_OLD_NAME;\n');
});

test('a chosen name is used as given; one that is taken by another value or invalid is refused', () => {
  const text = `const t = "${A}";\n`;
  const file = { text, languageId: 'javascript', fileName: 'a.js' };
  const site = sitesOf(text, A);
  assert.equal(planFile(file, site, new Map(), new Map([[0, 'CHOSEN']])).secrets[0].name, 'CHOSEN');
  const taken = planFile(file, site, new Map([['CHOSEN', 'other']]), new Map([[0, 'CHOSEN']]));
  assert.equal(taken.secrets.length, 0);
  assert.match(taken.skipped[0].reason, /already holds a different value/);
  assert.match(planFile(file, site, new Map(), new Map([[0, 'lower']])).skipped[0].reason,
    /not a valid name/);
  assert.equal(taken.edits.length, 0, 'a refused secret leaves the file alone');
});

test('two secrets in one string: the first is moved, the second waits for another run', () => {
  const text = `const u = "${A}:${B}";\n`;
  const plan = planFile({ text, languageId: 'javascript', fileName: 'a.js' }, sitesOf(text, A, B), new Map());
  assert.equal(plan.secrets.length, 1);
  assert.match(plan.skipped[0].reason, /shares a string/);
  const once = applyEdits(text, plan.edits);
  assert.ok(!once.includes(A) && once.includes(B));
});

test('targets that cannot work in a file are explained', () => {
  assert.match(targetUnavailable({ text: '', languageId: 'json', fileName: 'c.json' }, 'dotenv') ?? '',
    /SecretStorage/);
  assert.equal(targetUnavailable({ text: '', languageId: 'json', fileName: 'c.json' }, 'secretStorage'),
    undefined);
  assert.equal(targetUnavailable({ text: '', languageId: 'python', fileName: 'a.py' }, 'dotenv'), undefined);
  assert.match(targetUnavailable({ text: '', languageId: 'dockerfile', fileName: 'Dockerfile' },
    'secretStorage') ?? '',
    /build secret/);
});

test('Terraform: the plan declares the variable; declarationEdit appends it once', () => {
  const text = `resource "x" "y" {\n  db_password = "${A}"\n}\n`;
  const plan = planFile({ text, languageId: 'terraform', fileName: 'main.tf' }, sitesOf(text, A), new Map());
  assert.equal(plan.secrets[0].envKey, 'TF_VAR_db_password');
  const edit = declarationEdit(text, plan.declarations);
  assert.ok(edit);
  assert.equal(applyEdits(text, [...plan.edits, edit]),
    'resource "x" "y" {\n  db_password = var.db_password\n}\n\n' +
    'variable "db_password" {\n  type      = string\n' +
    '  sensitive = true\n}\n');
  assert.equal(declarationEdit('variable "db_password" {\n}\n', plan.declarations), undefined);
  assert.equal(declarationEdit('', plan.declarations)?.newText.startsWith('variable'), true);
  assert.equal(declarationEdit('a\r\n', plan.declarations)?.newText.includes('\r\n  type'), true);
});
