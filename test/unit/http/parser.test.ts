import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findReferences, parseHttpFile, requestAtLine } from '../../../src/core/http/parser';

const lines = (...l: string[]) => l.join('\n');

test('an empty file has no requests, variables or errors', () => {
  for (const text of ['', '\n\n', '   ']) {
    const file = parseHttpFile(text);
    assert.deepEqual([file.requests.length, file.fileVariables.length, file.errors.length], [0, 0, 0]);
  }
});

test('a file with only variables yields variables and no request', () => {
  const file = parseHttpFile(lines('@host = example.com', '@port=8080', '# a comment', ''));
  assert.equal(file.requests.length, 0);
  assert.deepEqual(
    file.fileVariables.map((v) => [v.name, v.value, v.line]),
    [
      ['host', 'example.com', 0],
      ['port', '8080', 1],
    ],
  );
});

test('### separates requests and the text after it is the title', () => {
  const file = parseHttpFile(
    lines(
      'GET https://a.test/one',
      '',
      '### Second one',
      'POST https://a.test/two',
      '###',
      'GET https://a.test/3',
    ),
  );
  assert.deepEqual(
    file.requests.map((r) => [r.method, r.url, r.title]),
    [
      ['GET', 'https://a.test/one', undefined],
      ['POST', 'https://a.test/two', 'Second one'],
      ['GET', 'https://a.test/3', undefined],
    ],
  );
  assert.deepEqual(
    file.requests.map((r) => r.index),
    [0, 1, 2],
  );
});

test('# @name and // @name both name a request', () => {
  const file = parseHttpFile(
    lines('# @name login', 'POST https://a.test/login', '###', '// @name me', 'GET https://a.test/me'),
  );
  assert.deepEqual(
    file.requests.map((r) => r.name),
    ['login', 'me'],
  );
});

test('whole-line # and // comments before the request line are skipped', () => {
  const file = parseHttpFile(lines('# first', '// second', '   # indented', 'GET https://a.test/'));
  assert.equal(file.requests.length, 1);
  assert.equal(file.requests[0].requestLine, 3);
  assert.equal(file.errors.length, 0);
});

test('file variables before and between requests are global to the file', () => {
  const file = parseHttpFile(
    lines('@a = 1', 'GET https://a.test/{{a}}', '###', '@b = {{a}}2', 'GET https://a.test/{{b}}'),
  );
  assert.deepEqual(
    file.fileVariables.map((v) => v.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    file.fileVariables[1].references.map((r) => [r.name, r.line, r.start, r.end]),
    [['a', 3, 5, 10]],
  );
});

test('request metadata comments: @auth with a value, @no-redirect bare', () => {
  const file = parseHttpFile(lines('# @auth GITHUB', '# @no-redirect', 'GET https://a.test/'));
  assert.deepEqual(file.requests[0].metadata, { auth: 'GITHUB', 'no-redirect': '' });
});

test('the method is optional and defaults to GET', () => {
  const file = parseHttpFile('https://a.test/items');
  assert.equal(file.requests[0].method, 'GET');
  assert.equal(file.requests[0].url, 'https://a.test/items');
});

test('lowercase methods are accepted and upper-cased', () => {
  assert.equal(parseHttpFile('post https://a.test/').requests[0].method, 'POST');
  assert.equal(parseHttpFile('delete https://a.test/').requests[0].method, 'DELETE');
});

test('a request line may end with an HTTP version', () => {
  const r = parseHttpFile('GET https://a.test/x HTTP/1.1').requests[0];
  assert.equal(r.url, 'https://a.test/x');
  assert.equal(r.httpVersion, 'HTTP/1.1');
  assert.equal(r.errors.length, 0);
});

test('lines starting with ? or & continue the query string', () => {
  const r = parseHttpFile(lines('GET https://a.test/search', '  ?q=one', '  &page={{page}}', 'Accept: */*'))
    .requests[0];
  assert.equal(r.url, 'https://a.test/search?q=one&page={{page}}');
  assert.deepEqual(
    r.references.map((ref) => [ref.name, ref.line]),
    [['page', 2]],
  );
  assert.deepEqual(
    r.headers.map((h) => h.name),
    ['Accept'],
  );
});

test('headers run until the first blank line; the body follows it', () => {
  const r = parseHttpFile(
    lines('POST https://a.test/', 'Content-Type: application/json', 'X-Trace:  abc ', '', '{"a": 1}', ''),
  ).requests[0];
  assert.deepEqual(
    r.headers.map((h) => [h.name, h.value, h.line]),
    [
      ['Content-Type', 'application/json', 1],
      ['X-Trace', 'abc', 2],
    ],
  );
  assert.deepEqual(r.body, [{ kind: 'text', text: '{"a": 1}' }]);
});

test('comment lines among headers are skipped', () => {
  const r = parseHttpFile(lines('GET https://a.test/', '# Accept: text/html', 'Accept: */*')).requests[0];
  assert.deepEqual(
    r.headers.map((h) => h.name),
    ['Accept'],
  );
});

test('inside a body, # and // lines are body text (REST Client behaviour)', () => {
  const r = parseHttpFile(lines('POST https://a.test/', '', 'line one', '# not a comment', '// nor this'))
    .requests[0];
  assert.deepEqual(r.body, [{ kind: 'text', text: 'line one\n# not a comment\n// nor this' }]);
});

test('### inside a body still starts the next request', () => {
  const file = parseHttpFile(
    lines('POST https://a.test/', '', '{"a": 1}', '### next', 'GET https://a.test/b'),
  );
  assert.equal(file.requests.length, 2);
  assert.deepEqual(file.requests[0].body, [{ kind: 'text', text: '{"a": 1}' }]);
});

test('multiple blank lines: between requests ignored, inside a body kept, trailing dropped', () => {
  const file = parseHttpFile(
    lines(
      '',
      '',
      'POST https://a.test/',
      '',
      'a',
      '',
      '',
      'b',
      '',
      '',
      '###',
      '',
      '',
      'GET https://a.test/2',
      '',
      '',
    ),
  );
  assert.deepEqual(file.requests[0].body, [{ kind: 'text', text: 'a\n\n\nb' }]);
  assert.equal(file.requests[1].requestLine, 13);
  assert.deepEqual(file.requests[1].body, []);
});

test('CRLF files: values carry no \\r and bodies are joined with CRLF', () => {
  const r = parseHttpFile('@x = 1\r\nPOST https://a.test/ HTTP/1.1\r\nAccept: */*\r\n\r\na\r\nb\r\n')
    .requests[0];
  assert.equal(r.httpVersion, 'HTTP/1.1');
  assert.deepEqual(
    r.headers.map((h) => h.value),
    ['*/*'],
  );
  assert.deepEqual(r.body, [{ kind: 'text', text: 'a\r\nb' }]);
});

test('a file without a trailing newline keeps its last body line', () => {
  const r = parseHttpFile('POST https://a.test/\n\n{"last": true}').requests[0];
  assert.deepEqual(r.body, [{ kind: 'text', text: '{"last": true}' }]);
});

test('< file includes a body file; <@ includes it with variables', () => {
  const r = parseHttpFile(lines('POST https://a.test/', '', '< ./payload.json', '<@ ./template.txt'))
    .requests[0];
  assert.deepEqual(r.body, [
    { kind: 'file', path: './payload.json', substituteVariables: false, line: 2 },
    { kind: 'file', path: './template.txt', substituteVariables: true, line: 3 },
  ]);
});

test('{{baseUrl}} in a URL is recorded with line and columns', () => {
  const r = parseHttpFile(lines('### t', 'GET {{baseUrl}}/users/{{ id }}')).requests[0];
  assert.equal(r.url, '{{baseUrl}}/users/{{ id }}');
  assert.deepEqual(
    r.references.map((ref) => [ref.name, ref.line, ref.start, ref.end]),
    [
      ['baseUrl', 1, 4, 15],
      ['id', 1, 22, 30],
    ],
  );
});

test('references in headers and bodies are recorded; unclosed braces are not references', () => {
  const r = parseHttpFile(
    lines('POST https://a.test/', 'Authorization: Bearer {{TOKEN}}', '', '{"a": "{{x}}", "b": "{{open"}'),
  ).requests[0];
  assert.deepEqual(
    r.references.map((ref) => ref.name),
    ['TOKEN', 'x'],
  );
  assert.deepEqual(
    findReferences('{{a {{b}}', 0).map((ref) => ref.name),
    ['b'],
  );
});

test('ranges: block lines, request line, and lookup by line', () => {
  const file = parseHttpFile(
    lines('# @name a', 'GET https://a.test/', '', '###', 'GET https://a.test/b', 'Accept: */*'),
  );
  assert.deepEqual(
    file.requests.map((r) => [r.range.startLine, r.range.endLine, r.requestLine]),
    [
      [0, 2, 1],
      [4, 5, 4],
    ],
  );
  assert.equal(requestAtLine(file, 5)?.index, 1);
  assert.equal(requestAtLine(file, 0)?.index, 0);
});

test('malformed header line: an error with its line, the request is marked, nothing throws', () => {
  const file = parseHttpFile(lines('GET https://a.test/', 'this is not a header'));
  assert.deepEqual(
    file.errors.map((e) => e.line),
    [1],
  );
  assert.match(file.errors[0].message, /Expected a header/);
  assert.equal(file.requests[0].errors.length, 1);
});

test('a request line with spaces in the URL is an error on that line', () => {
  const file = parseHttpFile(lines('', 'FETCH the thing now'));
  assert.equal(file.errors[0].line, 1);
  assert.match(file.errors[0].message, /contains spaces/);
});

test('a variable line without "=" is an error', () => {
  const file = parseHttpFile('@broken value\nGET https://a.test/');
  assert.equal(file.errors[0].line, 0);
  assert.match(file.errors[0].message, /@name = value/);
  assert.equal(file.requests.length, 1);
});

test('pathological input is parsed without throwing', () => {
  const spaces = ' '.repeat(20000);
  const text = `# @x ${spaces}a\n@v =${spaces}b\nGET https://a.test/${'{{'.repeat(5000)}\n`;
  const file = parseHttpFile(text);
  assert.equal(file.requests.length, 1);
  assert.equal(file.fileVariables[0].value, 'b');
});

test('spaces inside {{ }} on the request line do not split the URL', () => {
  const r = parseHttpFile('GET https://a.test/{{$randomInt 1 9}}?t={{$timestamp -1 d}} HTTP/1.1').requests[0];
  assert.equal(r.errors.length, 0);
  assert.equal(r.url, 'https://a.test/{{$randomInt 1 9}}?t={{$timestamp -1 d}}');
  assert.deepEqual(
    r.references.map((ref) => ref.name),
    ['$randomInt 1 9', '$timestamp -1 d'],
  );
});

test('JetBrains response handlers after the body are split off with a warning, not sent', () => {
  const file = parseHttpFile(
    lines(
      'POST https://a.test/',
      '',
      '{"a": 1}',
      '',
      '> {%',
      '  client.global.set("t", response.body.token);',
      '%}',
      '>> ./saved.json',
      '',
      '###',
      'POST https://a.test/2',
      '',
      '> quoted text',
      'more text',
    ),
  );
  assert.deepEqual(file.requests[0].body, [{ kind: 'text', text: '{"a": 1}' }]);
  assert.deepEqual(
    file.requests[0].warnings.map((w) => w.line),
    [4, 7],
  );
  assert.deepEqual(
    file.requests[1].body,
    [{ kind: 'text', text: '> quoted text\nmore text' }],
    'mid-body lines stay',
  );
  assert.equal(file.errors.length, 0);
});

test('# @prompt declares a value to ask for, with an optional description', () => {
  const r = parseHttpFile(
    lines('# @prompt otp One-time code', '# @prompt user', 'GET https://a.test/{{user}}'),
  ).requests[0];
  assert.deepEqual(r.prompts, [
    { name: 'otp', description: 'One-time code', line: 0 },
    { name: 'user', description: undefined, line: 1 },
  ]);
});

test('a "{{" never closed in the URL, a header or the body is an error on its line', () => {
  const file = parseHttpFile(
    lines('GET https://a.test/?q={{term', 'X-A: {{ok}} and {{broken', '', 'body {{x}}', 'tail {{open'),
  );
  assert.deepEqual(
    file.requests[0].errors.map((e) => [e.line, e.message]),
    [
      [0, '"{{" at column 23 is not closed with "}}".'],
      [1, '"{{" at column 17 is not closed with "}}".'],
      [4, '"{{" at column 6 is not closed with "}}".'],
    ],
  );
  assert.equal(parseHttpFile('GET https://a.test/{{a}}\nX: {{b}}}\n').requests[0].errors.length, 0);
});

test('many "{{" before one "}}": the innermost opener is the reference', () => {
  const text = `${'{{'.repeat(50000)}name}} {{next}}`;
  assert.deepEqual(
    findReferences(text, 0).map((r) => [r.name, r.start, r.end]),
    [
      ['name', 99998, 100006],
      ['next', 100007, 100015],
    ],
  );
});

test('"# @auth" among the headers is a warning, since it is not applied there', () => {
  const r = parseHttpFile(lines('GET https://a.test/', '# @auth API_TOKEN', 'Accept: x')).requests[0];
  assert.deepEqual(r.metadata, {});
  assert.deepEqual(
    r.warnings.map((w) => [w.line, w.message]),
    [[1, '"@auth" after the request line is ignored; move it above the request line.']],
  );
  assert.deepEqual(r.errors, []);
});
