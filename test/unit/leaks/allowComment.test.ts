import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  commentSyntaxFor,
  planAllowComment,
  type AllowCommentEdit,
} from '../../../src/core/leaks/allowComment';

/** Applies the planned edit, so tests assert on the file a user would end up with. */
function apply(text: string, edit: AllowCommentEdit): string {
  const lines = text.split('\n');
  const target = lines[edit.line];
  lines[edit.line] = target.slice(0, edit.character) + edit.text + target.slice(edit.character);
  return lines.join('\n');
}

function plan(text: string, line: number, languageId: string, fileName: string): string | undefined {
  const edit = planAllowComment(text, line, languageId, fileName);
  return edit && apply(text, edit);
}

test('C-like languages get a trailing // comment', () => {
  const text = 'const a = 1;\nconst token = "KEY123";\n';
  assert.equal(
    plan(text, 1, 'typescript', 'src/a.ts'),
    'const a = 1;\nconst token = "KEY123"; // token-warden:allow\n',
  );
  assert.equal(
    plan('String k = "KEY";   ', 0, 'java', 'A.java'),
    'String k = "KEY"; // token-warden:allow   ',
  );
});

test('hash-comment languages get a trailing # comment', () => {
  assert.equal(plan('TOKEN = "KEY"\n', 0, 'python', 'app.py'), 'TOKEN = "KEY" # token-warden:allow\n');
  assert.equal(
    plan('export TOKEN=KEY\n', 0, 'shellscript', 'run.sh'),
    'export TOKEN=KEY # token-warden:allow\n',
  );
  assert.equal(plan('token: KEY\n', 0, 'yaml', 'ci.yml'), 'token: KEY # token-warden:allow\n');
  assert.equal(plan('TOKEN = "KEY"\n', 0, 'ruby', 'app.rb'), 'TOKEN = "KEY" # token-warden:allow\n');
  assert.equal(plan('API_TOKEN=KEY\n', 0, 'plaintext', '.env.local'), 'API_TOKEN=KEY # token-warden:allow\n');
});

test('markup, SQL, Lua and CSS use their own comment delimiters', () => {
  assert.equal(plan('<p>KEY</p>', 0, 'html', 'a.html'), '<p>KEY</p> <!-- token-warden:allow -->');
  assert.equal(plan('<key>KEY</key>', 0, 'xml', 'a.xml'), '<key>KEY</key> <!-- token-warden:allow -->');
  assert.equal(plan('Token: KEY', 0, 'markdown', 'README.md'), 'Token: KEY <!-- token-warden:allow -->');
  assert.equal(plan("SELECT 'KEY';", 0, 'sql', 'q.sql'), "SELECT 'KEY'; -- token-warden:allow");
  assert.equal(plan('local k = "KEY"', 0, 'lua', 'a.lua'), 'local k = "KEY" -- token-warden:allow');
  assert.equal(plan('a { b: "KEY"; }', 0, 'css', 'a.css'), 'a { b: "KEY"; } /* token-warden:allow */');
});

test('formats where a comment may only start a line get one above, indented like the line', () => {
  assert.equal(
    plan('[auth]\n  token = KEY\n', 1, 'ini', 'a.ini'),
    '[auth]\n  ; token-warden:allow-next-line\n  token = KEY\n',
  );
  assert.equal(
    plan('db.password=KEY\n', 0, 'properties', 'app.properties'),
    '# token-warden:allow-next-line\ndb.password=KEY\n',
  );
  assert.equal(
    plan('FROM node\nENV TOKEN=KEY\n', 1, 'dockerfile', 'Dockerfile'),
    'FROM node\n# token-warden:allow-next-line\nENV TOKEN=KEY\n',
  );
});

test('JSON has no comments: no inline allow is offered, JSONC gets //', () => {
  assert.equal(planAllowComment('{"token": "KEY"}', 0, 'json', 'a.json'), undefined);
  assert.equal(commentSyntaxFor('json', 'a.json'), undefined);
  assert.equal(
    plan('{"token": "KEY"}', 0, 'jsonc', 'settings.json'),
    '{"token": "KEY"} // token-warden:allow',
  );
});

test('a line that ends inside a template literal gets the comment on the line above', () => {
  const text = 'function f() {\n  const s = `KEY\n  more`;\n}';
  assert.equal(
    plan(text, 1, 'javascript', 'a.js'),
    'function f() {\n  // token-warden:allow-next-line\n' + '  const s = `KEY\n  more`;\n}',
  );
});

test('a line in the middle of a multi-line string offers no inline comment', () => {
  const js = 'const s = `one\nKEY\nthree`;';
  assert.equal(planAllowComment(js, 1, 'javascript', 'a.js'), undefined);
  const py = 'doc = """\nKEY\n"""\n';
  assert.equal(planAllowComment(py, 1, 'python', 'a.py'), undefined);
});

test('the closing line of a multi-line string takes a trailing comment', () => {
  const js = 'const s = `one\nKEY`;';
  assert.equal(plan(js, 1, 'javascript', 'a.js'), 'const s = `one\nKEY`; // token-warden:allow');
});

test('template expressions return to code, so a closed template on one line is code again', () => {
  assert.equal(
    plan('const u = `${host}/x?k=${"KEY"}`;', 0, 'typescript', 'a.ts'),
    'const u = `${host}/x?k=${"KEY"}`; // token-warden:allow',
  );
});

test('quotes inside comments and escaped quotes do not open strings', () => {
  const text = "// it's fine\nconst a = 'it\\'s';\nconst k = 'KEY';";
  assert.equal(
    plan(text, 2, 'javascript', 'a.js'),
    "// it's fine\nconst a = 'it\\'s';\n" + "const k = 'KEY'; // token-warden:allow",
  );
});

test('inside a block comment the bare marker is appended, without a second opener', () => {
  assert.equal(plan('/* key:\n KEY\n*/', 1, 'c', 'a.c'), '/* key:\n KEY token-warden:allow\n*/');
  assert.equal(plan('<!-- key:\nKEY\n-->', 1, 'html', 'a.html'), '<!-- key:\nKEY token-warden:allow\n-->');
});

test('a line already ending in a line comment gets the bare marker', () => {
  assert.equal(plan('x = 1 # KEY', 0, 'python', 'a.py'), 'x = 1 # KEY token-warden:allow');
});

test('a backslash line continuation is not broken', () => {
  const py = 'x = "a" \\\n    "KEY"\n';
  assert.equal(plan(py, 0, 'python', 'a.py'), '# token-warden:allow-next-line\n' + py);
  assert.equal(plan(py, 1, 'python', 'a.py'), 'x = "a" \\\n    "KEY" # token-warden:allow\n');
  const continued = 'x = 1 + \\\n    2 + \\\n    f("KEY")\n';
  assert.equal(planAllowComment(continued, 1, 'python', 'a.py'), undefined);
  const sh = 'curl -H "X: KEY" \\\n  https://example.test\n';
  assert.equal(plan(sh, 0, 'shellscript', 'a.sh'), '# token-warden:allow-next-line\n' + sh);
});

test('YAML block scalars and shell heredocs are string content', () => {
  const yaml = 'script: |\n  echo KEY\nother: 1\n';
  assert.equal(planAllowComment(yaml, 1, 'yaml', 'ci.yml'), undefined);
  assert.equal(plan(yaml, 2, 'yaml', 'ci.yml'), 'script: |\n  echo KEY\nother: 1 # token-warden:allow\n');
  const sh = 'cat <<EOF\nKEY\nEOF\necho KEY\n';
  assert.equal(planAllowComment(sh, 1, 'shellscript', 'a.sh'), undefined);
  assert.equal(plan(sh, 3, 'shellscript', 'a.sh'), 'cat <<EOF\nKEY\nEOF\necho KEY # token-warden:allow\n');
});

test('a YAML value with a # in a plain scalar is not taken for a comment', () => {
  assert.equal(
    plan("url: http://x/#frag\nk: 'it''s KEY'", 1, 'yaml', 'a.yml'),
    "url: http://x/#frag\nk: 'it''s KEY' # token-warden:allow",
  );
});

test('markdown fenced code blocks offer no inline comment', () => {
  const md = '# Setup\n```bash\nexport TOKEN=KEY\n```\n';
  assert.equal(planAllowComment(md, 2, 'markdown', 'README.md'), undefined);
});

test('an HTML tag spanning lines gets the comment above it', () => {
  const html = '<meta name="k"\n  content="KEY">';
  assert.equal(plan(html, 0, 'html', 'a.html'), '<!-- token-warden:allow-next-line -->\n' + html);
  assert.equal(planAllowComment(html, 1, 'html', 'a.html')?.placement, 'end-of-line');
});

test('unknown languages and out-of-range lines get nothing', () => {
  assert.equal(planAllowComment('KEY', 0, 'plaintext', 'notes.txt'), undefined);
  assert.equal(planAllowComment('KEY', 3, 'python', 'a.py'), undefined);
});
