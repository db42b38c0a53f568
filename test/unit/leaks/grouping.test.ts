import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeCounts,
  groupLeaks,
  HISTORY_GROUP_LABEL,
  type LeakEntry,
} from '../../../src/core/leaks/grouping';
import type { Severity } from '../../../src/core/scan/types';

const entry = (path: string, line: number, severity: Severity, ruleId = 'r'): LeakEntry => ({
  id: `${path}:${line}:${ruleId}`,
  path,
  ruleId,
  title: 'T',
  severity,
  line,
  column: 1,
  masked: 'abc*****',
});

const current = [
  entry('src/b.ts', 9, 'medium'),
  entry('src/a.ts', 4, 'critical'),
  entry('src/b.ts', 2, 'critical'),
  entry('.env.example', 1, 'low'),
];
const history = [{ ...entry('old/config.js', 3, 'high'), history: { commit: 'c'.repeat(40), time: 0 } }];

test('by severity: most severe first, empty severities left out, entries by path and line', () => {
  const groups = groupLeaks(current, [], 'severity');
  assert.deepEqual(
    groups.map((g) => g.label),
    ['Critical', 'Medium', 'Low'],
  );
  assert.deepEqual(
    groups[0].entries.map((e) => e.id),
    ['src/a.ts:4:r', 'src/b.ts:2:r'],
  );
});

test('by file: files alphabetical, entries by line', () => {
  const groups = groupLeaks(current, [], 'file');
  assert.deepEqual(
    groups.map((g) => g.label),
    ['.env.example', 'src/a.ts', 'src/b.ts'],
  );
  assert.deepEqual(
    groups[2].entries.map((e) => e.line),
    [2, 9],
  );
});

test('secrets only in git history get their own group at the end in both modes', () => {
  for (const mode of ['severity', 'file'] as const) {
    const groups = groupLeaks(current, history, mode);
    assert.equal(groups.at(-1)?.label, HISTORY_GROUP_LABEL);
    assert.deepEqual(
      groups.at(-1)?.entries.map((e) => e.path),
      ['old/config.js'],
    );
  }
  assert.ok(!groupLeaks(current, [], 'file').some((g) => g.label === HISTORY_GROUP_LABEL));
});

test('describes counts per severity', () => {
  assert.equal(describeCounts(current), '4 findings (2 critical, 1 medium, 1 low)');
  assert.equal(describeCounts([entry('a', 1, 'high')]), '1 finding (1 high)');
  assert.equal(describeCounts([]), 'No findings');
});
