import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeLiteral, findStringLiteral, findYamlScalar, JS_SYNTAX, KOTLIN_SYNTAX, PYTHON_SYNTAX, RUBY_SYNTAX,
  RUST_SYNTAX,
} from '../../../src/core/migrate/stringLiteral';

const at = (text: string, needle: string) => [text.indexOf(needle), text.indexOf(needle)
  + needle.length] as const;

test('quotes inside comments and other strings do not confuse the lexer', () => {
  const text = `// don't "stop"\n/* it's */ const a = "x'y"; const b = 'NEEDLE';`;
  const [s, e] = at(text, 'NEEDLE');
  const lit = findStringLiteral(text, JS_SYNTAX, s, e);
  assert.equal(text.slice(lit!.start, lit!.end), "'NEEDLE'");
  assert.equal(findStringLiteral('// NEEDLE\n', JS_SYNTAX, 3, 9), undefined);
});

test('a string nested in a template hole is found, and the template end is found past it', () => {
  const text = 'f(`a ${g("in NEEDLE")} b`); const z = "after";';
  const [s, e] = at(text, 'NEEDLE');
  const inner = findStringLiteral(text, JS_SYNTAX, s, e)!;
  assert.equal(text.slice(inner.start, inner.end), '"in NEEDLE"');
  const [s2, e2] = at(text, 'after');
  assert.equal(text.slice(...[findStringLiteral(text, JS_SYNTAX, s2, e2)!].map((l) => [l.start, l.end])[0]),
    '"after"');
  const kotlin = 'val s = "${System.getenv("A")} NEEDLE"';
  const [k1, k2] = at(kotlin, 'NEEDLE');
  assert.equal(findStringLiteral(kotlin, KOTLIN_SYNTAX, k1, k2)!.start, kotlin.indexOf('"$'));
});

test('Python prefixes, triple quotes and Rust raw strings are recognised', () => {
  const py = 'x = Rb"""a\nNEEDLE"""';
  const [s, e] = at(py, 'NEEDLE');
  const lit = findStringLiteral(py, PYTHON_SYNTAX, s, e)!;
  assert.deepEqual([lit.prefix, lit.open, lit.escapes], ['Rb', '"""', 'none']);
  const rs = 'let u = r##"a "# NEEDLE"##;';
  const [r1, r2] = at(rs, 'NEEDLE');
  const raw = findStringLiteral(rs, RUST_SYNTAX, r1, r2)!;
  assert.equal(rs.slice(raw.start, raw.end), 'r##"a "# NEEDLE"##');
});

test('YAML scalars: plain up to a comment, and quoted', () => {
  const text = 'a:\n  key: value NEEDLE # note\n  q: "x NEEDLE2"\n';
  const [s, e] = at(text, 'NEEDLE');
  const plain = findYamlScalar(text, s, e)!;
  assert.equal(text.slice(plain.start, plain.end), 'value NEEDLE');
  const [s2, e2] = at(text, 'NEEDLE2');
  const quoted = findYamlScalar(text, s2, e2)!;
  assert.equal(text.slice(quoted.start, quoted.end), '"x NEEDLE2"');
});

test('decodeLiteral reads each escape style', () => {
  assert.equal(decodeLiteral('a\\n\\t\\x41\\u0042\\u{1F511}\\\\\\"', 'c'), 'a\n\tAB🔑\\"');
  assert.equal(decodeLiteral('a\\nb', 'none'), 'a\\nb');
  assert.equal(decodeLiteral("it\\'s \\\\ \\n", 'singleQuoted'), "it's \\ \\n");
  assert.equal(decodeLiteral('say ""hi""', 'doubledQuote'), 'say "hi"');
  assert.equal(decodeLiteral("it''s", 'yamlSingle'), "it's");
  assert.equal(decodeLiteral('\\$HOME \\" \\n', 'shellDouble'), '$HOME " \\n');
  assert.equal(decodeLiteral('a\\:b\\u0041\\=', 'properties'), 'a:bA=');
});

test('a secret the lexer sees inside an unclosed literal is not offered (a quote in a regex, %q())', () => {
  // After `)` a `/` is taken for division, so this regex's quote opens a string that never closes.
  const js = 'if (x) /it\'s/.test(s); const a = "NEEDLE";\nconst b = 1;\n';
  assert.equal(findStringLiteral(js, JS_SYNTAX, ...at(js, 'NEEDLE')), undefined);
  const rb = 'a = %q(it\'s)\nb = "NEEDLE"\n';
  assert.equal(findStringLiteral(rb, RUBY_SYNTAX, ...at(rb, 'NEEDLE')), undefined);
  const open = 'const a = "NEEDLE\n';
  assert.equal(findStringLiteral(open, JS_SYNTAX, ...at(open, 'NEEDLE')), undefined);
});

test('JS: quotes inside regex literals do not hide the string after them; division is not a regex', () => {
  const text = 'const t = s.replace(/["\']/g, "").split(/[/]x/); const a = "NEEDLE"; const q = a / 2 / 3;';
  const lit = findStringLiteral(text, JS_SYNTAX, ...at(text, 'NEEDLE'));
  assert.equal(text.slice(lit!.start, lit!.end), '"NEEDLE"');
  const division = 'const x = (a) / 2; const y = b / 4; const k = "NEEDLE";';
  assert.equal(findStringLiteral(division, JS_SYNTAX, ...at(division, 'NEEDLE'))!.start,
    division.indexOf('"NEEDLE'));
  const jsx = 'const e = <a>x</a>; const k = <C t="NEEDLE" />;';
  assert.equal(findStringLiteral(jsx, JS_SYNTAX, ...at(jsx, 'NEEDLE'))!.start, jsx.indexOf('"NEEDLE'));
});

test('Rust: a quote in a char literal does not open a string; lifetimes are not chars', () => {
  const text = "fn f<'a>(s: &'a str) -> char { let q = '\"'; let e = '\\''; let k = \"NEEDLE\"; q }";
  const lit = findStringLiteral(text, RUST_SYNTAX, ...at(text, 'NEEDLE'));
  assert.equal(text.slice(lit!.start, lit!.end), '"NEEDLE"');
});
