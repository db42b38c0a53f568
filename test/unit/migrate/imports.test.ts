import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goImportEdit, pythonImportEdit } from '../../../src/core/migrate/imports';
import { applyEdits } from '../../../src/core/migrate/migrationPlan';

const withImport = (text: string, edit = pythonImportEdit(text)) => applyEdits(text, edit ? [edit] : []);

test('Python: import os after a parenthesised __future__ import, CRLF kept', () => {
  assert.equal(withImport('from __future__ import (\r\n    annotations,\r\n)\r\nx = 1\r\n'),
    'from __future__ import (\r\n    annotations,\r\n)\r\n\r\nimport os\r\nx = 1\r\n');
});

test('Python: an encoding comment stays first; import os variants are recognised', () => {
  assert.equal(withImport('# -*- coding: utf-8 -*-\nimport re\n'),
    '# -*- coding: utf-8 -*-\nimport os\nimport re\n');
  assert.equal(pythonImportEdit('import sys, os  # both\n'), undefined);
  assert.equal(pythonImportEdit('import os.path\n'), undefined, 'import os.path binds os as well');
  assert.notEqual(pythonImportEdit('import oslo\nfrom os import path\n'), undefined);
  assert.equal(withImport(''), 'import os\n\n');
});

test('Go: "os" sorted into the block; a single import gets a sibling line', () => {
  const text = 'package x\n\nimport (\n\t"net/http"\n\t"sort"\n\n\t"example.com/z"\n)\n';
  assert.equal(applyEdits(text, [goImportEdit(text)!]),
    'package x\n\nimport (\n\t"net/http"\n\t"os"\n\t"sort"\n\n\t"example.com/z"\n)\n');
  const single = 'package x\n\nimport "fmt"\n\nfunc f() {}\n';
  assert.equal(applyEdits(single, [goImportEdit(single)!]),
    'package x\n\nimport "fmt"\nimport "os"\n\nfunc f() {}\n');
  assert.equal(goImportEdit('package x\n\nimport (\n\t"fmt"\n\t"os"\n)\n'), undefined);
});
