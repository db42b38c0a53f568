import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALNUM, HEX, chars, choice, defineRule, describeShape, optional, text, type Part,
} from '../../../src/core/scan/rules/tokenShape';
import { PROVIDER_RULES } from '../../../src/core/scan/rules';
import { scanText } from '../../../src/core/scan';
import { fakeToken } from '../../support/fakeTokens';

const base = {
  title: 'Example key', provider: 'Example', category: 'saas' as const, severity: 'high' as const,
  revokeUrl: 'https://example.com/keys', envName: 'EXAMPLE_KEY',
};

function secrets(rule: ReturnType<typeof defineRule>, input: string): string[] {
  return [...input.matchAll(rule.pattern)].map((m) => m.groups?.secret ?? m[0]);
}

test('prefix rules take their keyword from the longest literal and need clean edges', () => {
  const rule = defineRule({ ...base, id: 'example-prefixed', parts: [text('exk_'), chars(ALNUM, 8)] });
  assert.deepEqual(rule.keywords, ['exk_']);
  assert.deepEqual(secrets(rule, 'a exk_Ab12Cd34 b'), ['exk_Ab12Cd34']);
  assert.deepEqual(secrets(rule, 'xexk_Ab12Cd34'), []);
  assert.deepEqual(secrets(rule, 'exk_Ab12Cd345'), []);
  assert.deepEqual(secrets(rule, 'see exk_Ab12Cd34.'), ['exk_Ab12Cd34']);
});

test('context rules accept the usual ways of assigning a value and report only the value', () => {
  const rule = defineRule({ ...base, id: 'example-context', parts: [chars(HEX, 8)], context: ['example'] });
  assert.equal(rule.minEntropy !== undefined, true);
  const value = '3fa9c0d1';
  for (const line of [
    `EXAMPLE_KEY=${value}`, `export EXAMPLE_API_KEY="${value}"`, `  "exampleKey": "${value}",`,
    `example_key: '${value}'`, `--example-key ${value}`, `$exampleKey = "${value}";`,
    `example.key := \`${value}\``,
    `Example-Key: ${value}`, `EXAMPLE_KEY => '${value}'`,
  ]) {
    assert.deepEqual(secrets(rule, line), [value], line);
  }
  assert.deepEqual(secrets(rule, `key = "${value}"`), []);
  assert.deepEqual(secrets(rule, `EXAMPLE_KEY = "${value}0"`), []);
  assert.deepEqual(secrets(rule, `EXAMPLE nothing here ${value}`), []);
});

test('a rule without a usable literal must name its keywords', () => {
  assert.throws(() => defineRule({ ...base, id: 'example-bare', parts: [chars(HEX, 32)] }), /keywords/);
  const named = defineRule({ ...base, id: 'example-named', parts: [chars(HEX, 32)], keywords: ['Example'] });
  assert.deepEqual(named.keywords, ['example']);
});

test('descriptions spell out the shape in words', () => {
  const rule = defineRule({
    ...base, id: 'example-described',
    parts: [choice('exa_', 'exb_'), chars(ALNUM, 10, 12), optional(text('-'), chars(HEX, 2))],
    checkNote: 'A checksum is verified.',
  });
  assert.equal(describeShape(rule), 'Starts with one of `exa_` or `exb_`, then 10 to 12 letters or digits, ' +
    'then optionally (`-` and 2 lower-case hex digits). A checksum is verified.');
});

test('context rules: the value may follow a typed declaration or a YAML block scalar', () => {
  const token = fakeToken('splunk-hec-token', 7);
  const cases: [string, string, number, number][] = [
    [`SPLUNK_HEC_TOKEN: str = '${token}'\n`, 'settings.py', 1, 26],
    [`const SPLUNK_HEC_TOKEN: &str = "${token}";\n`, 'config.rs', 1, 33],
    [`    private val SPLUNK_HEC_TOKEN: String = "${token}"\n`, 'Keys.kt', 1, 45],
    [`splunk:\n  hec_token: |\n    ${token}\n`, 'values.yaml', 3, 5],
  ];
  for (const [text, path, line, column] of cases) {
    const findings = scanText(text, { path }).filter((f) => f.ruleId === 'splunk-hec-token');
    assert.deepEqual(findings.map((f) => [f.line, f.column, f.secret]), [[line, column, token]], text);
  }
});

// The engine rules out places by a set's members before trying a rule's pattern, which uses its
// class: the two must agree, or real tokens would be skipped.
test("every character set's members are exactly what its regex class accepts", () => {
  const sets = new Set(PROVIDER_RULES.flatMap((rule) => (rule as { parts?: readonly Part[] }).parts ?? [])
    .flatMap(function flat(part: Part): Part[] { return part.kind === 'optional' ? part.parts.flatMap(flat) : [part]; })
    .flatMap((part) => (part.kind === 'chars' ? [part.set] : [])));
  assert.ok(sets.size > 5);
  for (const set of sets) {
    const inClass = new RegExp(`^[${set.regexClass}]$`);
    const members = new Set(set.chars);
    for (let code = 0; code < 0x250; code++) {
      const ch = String.fromCharCode(code);
      assert.equal(members.has(ch), inClass.test(ch), `${set.label}: ${JSON.stringify(ch)}`);
    }
  }
});
