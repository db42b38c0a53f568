import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationLanguage, planReplacement, Replacement } from '../../../src/core/migrate/replacement';
import { applyEdits } from '../../../src/core/migrate/migrationPlan';
import { fakeSecret } from './secretValues';

const S = fakeSecret('replacement');

/**
 * Migrates the secret marked `⟪...⟫` in `source` (`$S` inside the marks stands for a generated
 * secret) and returns the edited text and the replacement.
 */
function migrate(languageId: string, fileName: string, source: string, name = 'NAME'):
  { text: string; r: Replacement } {
  const open = source.indexOf('⟪');
  const close = source.indexOf('⟫');
  assert.ok(open !== -1 && close > open, 'test source must mark the secret');
  const secretRaw = source.slice(open + 1, close).split('$S').join(S);
  const text = source.slice(0, open) + secretRaw + source.slice(close + 1);
  const r = planReplacement({ text, languageId, fileName, start: open, end: open + secretRaw.length, name });
  if ('error' in r) assert.fail(r.error);
  const edits = r.importEdit ? [r.importEdit, ...r.edits] : r.edits;
  const out = applyEdits(text, edits);
  assert.ok(!out.includes(S), 'the secret must be gone from the file');
  return { text: out, r };
}

const run = (languageId: string, fileName: string, source: string, name = 'NAME') =>
  migrate(languageId, fileName, source, name).text;

// ---- JavaScript / TypeScript

test('JS: a whole literal becomes process.env.NAME, keeping the rest of the statement', () => {
  const { text, r } = migrate('typescript', 'a.ts', 'const stripeKey = "⟪$S⟫";\n', 'STRIPE_KEY');
  assert.equal(text, 'const stripeKey = process.env.STRIPE_KEY;\n');
  assert.equal(r.value, S);
  assert.equal(r.whole, true);
});

test('JS: part of a quoted string becomes a template literal; backticks and ${ in the rest are escaped',
  () => {
  assert.equal(run('javascript', 'a.js', 'const u = "postgres://u:⟪$S⟫@h/db `x` ${y}";'),
    'const u = `postgres://u:${process.env.NAME}@h/db \\`x\\` \\${y}`;');
  assert.equal(run('javascript', 'a.js', "h('it\\'s Bearer ⟪$S⟫')"),
    "h(`it\\'s Bearer ${process.env.NAME}`)");
});

test('JS: inside an existing template literal the read becomes a ${} hole', () => {
  assert.equal(run('typescript', 'a.ts', 'f(`Bearer ⟪$S⟫ for ${user}`)'),
    'f(`Bearer ${process.env.NAME} for ${user}`)');
});

test('JS: in a concatenation only the literal holding the secret changes', () => {
  assert.equal(run('javascript', 'a.js', 'const h = "Bearer " + "⟪$S⟫" + suffix;'),
    'const h = "Bearer " + process.env.NAME + suffix;');
});

test('JSX: an attribute value becomes a braced expression', () => {
  assert.equal(run('typescriptreact', 'a.tsx', '<Client token="⟪$S⟫" />'),
    '<Client token={process.env.NAME} />');
  assert.equal(run('javascriptreact', 'a.jsx', '<Client auth="Bearer ⟪$S⟫" />'),
    '<Client auth={`Bearer ${process.env.NAME}`} />');
  assert.equal(run('typescriptreact', 'a.tsx', 'const a = x < y;\nconst t = "⟪$S⟫";'),
    'const a = x < y;\nconst t = process.env.NAME;');
});

test('JS: escapes inside the secret are decoded for the stored value', () => {
  const { r } = migrate('javascript', 'a.js', 'const p = "⟪$S\\u0041\\"\\\\⟫";');
  assert.equal(r.value, `${S}A"\\`);
});

test('a secret in a comment is not offered a replacement', () => {
  const text = `// token ${S}\nconst x = 1;\n`;
  const start = text.indexOf(S);
  const r = planReplacement({ text, languageId: 'javascript', fileName: 'a.js', start, end: start + S.length,
    name: 'NAME' });
  assert.ok('error' in r && /not inside a string literal/.test(r.error));
});

// ---- Python

test('Python: whole literal, with import os added at the top of a file that has none', () => {
  assert.equal(run('python', 'a.py', 'API = {"api_token": "⟪$S⟫"}\n'),
    'import os\n\nAPI = {"api_token": os.environ["NAME"]}\n');
});

test('Python: import os goes after the docstring and __future__ imports, into the import block', () => {
  const source = '#!/usr/bin/env python\n"""Module doc.\n\nMore."""\nfrom __future__ import annotations\n\n' +
    'import sys\n\nTOKEN = "⟪$S⟫"\n';
  assert.equal(run('python', 'a.py', source),
    '#!/usr/bin/env python\n"""Module doc.\n\nMore."""\nfrom __future__ import annotations\n\n' +
    'import os\nimport sys\n\nTOKEN = os.environ["NAME"]\n');
  assert.equal(run('python', 'a.py', '"""Doc."""\nTOKEN = "⟪$S⟫"\n'),
    '"""Doc."""\n\nimport os\nTOKEN = os.environ["NAME"]\n');
});

test('Python: an existing import os is not repeated', () => {
  assert.equal(run('python', 'a.py', 'import json, os\nT = \'⟪$S⟫\'\n'),
    'import json, os\nT = os.environ["NAME"]\n');
});

test('Python: part of a string becomes an f-string, braces in the rest doubled, inner quotes swapped', () => {
  assert.equal(run('python', 'a.py', 'import os\nurl = "postgres://u:⟪$S⟫@h/{db}"\n'),
    'import os\nurl = f"postgres://u:{os.environ[\'NAME\']}@h/{{db}}"\n');
  assert.equal(run('python', 'a.py', "import os\nurl = 'Bearer ⟪$S⟫'\n"),
    'import os\nurl = f\'Bearer {os.environ["NAME"]}\'\n');
  assert.equal(run('python', 'a.py', 'import os\np = r"C:\\x⟪$S⟫"\n'),
    'import os\np = rf"C:\\x{os.environ[\'NAME\']}"\n');
});

test('Python: inside an existing f-string the read becomes a hole with the other quote', () => {
  assert.equal(run('python', 'a.py', "import os\nh = f'Bearer ⟪$S⟫ {user}'\n"),
    'import os\nh = f\'Bearer {os.environ["NAME"]} {user}\'\n');
  assert.equal(run('python', 'a.py', 'import os\nh = f"""Bearer ⟪$S⟫"""\n'),
    'import os\nh = f"""Bearer {os.environ[\'NAME\']}"""\n');
});

test('Python: bytes literals are concatenated with an encoded read', () => {
  assert.equal(run('python', 'a.py', 'import os\nh = b"Bearer ⟪$S⟫"\n'),
    'import os\nh = b"Bearer " + os.environ["NAME"].encode()\n');
  assert.equal(run('python', 'a.py', 'import os\nh = b"⟪$S⟫"\n'),
    'import os\nh = os.environ["NAME"].encode()\n');
});

// ---- Go

test('Go: "os" is added to the import block in sorted position', () => {
  const source = 'package main\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nvar token = "⟪$S⟫"\n';
  assert.equal(run('go', 'a.go', source),
    'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n)\n\nvar token = os.Getenv("NAME")\n');
});

test('Go: a file without imports gets import "os"; an existing one is kept', () => {
  assert.equal(run('go', 'a.go', 'package main\n\nfunc f() string {\n\treturn "⟪$S⟫"\n}\n'),
    'package main\n\nimport "os"\n\nfunc f() string {\n\treturn os.Getenv("NAME")\n}\n');
  assert.equal(run('go', 'a.go', 'package main\n\nimport "os"\n\nvar t = "⟪$S⟫"\n'),
    'package main\n\nimport "os"\n\nvar t = os.Getenv("NAME")\n');
});

test('Go: part of a string is concatenated, raw strings keep their backticks', () => {
  assert.equal(run('go', 'a.go', 'package main\n\nimport "os"\n\nvar u = "postgres://u:⟪$S⟫@h/db"\n'),
    'package main\n\nimport "os"\n\nvar u = "postgres://u:" + os.Getenv("NAME") + "@h/db"\n');
  assert.equal(run('go', 'a.go', 'package main\n\nimport "os"\n\nvar u = `Bearer ⟪$S⟫`\n'),
    'package main\n\nimport "os"\n\nvar u = `Bearer ` + os.Getenv("NAME")\n');
});

// ---- Java, Kotlin, C#

test('Java: System.getenv for a whole literal, concatenation for a part, formatted() in a text block', () => {
  assert.equal(run('java', 'A.java', 'String key = "⟪$S⟫";'), 'String key = System.getenv("NAME");');
  assert.equal(run('java', 'A.java', 'String h = "Bearer ⟪$S⟫";'),
    'String h = "Bearer " + System.getenv("NAME");');
  assert.equal(run('java', 'A.java', 'String j = """\n  {"k": "⟪$S⟫", "p": "50%"}""";'),
    'String j = """\n  {"k": "%s", "p": "50%%"}""".formatted(System.getenv("NAME"));');
});

test('Kotlin: System.getenv, spliced with a ${} string template', () => {
  assert.equal(run('kotlin', 'A.kt', 'val key = "⟪$S⟫"'), 'val key = System.getenv("NAME")');
  assert.equal(run('kotlin', 'A.kt', 'val h = "Bearer ⟪$S⟫ \\$x"'),
    'val h = "Bearer ${System.getenv("NAME")} \\$x"');
});

test('C#: GetEnvironmentVariable; concatenation, or a hole in an interpolated string', () => {
  assert.equal(run('csharp', 'A.cs', 'var key = "⟪$S⟫";'),
    'var key = Environment.GetEnvironmentVariable("NAME");');
  assert.equal(run('csharp', 'A.cs', 'var h = "Bearer ⟪$S⟫";'),
    'var h = "Bearer " + Environment.GetEnvironmentVariable("NAME");');
  assert.equal(run('csharp', 'A.cs', 'var h = $"Bearer ⟪$S⟫ {user}";'),
    'var h = $"Bearer {Environment.GetEnvironmentVariable("NAME")} {user}";');
  const { text, r } = migrate('csharp', 'A.cs', 'var p = @"a""⟪$S""⟫b";');
  assert.equal(text, 'var p = @"a""" + Environment.GetEnvironmentVariable("NAME") + @"b";');
  assert.equal(r.value, `${S}"`);
});

// ---- Ruby, PHP, Rust

test('Ruby: ENV.fetch; double-quoted strings get #{}, single-quoted ones become double-quoted', () => {
  assert.equal(run('ruby', 'a.rb', "key = '⟪$S⟫'"), 'key = ENV.fetch("NAME")');
  assert.equal(run('ruby', 'a.rb', 'h = "Bearer ⟪$S⟫ #{x}"'), 'h = "Bearer #{ENV.fetch("NAME")} #{x}"');
  assert.equal(run('ruby', 'a.rb', "h = 'it\\'s \"#{raw}\" \\\\ ⟪$S⟫'"),
    'h = "it\'s \\"\\#{raw}\\" \\\\ #{ENV.fetch("NAME")}"');
});

test("PHP: getenv('NAME'), concatenated with . when the secret is part of a string", () => {
  assert.equal(run('php', 'a.php', "<?php $key = '⟪$S⟫';"), "<?php $key = getenv('NAME');");
  assert.equal(run('php', 'a.php', "<?php $dsn = 'mysql://u:⟪$S⟫@h/db';"),
    "<?php $dsn = 'mysql://u:' . getenv('NAME') . '@h/db';");
});

test('Rust: std::env::var(...).expect(...), format! with braces escaped for a part', () => {
  assert.equal(run('rust', 'a.rs', 'let key = "⟪$S⟫";'),
    'let key = std::env::var("NAME").expect("NAME must be set");');
  assert.equal(run('rust', 'a.rs', 'let u = "postgres://u:⟪$S⟫@h/{db}";'),
    'let u = format!("postgres://u:{}@h/{{db}}", std::env::var("NAME").expect("NAME must be set"));');
  assert.equal(run('rust', 'a.rs', 'let u = r#"a"⟪$S⟫"#;'),
    'let u = format!(r#"a"{}"#, std::env::var("NAME").expect("NAME must be set"));');
});

// ---- Shell, YAML, properties, Terraform, .http

test('shell: "${NAME}" for a word or a whole string, ${NAME} inside double quotes, split single quotes',
  () => {
  assert.equal(run('shellscript', 'a.sh', 'export API_TOKEN=⟪$S⟫\n'), 'export API_TOKEN="${NAME}"\n');
  assert.equal(run('shellscript', 'a.sh', "T='⟪$S⟫'\n"), 'T="${NAME}"\n');
  assert.equal(run('shellscript', 'a.sh', 'curl -H "Authorization: Bearer ⟪$S⟫" x\n'),
    'curl -H "Authorization: Bearer ${NAME}" x\n');
  assert.equal(run('shellscript', 'a.sh', "curl -H 'Authorization: Bearer ⟪$S⟫' x\n"),
    'curl -H \'Authorization: Bearer \'"${NAME}" x\n');
});

test('YAML and docker-compose: ${NAME} in place of the secret, quotes kept', () => {
  assert.equal(run('yaml', 'app.yaml', 'db:\n  password: ⟪$S⟫ # prod\n'),
    'db:\n  password: ${NAME} # prod\n');
  assert.equal(run('dockercompose', 'compose.yaml', 'x:\n  url: "postgres://u:⟪$S⟫@h"\n'),
    'x:\n  url: "postgres://u:${NAME}@h"\n');
  const { r } = migrate('yaml', 'a.yml', "k: 'it''s ⟪$S''⟫'\n");
  assert.equal(r.value, `${S}'`);
});

test('.properties: ${NAME}; the stored value has the escapes decoded', () => {
  const { text, r } = migrate('properties', 'application.properties', 'db.password=⟪$S\\:x⟫\n');
  assert.equal(text, 'db.password=${NAME}\n');
  assert.equal(r.value, `${S}:x`);
});

test('Terraform: var.name, a sensitive variable block, and TF_VAR_name as the .env key', () => {
  const { text, r } = migrate('terraform', 'main.tf', 'resource "x" "y" {\n  password = "⟪$S⟫"\n}\n',
    'DB_PASSWORD');
  assert.equal(text, 'resource "x" "y" {\n  password = var.db_password\n}\n');
  assert.equal(r.envKey, 'TF_VAR_db_password');
  assert.equal(r.declaration?.block,
    'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n');
  assert.equal(run('terraform', 'main.tf', 'u = "https://u:⟪$S⟫@h/${var.db}"\n', 'DB_PASSWORD'),
    'u = "https://u:${var.db_password}@h/${var.db}"\n');
});

test('.http: {{NAME}} (an environment credential) or {{$dotenv NAME}} in place of the secret', () => {
  assert.equal(run('http', 'api.http', 'GET https://x\nAuthorization: Bearer ⟪$S⟫\n'),
    'GET https://x\nAuthorization: Bearer {{NAME}}\n');
  const text = `GET https://x\nX-Key: ${S}\n`;
  const start = text.indexOf(S);
  const r = planReplacement({ text, languageId: 'http', fileName: 'a.http', start, end: start + S.length,
    name: 'KEY',
    target: 'dotenv' });
  assert.ok(!('error' in r));
  assert.equal(applyEdits(text, r.edits), 'GET https://x\nX-Key: {{$dotenv KEY}}\n');
});

test('JSON cannot read the environment: .env is not offered; SecretStorage leaves a {{NAME}} placeholder',
  () => {
  assert.match(migrationLanguage('json', 'config.json').noEnvironment ?? '', /no way to read environment/);
  assert.equal(run('json', 'config.json', '{"db": {"password": "⟪$S⟫"}}'),
    '{"db": {"password": "{{NAME}}"}}');
  assert.equal(migrationLanguage('xml', 'app.config').noEnvironment !== undefined, true);
});

test('.vscode/launch.json reads ${env:NAME}', () => {
  assert.equal(run('jsonc', '/w/.vscode/launch.json', '{"env": {"T": "⟪$S⟫"}}'),
    '{"env": {"T": "${env:NAME}"}}');
  assert.equal(migrationLanguage('jsonc', '/w/.vscode/launch.json').noEnvironment, undefined);
});

test('.env itself and Dockerfiles get no replacement, with a reason', () => {
  for (const [lang, file] of [['dotenv', '/w/.env'], ['plaintext', '/w/.env.local'], ['dockerfile',
    '/w/Dockerfile']]) {
    const text = `X=${S}\n`;
    const r = planReplacement({ text, languageId: lang, fileName: file, start: 2, end: 2 + S.length,
      name: 'X' });
    assert.ok('error' in r, file);
  }
  assert.match(migrationLanguage('dockerfile', 'Dockerfile').unsupported ?? '', /--mount=type=secret/);
  assert.match(migrationLanguage('dotenv', '.env').unsupported ?? '', /already/);
  assert.match(migrationLanguage('yaml', '/w/.github/workflows/ci.yml').unsupported ?? '', /secrets\.NAME/);
  assert.equal(migrationLanguage('yaml', '/w/deploy/ci.yml').unsupported, undefined);
});

test('.env.example: the value is removed, the key stays', () => {
  assert.equal(run('plaintext', '/w/.env.example', 'A=1\nAPI_KEY=⟪$S⟫\n'), 'A=1\nAPI_KEY=\n');
});

test('JS: legacy octal escapes and \\8 in the rest of a string stay valid inside the new template', () => {
  assert.equal(run('javascript', 'a.js', 'const a = "x\\01\\8\\0 y\\08 ⟪$S⟫";'),
    'const a = `x\\x018\\0 y\\x008 ${process.env.NAME}`;');
});

test('Python and Rust: the braces of \\N{...} and \\u{...} escapes are not doubled', () => {
  assert.equal(run('python', 'a.py', 'import os\nx = "\\N{EM DASH} {a} ⟪$S⟫"\n'),
    'import os\nx = f"\\N{EM DASH} {{a}} {os.environ[\'NAME\']}"\n');
  assert.equal(run('python', 'a.py', 'import os\nx = r"\\N{x} ⟪$S⟫"\n'),
    'import os\nx = rf"\\N{{x}} {os.environ[\'NAME\']}"\n');
  assert.equal(run('rust', 'a.rs', 'let a = "\\u{1F511} {} ⟪$S⟫";'),
    'let a = format!("\\u{1F511} {{}} {}", std::env::var("NAME").expect("NAME must be set"));');
});

test('JS: a secret used as an object key becomes a computed key', () => {
  assert.equal(run('javascript', 'a.js', 'const o = {\n  "⟪$S⟫": 1, b: "x" };'),
    'const o = {\n  [process.env.NAME]: 1, b: "x" };');
  assert.equal(run('javascript', 'a.js', 'const o = { a: 1, "k-⟪$S⟫" : 2 };'),
    'const o = { a: 1, [`k-${process.env.NAME}`] : 2 };');
  assert.equal(run('javascript', 'a.js', 'f(a ? "⟪$S⟫" : b);'), 'f(a ? process.env.NAME : b);');
});

test('YAML: in a flow collection the reference is double-quoted, so its braces stay a plain value', () => {
  assert.equal(run('yaml', 'a.yml', 'env: {TOKEN: ⟪$S⟫, X: 1}\n'), 'env: {TOKEN: "${NAME}", X: 1}\n');
  assert.equal(run('yaml', 'a.yml', 'args: [--token=⟪$S⟫, "b"]\n'), 'args: ["--token=${NAME}", "b"]\n');
  assert.equal(run('yaml', 'a.yml', "args: [a, 'x ⟪$S⟫']\n"), "args: [a, 'x ${NAME}']\n");
});

test('a literal that must stay a compile-time constant is refused with a reason, not made uncompilable',
  () => {
  const refused = (languageId: string, fileName: string, source: string) => {
    const open = source.indexOf('⟪');
    const text = source.replace('⟪', '').replace('⟫', '').split('$S').join(S);
    const r = planReplacement({ text, languageId, fileName, start: open, end: open + S.length, name: 'N' });
    return 'error' in r && /compile-time constant/.test(r.error);
  };
  assert.ok(refused('php', 'a.php', "<?php class A { private $key = '⟪$S⟫'; }"));
  assert.ok(refused('php', 'a.php', "<?php function f($key = '⟪$S⟫') {}"));
  assert.ok(refused('java', 'A.java', '@Named("⟪$S⟫") class A {}'));
  assert.ok(refused('java', 'A.java', 'switch (s) { case "⟪$S⟫": break; }'));
  assert.ok(refused('kotlin', 'a.kt', 'const val KEY = "⟪$S⟫"'));
  assert.ok(refused('csharp', 'a.cs', 'const string Key = "⟪$S⟫";'));
  assert.ok(refused('rust', 'a.rs', 'static KEY: &str = "⟪$S⟫";'));
  assert.ok(refused('go', 'a.go', 'const key = "⟪$S⟫"'));
  assert.ok(!refused('php', 'a.php', "<?php function f() { $key = '⟪$S⟫'; }"));
  assert.ok(!refused('java', 'A.java', '@Test void f() { call("⟪$S⟫"); }'));
  assert.ok(!refused('go', 'a.go', 'key := "⟪$S⟫"'));
});
