import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hasFormatPlaceholder,
  isDataUri, isDocumentationExample, isDocumentationHost, isFilePath, isHexDigest, isIdentifier, isLockFile,
  isPasswordHash, isRegexPattern,
  isLockfileIntegrityLine, isMinified, isPlaceholder, isProgramSource, isPublicKeyMaterial, isPublishableKey,
  isRedacted,
  isTemplateOrReference, isUrlWithoutCredentials, isUuid, isVersionString,
} from '../../../src/core/scan/falsePositiveFilters';
import { fakeApiKey, fakeBase64, fakePassword } from '../../support/genericSecrets';

const realLooking = [fakePassword(1), fakeApiKey(2), fakeApiKey(3, 40)];

/** Each filter must keep random secrets: a filter that drops everything would pass the positive cases. */
function keepsSecrets(filter: (value: string) => boolean): void {
  for (const secret of realLooking) {
    assert.equal(filter(secret), false, `${filter.name} dropped a random value`);
  }
}

test('isPlaceholder: template words, fillers and masks', () => {
  for (const value of ['<YOUR_KEY>', 'xxxxxxxxxxxx', '****', 'changeme', 'password', 'secret', 'example-key',
    'dummy_value', 'test', 'test123', 'foo', 'your-api-key-here', 'aaaaaaaaaa', 'REPLACE_ME',
    'fake_token_1']) {
    assert.equal(isPlaceholder(value), true, value);
  }
  keepsSecrets(isPlaceholder);
});

test('isTemplateOrReference: environment and template references in many languages', () => {
  for (const value of ['${VAR}', '${{ secrets.TOKEN }}', '{{var}}', '%(password)s', '$VAR', 'process.env.X',
    'os.environ["X"]', 'os.getenv("X")', 'System.getenv("X")', 'ENV["X"]', 'getenv("X")', "env('X')",
    'import.meta.env.VITE_X', '#{secret}', 'prefix-${suffix}', 'op://vault/item/field']) {
    assert.equal(isTemplateOrReference(value), true, value);
  }
  keepsSecrets(isTemplateOrReference);
});

test('isDocumentationExample: EXAMPLE suffixes and runs of x', () => {
  assert.equal(isDocumentationExample('AKIAIOSFODNN7' + 'EXAMPLE'), true);
  assert.equal(isDocumentationExample('sk_live_xxxxxxxxxxxxxxxx'), true);
  keepsSecrets(isDocumentationExample);
});

test('isRedacted: masked values', () => {
  for (const value of ['[REDACTED]', '***', 'sk-...abcd', 'ghp_****1234']) {
    assert.equal(isRedacted(value), true, value);
  }
  keepsSecrets(isRedacted);
});

test('isDocumentationHost: RFC 2606 example domains and reserved TLDs', () => {
  for (const host of ['example.com', 'api.example.org', 'example.net', 'db.test', 'x.example', 'a.invalid']) {
    assert.equal(isDocumentationHost(host), true, host);
  }
  for (const host of ['db.internal', 'examples.com', 'myexample.com', 'localhost', 'github.com']) {
    assert.equal(isDocumentationHost(host), false, host);
  }
});

test('isUuid and isHexDigest', () => {
  assert.equal(isUuid('550e8400-e29b-41d4-a716-446655440000'), true);
  assert.equal(isUuid('550e8400e29b41d4a716446655440000'), false);
  const digests = ['5f4dcc3b5aa765d61d8327deb882cf99', 'a'.repeat(39) + 'b', 'ab'.repeat(32),
    'AB'.repeat(64)];
  for (const hex of digests) {
    assert.equal(isHexDigest(hex), true, hex);
  }
  assert.equal(isHexDigest(`sha512-${fakeBase64(1, 86)}==`), true);
  assert.equal(isHexDigest('abc123'), false);
  keepsSecrets(isUuid);
  keepsSecrets(isHexDigest);
});

test('isLockfileIntegrityLine: npm, yarn, pnpm and go.sum lines', () => {
  const b64 = fakeBase64(5, 86);
  for (const line of [`      "integrity": "sha512-${b64}==",`, `  integrity sha512-${b64}==`,
    '  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz#abc"',
    `    resolution: {integrity: sha512-${b64}}`,
    `github.com/pkg/errors v0.9.1 h1:${fakeBase64(6, 43)}=`, '  checksum: 10c0/abcdef']) {
    assert.equal(isLockfileIntegrityLine(line), true, line);
  }
  assert.equal(isLockfileIntegrityLine(`  "token": "${fakeApiKey(1)}"`), false);
});

test('isDataUri, isVersionString, isFilePath, isUrlWithoutCredentials', () => {
  assert.equal(isDataUri('data:image/png;base64,iVBORw0KGgo'), true);
  assert.equal(isVersionString('1.2.3'), true);
  assert.equal(isVersionString('v10.0.1-beta.2'), true);
  const paths = ['/etc/ssl/private/server.key', './secrets/token.txt', 'C:\\keys\\app.pfx',
    'config/keys/app.pem'];
  for (const p of paths) {
    assert.equal(isFilePath(p), true, p);
  }
  // Twisted's `C\:/key.pem` quoted in a test's string literal is escaped twice.
  assert.equal(isFilePath('C\\\\:/key.pem:certKey=C\\\\:/cert.pem'), true);
  assert.equal(isUrlWithoutCredentials('https://api.example.org/v1?page=2'), true);
  assert.equal(isUrlWithoutCredentials('https://user:pw@api.example.org/'), false);
  keepsSecrets(isDataUri);
  keepsSecrets(isVersionString);
  keepsSecrets(isFilePath);
  keepsSecrets(isUrlWithoutCredentials);
});

test('isIdentifier: camelCase, PascalCase, snake_case, kebab-case, dotted and calls', () => {
  for (const value of ['getPasswordFromVault', 'accessTokenExpiry', 'TokenService', 'DB_PASSWORD',
    'user_password_hash', 'user-token-store', 'config.auth.token', 'this.password', 'm.groups?.secret',
    'readSecret()', 'getHTTPToken', '_M_token', '_S_token_ord_char', '__barrier_phase_t', '_RSAPrivateKey',
    'AWSAccessKeyId', 'id-regCtrl-regToken', 'Access-Control-Allow-Credentials']) {
    assert.equal(isIdentifier(value), true, value);
  }
  keepsSecrets(isIdentifier);
});

test('isPublicKeyMaterial and isPublishableKey', () => {
  assert.equal(isPublicKeyMaterial('-----BEGIN PUBLIC KEY-----\nMIIB'), true);
  assert.equal(isPublicKeyMaterial('-----BEGIN CERTIFICATE-----'), true);
  assert.equal(isPublicKeyMaterial(`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5${fakeBase64(2, 40)} me@host`), true);
  assert.equal(isPublishableKey('pk_live_' + fakeApiKey(4, 24)), true);
  assert.equal(isPublishableKey('sk_live_' + fakeApiKey(4, 24)), false);
  keepsSecrets(isPublicKeyMaterial);
  keepsSecrets(isPublishableKey);
});

test('file kinds: lock files, minified bundles, program source', () => {
  for (const p of ['package-lock.json', 'web/yarn.lock', 'pnpm-lock.yaml', 'go.sum', 'Cargo.lock']) {
    assert.equal(isLockFile(p), true, p);
  }
  assert.equal(isLockFile('src/lock.ts'), false);
  assert.equal(isMinified('x', 'dist/app.min.js', 1), true);
  assert.equal(isMinified('a'.repeat(5000), 'dist/app.js', 1), true);
  assert.equal(isMinified('short line\n'.repeat(500), 'src/app.js', 500), false);
  assert.equal(isProgramSource('src/app.ts'), true);
  assert.equal(isProgramSource('.env'), false);
  assert.equal(isProgramSource('config/app.yaml'), false);
  for (const p of ['bits/regex_scanner.tcc', 'lib/winerror.pyi', 'kernels/add.cu', 'Net/FTP.pm']) {
    assert.equal(isProgramSource(p), true, p);
  }
  assert.equal(isProgramSource('deploy.sh'), false);
});

test('isPasswordHash: bcrypt, argon2, crypt(3) and Django hashes, not random secrets', () => {
  const salt = fakeBase64(81, 53).replace(/\+/g, '.');
  for (const value of [`$2b$12$${salt}`, `$2a$10$${salt}`,
    `$argon2id$v=19$m=65536,t=3,p=4$${fakeBase64(82, 22)}`,
    `$6$rounds=5000$${fakeBase64(83, 16).replace(/\+/g, '.')}$${fakeBase64(84, 86).replace(/\+/g, '.')}`,
    `pbkdf2_sha256$600000$${fakeBase64(85, 22)}`]) {
    assert.equal(isPasswordHash(value), true, value);
  }
  keepsSecrets(isPasswordHash);
});

test('isDocumentationExample: a value ending in a run of one character is a template filler', () => {
  for (const value of ['hf_' + 'A'.repeat(34), 'sk_test_' + '0'.repeat(24), 'xoxb-00000000-' + 'A'.repeat(18),
    'A'.repeat(40) + '==']) {
    assert.equal(isDocumentationExample(value), true, value);
  }
  // Twitter bearer tokens start with a run of A and go on randomly.
  assert.equal(isDocumentationExample('A'.repeat(22) + fakeApiKey(86, 60)), false);
  keepsSecrets(isDocumentationExample);
});

test('isIdentifier: header names such as X-Auth-Token and X-API-Key', () => {
  for (const value of ['X-Auth-Token', 'X-API-Key', 'Proxy-Authorization', 'X-Hub-Signature']) {
    assert.equal(isIdentifier(value), true, value);
  }
  keepsSecrets(isIdentifier);
});

test('isPlaceholder: leetspeak spellings of placeholder words, not passwords that merely contain digits', () => {
  for (const value of ['P@ssw0rd', 'passw0rd', 'Passw0rd!', 's3cr3t', 'Adm1n', 'l3tm31n', 'P@ssw0rd123']) {
    assert.equal(isPlaceholder(value), true, value);
  }
  for (const value of [fakePassword(11), 'Copperharbor68@', 'Tiger4meadow!']) {
    assert.equal(isPlaceholder(value), false, value);
  }
});

test('isIdentifier: a property path is an identifier, two random runs joined by a dot are not', () => {
  for (const value of ['config.auth.token', 'accessTokenProvider.getInstance', 'this.clientSecret']) {
    assert.equal(isIdentifier(value), true, value);
  }
  const dotted = `${fakeApiKey(21, 24)}.${fakeApiKey(22, 16)}`;
  assert.equal(isIdentifier(dotted), false, dotted);
});

test('build-time substitution markers and values that are mostly one filler run are not secrets', () => {
  for (const marker of ['@@API_TOKEN@@', '@db.password@', '@@Octopus.Token@@']) {
    assert.equal(isTemplateOrReference(marker), true, marker);
  }
  // A password may start with `@` and hold another one.
  for (const password of ['@dmin@2024!', `@${fakePassword(5)}@x`]) assert.equal(isTemplateOrReference(password), false);
  assert.equal(isDocumentationExample(`${'A'.repeat(52)}+ACR${'A'.repeat(6)}`), true);
  // Twitter's bearer tokens open with a run of A: a third of the token, not most of it.
  assert.equal(isDocumentationExample(`${'A'.repeat(22)}${fakeApiKey(6, 60)}`), false);
});

test('hasFormatPlaceholder: f-strings and interpolation, not braces in a password', () => {
  for (const value of ['{next_token}', "'{self.client_request_token}'", '--{name}', 'v{major}.{minor}']) {
    assert.equal(hasFormatPlaceholder(value), true, value);
  }
  for (const value of ['Tr0ub4dor{3', 'a{1}b', '{}', '{noop}Zq8mK2vLx9TbR4wN', '{Zq8mK2vLx9TbR4wN}']) {
    assert.equal(hasFormatPlaceholder(value), false, value);
  }
  keepsSecrets(hasFormatPlaceholder);
});

test('DER public keys in base64 are public key material; a private key in DER is not', () => {
  const body = fakeBase64(64, 200);
  for (const opening of ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A', 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE', 'MCowBQYDK2VwAyEA']) {
    assert.equal(isPublicKeyMaterial(opening + body), true, opening);
  }
  assert.equal(isPublicKeyMaterial(`MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${body}`), false);
});

test('a version with both a pre-release and a build part is a version', () => {
  assert.equal(isVersionString('v1.2.3-rc.4+build.5'), true);
  assert.equal(isVersionString('1.0.0+20130313144700'), true);
  assert.equal(isVersionString('v1.2.3-rc.4+build.5x!'), false);
});

test('a placeholder word counts as people write it, not when a random value spells it in mixed case', () => {
  for (const value of ['TODO_REPLACE_ME', 'todo-set-in-vault', 'Todo123456', 'key-XXXX-XXXX', 'ExampleApiKey']) {
    assert.equal(isPlaceholder(value), true, value);
  }
  for (const value of [`${fakeApiKey(110, 12)}tODO${fakeApiKey(111, 16)}`, `${fakeApiKey(112, 12)}xXXx${fakeApiKey(113, 16)}`]) {
    assert.equal(isPlaceholder(value), false, value);
  }
});

test('isRegexPattern: anchored patterns from syntax files and validators, not passwords with a caret', () => {
  for (const pattern of ['^WPW:.*$', '^[[:alnum:]-]+s*:', '^(permit|deny)s*=s*d{1,3}', '^\\s*token\\s*=']) {
    assert.ok(isRegexPattern(pattern), pattern);
  }
  for (const value of [fakePassword(30), `^${fakePassword(31)}`, `${fakeApiKey(32, 20)}$`]) {
    assert.ok(!isRegexPattern(value), value);
  }
});

test('isIdentifier: artifact names, options, Vim script variables, digits in camelCase, dotted words', () => {
  for (const name of ['google-auth-library-oauth2-http', 'aws-sdk-s3-client', '--no-ask-password', '--recovery-key',
    'a:dict.istemp', 's:cache.token_file', 'oauth2Client', 's3Bucket', 'HEADER.PAYLOAD.SIGNATURE',
    '.asyncio.server', '._path.svnwc:SvnAuth', '.http2', '..utils.v1']) {
    assert.ok(isIdentifier(name), name);
  }
  for (const value of [`--${fakePassword(33)}`, `b:${fakeApiKey(34, 16)}`, fakeApiKey(35, 24).toLowerCase(),
    'QWRTZPLK.XCVBNMKL.ASDFGHJK', `.${fakeApiKey(36, 16).toLowerCase()}`, `..${fakeApiKey(37, 16).toLowerCase()}`]) {
    assert.ok(!isIdentifier(value), value);
  }
});

test('isPlaceholder: anonymous FTP and adventure-game passwords', () => {
  for (const value of ['-anonymous@', 'anonymous', 'xyzzy']) assert.ok(isPlaceholder(value), value);
});

test('isIdentifier: a Python entry point names an object; a dotted user name and a password are a credential pair', () => {
  for (const name of ['IPython.core.magics.osm:OSMagics', 'black.main:patched_main', 'app.cli:main']) {
    assert.ok(isIdentifier(name), name);
  }
  for (const value of [`john.doe:${fakeApiKey(36, 20)}`, `svc.deploy:${fakeApiKey(37, 16)}`]) {
    assert.ok(!isIdentifier(value), value);
  }
});

test('isIdentifier: CSS pseudo-classes and elements, not a user and a lower-case password', () => {
  for (const name of ['empty::before', 'hover::after', 'button:hover', 'li:first-child']) assert.ok(isIdentifier(name), name);
  const lower = fakeApiKey(38, 18).toLowerCase().replace(/[^a-z]/g, 'q');
  for (const value of [`deploy:${lower}`, `admin:${lower}`]) assert.ok(!isIdentifier(value), value);
});

test('the shapes of SDK names do not take the passwords that share them', () => {
  const word = 'monkey';
  const random = fakeApiKey(120, 24);
  for (const value of [`${word}!${2000 + 24}`, `${word}~${300 + 7}`, `summer${2000 + 24}_${word}`,
    `abc${12}_def${34}`, `?key=${random}`, `&token=${random}`, `${random}.+`]) {
    assert.equal(isIdentifier(value) || isRegexPattern(value), false, value);
  }
  // Spring's `{noop}` marks what follows as a password, however much it reads like a name.
  assert.equal(hasFormatPlaceholder(`{noop}My${'Secret'}Pass`), false);
  for (const value of ['pyu2f>=0.1.5', 'oauth2_refresh_retries', 'subject_token_0', '&authMechanism=MONGODB-OIDC']) {
    assert.equal(isIdentifier(value), true, value);
  }
  assert.equal(hasFormatPlaceholder('InvalidToken:%s:%s'), true);
  assert.equal(isRegexPattern('AmazonLookoutMetrics-.+'), true);
});
