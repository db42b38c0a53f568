import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText, type Finding } from '../../../src/core/scan';
import {
  GENERIC_RULES, classifySecretName, jwtSeverity, nameSegments,
} from '../../../src/core/scan/genericRules';
import { fakeApiKey, fakeBase64, fakePassword, fakePemPrivateKey } from '../../support/genericSecrets';
import { fakeToken } from '../../support/fakeTokens';
import { makeHs256, makeUnsigned } from '../../support/jwtFactory';

function ids(findings: Finding[]): string[] {
  return findings.map((f) => f.ruleId);
}

/** Scans and returns [ruleId, secret] pairs. */
function found(text: string, path = 'settings.conf'): [string, string][] {
  return scanText(text, { path }).map((f) => [f.ruleId, f.secret]);
}

test('every generic rule has the Rule fields the docs generator needs', () => {
  const expected = ['private-key', 'url-credentials', 'authorization-basic', 'authorization-bearer', 'jwt',
    'generic-password', 'generic-api-key', 'generic-secret'];
  assert.deepEqual(GENERIC_RULES.map((r) => r.id).sort(), [...expected].sort());
  for (const rule of GENERIC_RULES) {
    assert.equal(rule.provider, 'Generic');
    assert.ok(rule.keywords.length > 0 && rule.keywords.every((k) => k === k.toLowerCase()), rule.id);
    assert.match(rule.revokeUrl, /^https:\/\//);
    assert.ok(rule.pattern.global, `${rule.id} pattern is global`);
  }
});

test('private-key: PEM blocks of every kind are found, spanning the whole block', () => {
  for (const label of ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY', 'PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
    const pem = fakePemPrivateKey(label.length, label);
    const text = `# deploy key\nkey: |\n${pem}\nafter: 1\n`;
    const findings = scanText(text, { path: 'deploy.yaml' });
    assert.deepEqual(ids(findings), ['private-key'], label);
    assert.equal(findings[0].line, 3);
    assert.equal(findings[0].endLine, 3 + pem.split('\n').length - 1);
    assert.equal(findings[0].secret, pem);
    assert.equal(findings[0].severity, 'critical');
  }
});

test('private-key: a key with \\n escapes inside a JSON string is found and decoded', () => {
  const pem = fakePemPrivateKey(7, 'PRIVATE KEY');
  const json = JSON.stringify({ type: 'service_account', private_key: pem }, null, 2);
  const findings = scanText(json, { path: 'service-account.json' });
  assert.deepEqual(ids(findings), ['private-key']);
  assert.equal(findings[0].secret, pem);
  assert.equal(json.slice(findings[0].start, findings[0].end), JSON.stringify(pem).slice(1, -1));
});

test('private-key decoys: public keys, certificates, placeholders and headers without a body', () => {
  const body = fakeBase64(3, 64);
  const decoys = [
    `-----BEGIN PUBLIC KEY-----\n${body}\n${body}\n-----END PUBLIC KEY-----`,
    `-----BEGIN CERTIFICATE-----\n${body}\n${body}\n-----END CERTIFICATE-----`,
    '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----',
    'const header = "-----BEGIN PRIVATE KEY-----";',
  ];
  for (const decoy of decoys) assert.deepEqual(found(decoy, 'keys.txt'), [], decoy.slice(0, 40));
});

test('url-credentials: the password of scheme://user:pass@host is the secret', () => {
  const password = fakePassword(11).replace(/[#?@%/]/g, 'x');
  const text = `DATABASE_URL=postgres://app:${password}@db.internal:5432/app\n`;
  assert.deepEqual(found(text), [['url-credentials', password]]);
  const col = scanText(text)[0].column;
  assert.equal(text.slice(col - 1, col - 1 + password.length), password);
});

test('url-credentials decoys: placeholders, empty passwords, templates and plain URLs', () => {
  for (const decoy of [
    'url = "postgres://user:password@localhost/db"',
    'url = "https://user:@example.org/"',
    'url = "redis://:${REDIS_PASSWORD}@cache:6379"',
    'url = "postgres://app:$DB_PASSWORD@db/app"',
    'url = "https://api.example.org/v1/users?page=2"',
    'url = "mongodb://admin:<password>@cluster0/test"',
    'url = "amqp://guest:guest@rabbit:5672"',
    `const options = new URL('https://abc:${fakePassword(12).replace(/[@#?%/]/g, 'x')}@example.com');`,
    `dsn = "postgres://app:${fakePassword(13).replace(/[@#?%/]/g, 'x')}@db.test/app"`,
    'Anonymous CVS access: cvs://:pserver:anoncvs@sources.redhat.com:/cvs/src',
  ]) {
    assert.deepEqual(found(decoy), [], decoy);
  }
});

test('authorization-basic: decodes to user:password; decoys that do not decode are ignored', () => {
  const encoded = Buffer.from(`deploy:${fakePassword(5)}`).toString('base64');
  assert.deepEqual(found(`curl -H "Authorization: Basic ${encoded}" https://ci`),
    [['authorization-basic', encoded]]);
  const placeholder = Buffer.from('username:password').toString('base64');
  assert.deepEqual(found(`Authorization: Basic ${placeholder}`), []);
  assert.deepEqual(found('Authorization: Basic realm="api"'), []);
  assert.deepEqual(found(`basic ${fakeBase64(9, 24)}`), [], 'base64 without a colon is not credentials');
});

test('authorization-bearer: random tokens in headers, code and curl; not identifiers or variables', () => {
  const token = fakeApiKey(21, 40);
  assert.deepEqual(found(`Authorization: Bearer ${token}`), [['authorization-bearer', token]]);
  assert.deepEqual(found(`curl -H 'Authorization: Bearer ${token}' https://api`, 'deploy.sh'),
    [['authorization-bearer', token]]);
  for (const decoy of ['Authorization: Bearer $TOKEN', 'Authorization: Bearer {{token}}',
    'headers.Authorization = `Bearer ${accessToken}`', 'Authorization: Bearer accessTokenFromVault',
    'Bearer tokens expire after an hour', 'WWW-Authenticate: Bearer authorization_uri="https://login"']) {
    assert.deepEqual(found(decoy), [], decoy);
  }
});

test('jwt: signed tokens are high, expired medium, unsigned low; non-JWT eyJ strings are ignored', () => {
  const live = makeHs256({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 3600 });
  const expired = makeHs256({ sub: 'u1', exp: 1000 });
  const unsigned = makeUnsigned({ sub: 'u1' });
  assert.equal(jwtSeverity(live), 'high');
  assert.equal(jwtSeverity(expired), 'medium');
  assert.equal(jwtSeverity(`${unsigned}`), 'low');
  const findings = scanText(`token = "${live}"\nold = "${expired}"\n`, { path: 'a.txt' });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['jwt', 'high'], ['jwt', 'medium']]);
  const header = Buffer.from('{"foo":1}').toString('base64url');
  const notJwt = `${header}.${fakeBase64(1, 20).replace(/[+/]/g, 'a')}.abc`;
  assert.equal(jwtSeverity(notJwt), undefined);
});

test('generic assignments: every common syntax', () => {
  const pw = fakePassword(31);
  const key = fakeApiKey(32);
  const cases: [string, string, string][] = [
    [`DB_PASSWORD=${pw}`, '.env', 'generic-password'],
    [`export API_KEY="${key}"`, 'deploy.sh', 'generic-api-key'],
    [`password: ${pw}`, 'config.yaml', 'generic-password'],
    [`{"client_secret": "${key}"}`, 'config.json', 'generic-secret'],
    [`password := "${pw}"`, 'main.go', 'generic-password'],
    [`$config['api_key'] => '${key}',`, 'config.php', 'generic-api-key'],
    [`<password>${pw}</password>`, 'settings.xml', 'generic-password'],
    [`<add key="Password" value="${pw}" />`, 'web.config', 'generic-password'],
    [`<db user="app" password="${pw}"/>`, 'context.xml', 'generic-password'],
    [`spring.datasource.password=${pw}`, 'application.properties', 'generic-password'],
    [`deploy --token ${key} --env prod`, 'Makefile', 'generic-secret'],
    [`deploy --password=${pw}`, 'run.sh', 'generic-password'],
    [`mysql -u root -p${pw.replace(/[#&*]/g, 'x')} app`, 'restore.sh', 'generic-password'],
    [`CREATE USER app IDENTIFIED BY '${pw}';`, 'init.sql', 'generic-password'],
    [`ALTER ROLE app WITH PASSWORD '${pw}';`, 'init.sql', 'generic-password'],
    [`Server=db;User Id=sa;Password=${pw.replace(/;/g, 'x')};`, 'appsettings.ini', 'generic-password'],
    [`const githubToken = "${key}";`, 'client.ts', 'generic-secret'],
    [`self.secretKey = '${key}'`, 'app.py', 'generic-api-key'],
  ];
  for (const [line, path, ruleId] of cases) {
    const findings = scanText(line, { path });
    assert.deepEqual(ids(findings), [ruleId], `${path}: ${line}`);
    const { secret } = findings[0];
    assert.ok(secret === pw || secret === key || pw.includes(secret.slice(0, 4)),
      `${path}: secret is the value`);
  }
});

test('a quoted value with escapes is reported decoded, over its raw range', () => {
  const pw = fakePassword(33).replace(/["\\]/g, 'x');
  const raw = `${pw.slice(0, 5)}\\"${pw.slice(5)}`;
  const text = `{"password": "${raw}"}`;
  const [finding] = scanText(text, { path: 'config.json' });
  assert.equal(finding.secret, `${pw.slice(0, 5)}"${pw.slice(5)}`);
  assert.equal(text.slice(finding.start, finding.end), raw);
});

test('generic assignment decoys: identifiers, references, placeholders, digests and types', () => {
  const decoys: [string, string][] = [
    ['password = getPasswordFromVault()', 'app.py'],
    ['token: accessTokenExpiry', 'config.yaml'],
    ['const password = user.password;', 'a.ts'],
    ['const secret = m.groups?.secret ?? "";', 'a.ts'],
    ['password: string;', 'model.ts'],
    ['private token: TokenService = inject(TokenService);', 'a.ts'],
    ['PASSWORD=${DB_PASSWORD}', '.env'],
    ['password = os.getenv("DB_PASSWORD")', 'settings.py'],
    ['password = os.environ["DB_PASSWORD"]', 'settings.py'],
    ['String pw = System.getenv("PW"); String password = pw;', 'A.java'],
    ['password: process.env.DB_PASSWORD', 'config.js'],
    ['api_key = ENV["API_KEY"]', 'config.rb'],
    ['password: "{{ vault_db_password }}"', 'vars.yml'],
    ['password = "%(db_password)s"', 'alembic.ini'],
    ['password = "changeme"', 'settings.ini'],
    ['password: "<YOUR_PASSWORD>"', 'README.yaml'],
    ['api_key = "xxxxxxxxxxxxxxxxxxxx"', 'settings.ini'],
    ['secret = "********"', 'settings.ini'],
    ['password = "[REDACTED]"', 'log.txt'],
    ['token_type: bearer', 'oauth.yaml'],
    ['max_tokens: 4096', 'llm.yaml'],
    ['password_hash = "5f4dcc3b5aa765d61d8327deb882cf99"', 'users.ini'],
    ['author: Jane Doe', 'package.yaml'],
    ['token_url = "https://auth.example.org/oauth/token"', 'oauth.ini'],
    ['secret_version: 1.2.3', 'app.yaml'],
    ['client_secret_path = /etc/app/client_secret.json', 'app.conf'],
    ['api_key_id = "550e8400-e29b-41d4-a716-446655440000"', 'app.ini'],
    ['stripe_key = "pk_live_' + 'Ab3'.repeat(8) + '"', 'public.ini'],
    ['ssh_key = "ssh-rsa AAAAB3NzaC1yc2E' + fakeBase64(4, 80) + '"', 'hosts.ini'],
    ['avatar_token = "data:image/png;base64,iVBORw0KGgo"', 'a.ini'],
    ['password = "hunter2"', 'a.ini'],
    ['    password: "[type=password]",', 'aliases.ini'],
    ["    proxyAuth: 'user:password',", 'README.md'],
  ];
  for (const [line, path] of decoys) assert.deepEqual(found(line, path), [], `${path}: ${line}`);
});

test('name classification reads the last word of the name', () => {
  assert.deepEqual(nameSegments('config.db.userPassword2'), ['config', 'db', 'user', 'password']);
  assert.equal(classifySecretName('DB_PASSWORD'), 'generic-password');
  assert.equal(classifySecretName('stripeApiKey'), 'generic-api-key');
  assert.equal(classifySecretName('githubToken'), 'generic-secret');
  assert.equal(classifySecretName('tokenExpiry'), undefined);
  assert.equal(classifySecretName('primaryKey'), undefined);
  assert.equal(classifySecretName('author'), undefined);
  assert.equal(classifySecretName('passport'), undefined);
});

// Shapes found missing by the accuracy corpus (npm run accuracy): each used to yield nothing.
test('assignments written as code writes them: typed, with fallbacks, as call arguments, in Dockerfiles',
  () => {
  const pw = fakePassword(71);
  const key = fakeApiKey(72, 36);
  const cases: [string, string, string][] = [
    [`export const dbPassword: string = \`${pw}\`;`, 'config.ts', 'generic-password'],
    [`private readonly apiKey: string | undefined = '${key}';`, 'client.ts', 'generic-api-key'],
    [`const DB_PASSWORD = process.env.DB_PASSWORD ?? '${pw}';`, 'db.ts', 'generic-password'],
    [`API_KEY = os.getenv("API_KEY", "${key}")`, 'settings.py', 'generic-api-key'],
    [`props.setProperty("db.password", "${pw}");`, 'Db.java', 'generic-password'],
    [`define('API_KEY', '${key}');`, 'config.php', 'generic-api-key'],
    [`ENV['ADMIN_PASSWORD'] ||= '${pw}'`, 'config.rb', 'generic-password'],
    [`options.ApiKey = @"${key}";`, 'Startup.cs', 'generic-api-key'],
    [`ENV DB_PASSWORD ${pw}`, 'Dockerfile', 'generic-password'],
    [`LICENSE_KEY=${key}`, '.env', 'generic-api-key'],
    [`app.client.key=${key}`, 'application.properties', 'generic-api-key'],
    [`SECRET_KEY_BASE=${key}`, '.env', 'generic-secret'],
  ];
  for (const [text, path, ruleId] of cases) {
    const findings = scanText(text, { path });
    assert.deepEqual(ids(findings), [ruleId], text);
    assert.ok(pw === findings[0].secret || key === findings[0].secret, `${text}: whole value`);
  }
});

test('values delimited by a connection string or a query string count as quoted, whole', () => {
  const pw = `${fakePassword(73, 8)}&${fakePassword(74, 6)}`;
  const key = fakeApiKey(75, 32);
  const conn = scanText(`const cs = "Server=db;User Id=sa;Password=${pw};";`, { path: 'Db.cs' });
  assert.deepEqual(conn.map((f) => [f.ruleId, f.secret]), [['generic-password', pw]]);
  const query = scanText(`fetch("https://hooks.acme.io/notify?user=ops&api_key=${key}")`, { path: 'a.js' });
  assert.deepEqual(query.map((f) => [f.ruleId, f.secret]), [['generic-api-key', key]]);
});

test('hex values: keys and secrets from `openssl rand -hex`, tokens unless the name says cursor or CSRF',
  () => {
  const hex = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
  assert.deepEqual(ids(scanText(`JWT_SECRET=${hex}`, { path: '.env' })), ['generic-secret']);
  assert.deepEqual(ids(scanText(`BOT_TOKEN=${hex}`, { path: '.env' })), ['generic-secret']);
  for (const text of [`CSRF_TOKEN=${hex}`, `next_page_token=${hex}`, `checksum=${hex}`,
    `token_hash=${hex}`]) {
    assert.deepEqual(ids(scanText(text, { path: '.env' })), [], text);
  }
});

test('password hashes, translations and header names under secret names are not reported', () => {
  const bcrypt = `$2b$12$${fakeBase64(76, 53).replace(/\+/g, '.')}`;
  const decoys: [string, string][] = [
    [`"adminPassword": "${bcrypt}",`, 'users.json'],
    [`ADMIN_PASSWORD=${bcrypt}`, '.env'],
    ['password = Contraseña', 'messages_es.properties'],
    ['"password": "Пароль",', 'ru.json'],
    ['password: パスワード', 'ja.yaml'],
    ['var accessToken = "X-Auth-Token";', 'Headers.cs'],
    ['#define SN_setct_PANToken               "setct-PANToken"', 'obj_mac.h'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(ids(scanText(text, { path })), [], text);
  // A password with no user is still one, and a value is not a label merely for sharing a word.
  const password = fakePassword(14).replace(/[#?@%/:]/g, 'x');
  assert.deepEqual(found(`REDIS_URL=redis://:${password}@cache.internal:6379`), [['url-credentials', password]]);
  const token = fakeApiKey(15, 32);
  assert.deepEqual(found(`SN_PAN_TOKEN = "PANToken${token}"`), [['generic-secret', `PANToken${token}`]]);
});

/** [line, column, secret] of each finding, 1-based as the editor shows them. */
function located(text: string, path: string): [number, number, string, string][] {
  return scanText(text, { path }).map((f) => [f.line, f.column, f.ruleId, f.secret]);
}

test('.properties: `key value` and `key<TAB>value` are found; prose after a secret word is not', () => {
  const password = fakePassword(31, 16).replace(/[&#!]/g, 'q');
  const key = fakeApiKey(32, 36);
  const text = `server.port=8080\nspring.datasource.password ${password}\nintegration.api.key\t${key}\n` +
    'password reset link sent to the user\n# token expires after one hour\n';
  assert.deepEqual(located(text, 'application.properties'), [
    [2, 28, 'generic-password', password],
    [3, 21, 'generic-api-key', key],
  ]);
});

test('YAML block scalars: the value on the line below `password: |` or `key: >-` is found there', () => {
  const password = fakePassword(33, 18);
  const key = fakeApiKey(34, 40);
  const text = `db:\n  password: |\n    ${password}\n  api_key: >-\n    ${key}\n  notes: |\n    plain text\n`;
  assert.deepEqual(located(text, 'values.yaml'), [
    [3, 5, 'generic-password', password],
    [5, 5, 'generic-api-key', key],
  ]);
  // Prose, references and a value that is not indented under its key are not reported.
  for (const decoy of ['db:\n  password: |\n    Enter your password here\n',
    'db:\n  password: >-\n    ${DB_PASSWORD}\n', `password: |\n${password}\n`]) {
    assert.deepEqual(found(decoy, 'values.yaml'), [], decoy);
  }
});

test('hex keys under any key name are keys (hmac_key, masterKey, encryption.key), not digests', () => {
  const hex = Buffer.from(fakeApiKey(35, 32)).toString('hex');
  for (const line of [`hmac_key = "${hex}"`, `const masterKey = "${hex}";`, `app.encryption.key=${hex}`]) {
    assert.deepEqual(found(line, line.startsWith('const') ? 'config.js' : 'app.conf'),
      [['generic-api-key', hex]], line);
  }
  assert.deepEqual(found(`artifact_digest = "${hex}"\nsecret_checksum = "${hex}"`, 'app.conf'), []);
});

test('a base64 value with `=` padding after `key:` is the value, not a type annotation', () => {
  const key = `${fakeApiKey(36, 43)}=`;
  assert.deepEqual(located(`app.encryption.key: ${key}\n`, 'application.properties'),
    [[1, 21, 'generic-api-key', key]]);
});

test('Rust `&str` and `&\'static str` annotations sit between the name and the value', () => {
  const password = fakePassword(37, 16);
  const text = `const DB_PASSWORD: &str = "${password}";\nstatic ROOT_PASSWORD: &'static str = "${password}";\n`;
  assert.deepEqual(located(text, 'src/config.rs'), [
    [1, 28, 'generic-password', password],
    [2, 39, 'generic-password', password],
  ]);
});

test('a secret made of two random runs joined by a dot is reported', () => {
  const secret = `${fakeApiKey(38, 24)}.${fakeApiKey(39, 16)}`;
  assert.deepEqual(found(`const appSecret = '${secret}';`, 'config.js'), [['generic-secret', secret]]);
});

test('.properties pairs need a dotted or snake_case name: wrapped prose lines are not pairs', () => {
  assert.deepEqual(found('OAuth2 credentials.\nPassword Summer2019x\napi-key rotation.\n', 'README.md'), []);
});

test('url-credentials: a password holding a raw `@` runs to the last `@` before the host', () => {
  const password = `${fakeApiKey(41, 6)}@${fakeApiKey(42, 8)}`;
  const text = `  primary: postgresql://app_user:${password}@db.internal:5432/orders\n`;
  assert.deepEqual(located(text, 'config.yaml'), [[1, 34, 'url-credentials', password]]);
  const doubled = `${fakeApiKey(43, 6)}@@${fakeApiKey(44, 6)}`;
  assert.deepEqual(found(`DSN=mysql://report:${doubled}@mq.acme.io/reports`), [['url-credentials', doubled]]);
  // An @ after the path is not part of the authority, and ssh remotes carry no password.
  assert.deepEqual(found('see https://acme.io/users/@someone and git@github.com:acme/app.git'), []);
});

test('curl -u user:password and --user are reported; variables and placeholders are not', () => {
  const password = fakeApiKey(45, 14);
  const text = `curl -u deploy:${password} https://ci.acme.io/job\ncurl --user "admin:${password}" -X POST x\n` +
    `curl -sS --user=bot:${password} https://x\n`;
  assert.deepEqual(located(text, 'deploy.sh'), [
    [1, 16, 'authorization-basic', password],
    [2, 20, 'authorization-basic', password],
    [3, 21, 'authorization-basic', password],
  ]);
  for (const decoy of ['curl -u "$CI_USER:$CI_PASSWORD" https://ci', 'curl -u user:password https://x',
    'curl -u admin:<password> https://x', 'curl -u ${USER}:${TOKEN} https://x', 'curl -u "$(cat creds)" x']) {
    assert.deepEqual(found(decoy, 'deploy.sh'), [], decoy);
  }
});

test('flag values such as pass:x hold x; env:, file: and fd: name where a password is read', () => {
  const password = fakePassword(46);
  const text = `backup --password 'pass:${password}' --out db.enc\nopenssl enc -pass pass:${password}\n`;
  assert.deepEqual(found(text, 'backup.sh'),
    [['generic-password', password], ['generic-password', password]]);
  for (const decoy of ['openssl enc -pass env:BACKUP_KEY_2024', 'backup --password file:/run/secrets/db.key',
    'backup --password fd:3 --out db.enc']) {
    assert.deepEqual(found(decoy, 'backup.sh'), [], decoy);
  }
});

test('a name that names no secret owns the value on its line; a block scalar below it is searched', () => {
  const secret = fakePassword(61);
  // `author` holds `auth`, but names no secret: its value is text, not a `token=` assignment.
  assert.deepEqual(found(`author = "token=${secret}"\n`), []);
  assert.deepEqual(found(`token=${secret}\n`), [['generic-secret', secret]]);
  // The lines of a block scalar are text of their own, such as a script that sets a password.
  const yaml = `auth_config: |\n  password: ${secret}\n`;
  const findings = scanText(yaml, { path: 'ci.yaml' });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.secret, f.line]), [['generic-password', secret, 2]]);
});

test('a name spelled with the Kelvin sign for K is still a secret\'s name', () => {
  const secret = fakeApiKey(71);
  assert.deepEqual(found(`API_\u212AEY=${secret}\n`, '.env'), [['generic-api-key', secret]]);
});

test('a block scalar whose line is an assignment of its own is searched as one', () => {
  const secret = fakeApiKey(72, 24);
  const findings = scanText(`auth_config: |\n  db_password: >\n    api_key=${secret}\n`, { path: 'app.yml' });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.secret, f.line]), [['generic-api-key', secret, 3]]);
});

test('a service\'s name before `key` names a credential; a run-together qualifier counts too', () => {
  const secret = fakeApiKey(81, 28);
  for (const [name, path] of [['STRIPE_KEY', '.env'], ['stripeKey', 'config.yml'], ['app.stripe.key', 'a.properties'],
    ['XApiKey', 'keys.env']]) {
    assert.deepEqual(found(`${name}=${secret}\n`, path), [['generic-api-key', secret]], name);
  }
  // A cache or sort key is not one, and no service is named.
  assert.deepEqual(found(`cacheKey=${secret}\nsort_key=${secret}\n`, '.env'), []);
});

test('`&` belongs to unquoted values in config files; in a query string it ends the parameter', () => {
  const password = `${fakePassword(82, 6)}&${fakePassword(83, 6)}`;
  assert.deepEqual(found(`db.password=${password}\n`, 'app.properties'), [['generic-password', password]]);
  assert.deepEqual(found(`- ADMIN_PASSWORD=${password}\n`, 'docker-compose.yml'), [['generic-password', password]]);
  const key = fakeApiKey(84);
  assert.deepEqual(found(`GET https://api.example.net/v1/items?api_key=${key}&page=2\n`, 'requests.http'),
    [['generic-api-key', key]]);
});

test('.NET settings elements: the value element after the setting\'s name is its value', () => {
  const password = fakePassword(91);
  const line = `<setting name="DbPassword" serializeAs="String"><value>${password}</value></setting>\n`;
  assert.deepEqual(found(line, 'app.config'), [['generic-password', password]]);
  // Another element's value, or one on the next line, is not this name's.
  assert.deepEqual(found(`<setting name="DbPassword" serializeAs="String"><other><value>${password}</value>\n`,
    'app.config'), []);
});

test('a query string inside a string literal: each parameter is read, the first does not swallow the rest', () => {
  const secret = fakeApiKey(85, 16);
  const text = `body = 'oauth_token=plain&oauth_token_secret=${secret}&realm=photos'\n`;
  assert.deepEqual(found(text, 'client.py'), [['generic-secret', secret]]);
});

test('a service-named key holds labels, file names, paths and digests that are not secrets', () => {
  const hex = fakeApiKey(86, 40).toLowerCase().replace(/[^0-9a-f]/g, '7').slice(0, 40);
  for (const line of ['AWS_KEY=aws_key_for_region_us_east_1', 'slackKey: "#eng-alerts-production"',
    'firebaseKey = "firebase-adminsdk.json"', 'awsKey = "uploads/avatars/user-12345/profile-large"',
    'stripe_key = "stripe:webhook:events:processed"', 'stripe.key=Stripe-API-Schluessel', `githubKey: "${hex}"`,
    'awsKey = "arn:aws:kms:us-east-1:123456789012:key/alias-main"']) {
    assert.deepEqual(found(`${line}\n`, 'settings.yml'), [], line);
  }
  const issued = fakeApiKey(87, 32);
  assert.deepEqual(found(`STRIPE_KEY=${issued}\n`, '.env'), [['generic-api-key', issued]]);
});

test('reviewed edge cases: shell `&&`, `#` in a query password, `@` around a password, values under block scalars', () => {
  const token = fakeApiKey(88, 20);
  assert.deepEqual(found(`API_TOKEN=${token}&&./run.sh\n`, 'deploy.sh'), [['generic-secret', token]]);
  const password = `${fakePassword(89, 8)}#${fakePassword(90, 8)}`;
  assert.deepEqual(found(`db.url=jdbc:mysql://h/db?user=app&password=${password}&useSSL=true\n`, 'app.properties'),
    [['generic-password', password]]);
  const wrapped = `@${fakeApiKey(91, 12)}@`;
  assert.deepEqual(found(`DB_PASSWORD=${wrapped}\n`, '.env'), [['generic-password', wrapped]]);
  const padded = `${fakeApiKey(92, 38)}==`;
  const findings = scanText(`secret_key: |\n  ${padded}\n`, { path: 'app.yml' });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.secret, f.line]), [['generic-api-key', padded, 2]]);
});

test('.NET settings with the value element on the next line, and Spring bean properties', () => {
  const password = fakePassword(93);
  const vs = `<setting name="DbPassword" serializeAs="String">\n  <value>${password}</value>\n</setting>\n`;
  assert.deepEqual(found(vs, 'app.config'), [['generic-password', password]]);
  assert.deepEqual(found(`<property name="password"><value>${password}</value></property>\n`, 'beans.xml'),
    [['generic-password', password]]);
});

// Each of these was reported in real code on this machine (libstdc++, LLVM, OpenSSL, botocore,
// the AWS CLI's examples, typeshed stubs, Python docstrings).
test('tokens that grant nothing, resource names, reserved identifiers and scope paths are not secrets', () => {
  const opaque = fakeApiKey(73, 48);
  const decoys: [string, string][] = [
    [`"NextToken": "${opaque}",`, 'list-tables.rst'],
    [`aws dynamodb list-tables --starting-token ${opaque}`, 'list-tables.rst'],
    [`"nextForwardToken": "f/${opaque}",`, 'get-log-events.rst'],
    [`response = client.create(ClientToken="${opaque}")`, 'provision.py'],
    [`  ClientRequestToken: "${opaque}"`, 'stack.yaml'],
    [`"PolicyUpdateToken": "1:${opaque}",`, 'put-policy.rst'],
    [`csrf_token = "${opaque}"`, 'test_forms.py'],
    [`NEXT_PUBLIC_SEARCH_API_KEY=${opaque}`, '.env'],
    ['"encryptionKey": "arn:aws:kms:us-west-2:123456789012:alias/aws/s3",', 'project.json'],
    ['"IAMAuditRootUserCredentials": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",', 'p.json'],
    ['\t  _M_token = _S_token_subexpr_lookahead_begin;', 'regex_scanner.tcc'],
    ['      using arrival_token = __barrier_phase_t;', 'barrier.hxx'],
    ['    backend: "Backend", private_key: "_RSAPrivateKey", data: bytes', 'rsa.py'],
    ["ACCESS_KEY = 'AWSAccessKeyId'", 'credentials.py'],
    ['ACL_CREDENTIALS = "Access-Control-Allow-Credentials"', 'core.py'],
    ['#define SN_id_regCtrl_regToken          "id-regCtrl-regToken"', 'obj_mac.h'],
    ['AnalysisType &Pass::getAnalysisID(AnalysisID PI) const {', 'PassAnalysisSupport.h'],
    ['    Alternatively, you can pass "inline=False" to use if-else conditionals.', 'julia.py'],
    [`        super().__init__("InvalidNextToken", f"The token '{next_token}' is invalid")`, 'exceptions.py'],
    ['NTE_INCORRECT_PASSWORD: Final = -2146893773', 'winerror.pyi'],
  ];
  for (const [line, path] of decoys) assert.deepEqual(found(line, path), [], `${path}: ${line}`);
  // Credentials under neighbouring names are still found.
  const kept: [string, string, string][] = [
    [`access_token = "${opaque}"`, 'client.py', 'generic-secret'],
    [`oauth_request_token = "${opaque}"`, 'oauth1.py', 'generic-secret'],
    [`NEXT_PUBLIC_STRIPE_SECRET=${opaque}`, '.env', 'generic-secret'],
    [`password = "${fakePassword(74)}{x"`, 'settings.ini', 'generic-password'],
    [`ALTER USER app WITH PASSWORD '${fakePassword(75)}';`, 'migrate.sql', 'generic-password'],
    [`sessionToken: "${opaque}"`, 'session.ts', 'generic-secret'],
  ];
  for (const [line, path, ruleId] of kept) {
    assert.deepEqual(found(line, path).map(([id]) => id), [ruleId], `${path}: ${line}`);
  }
});

// Shapes a blind corpus of generic secrets found missing: each used to yield nothing.
test('secrets beside their names, behind conversions and fallbacks, in pairs, setters and Go DSNs', () => {
  const pw = fakePassword(76);
  const key = fakeApiKey(77, 40);
  const hex = Buffer.from(fakeApiKey(78, 32)).toString('hex');
  const cases: [string, string, string, string][] = [
    [`          - name: CACHE_PASSWORD\n            value: "${pw}"`, 'deploy.yaml', 'generic-password', pw],
    [`  "environment": [{ "name": "DB_PASSWORD", "value": "${pw}" }],`, 'task-def.json', 'generic-password', pw],
    [`        { "key": "client_secret", "value": "${key}" },`, 'orders.postman_collection.json', 'generic-secret', key],
    [`    <property name="hibernate.connection.password">${pw}</property>`, 'hibernate.cfg.xml', 'generic-password', pw],
    [`    "client_secret" to "${key}",`, 'ApiClient.kt', 'generic-secret', key],
    [`    "X-Api-Key" -> "${key}",`, 'Settings.scala', 'generic-api-key', key],
    [`define( 'DB_PASSWORD', '${pw}' );`, 'wp-config.php', 'generic-password', pw],
    [`ALTER USER 'repl'@'%' IDENTIFIED WITH mysql_native_password BY '${pw}';`, 'V3.sql', 'generic-password', pw],
    [`dsn := "reporting:${pw}@tcp(reporting-db:3306)/reports"`, 'main.go', 'generic-password', pw],
    [`    headers: { Authorization: 'Token ${key}' },`, 'sync.js', 'generic-secret', key],
    [`const key = process.env.WAREHOUSE_API_KEY || '${key}';`, 'sync.js', 'generic-api-key', key],
    [`TOKEN = os.getenv("SERVICE_TOKEN") or "${key}"`, 'settings.py', 'generic-secret', key],
    [`    config.setPassword("${pw}");`, 'DataSourceConfig.java', 'generic-password', pw],
    [`    Client.builder().apiKey("${key}").build();`, 'Main.java', 'generic-api-key', key],
    [`session.auth = ("svc-orders", "${pw}")`, 'partner.py', 'generic-secret', pw],
    [`      'auth' => ['shop', '${pw}'],`, 'PartnerClient.php', 'generic-secret', pw],
    [`const ENCRYPTION_KEY = Buffer.from("${hex}", "hex");`, 'crypto.ts', 'generic-api-key', hex],
    [`var jwtKey = []byte("${key}")`, 'jwt.go', 'generic-api-key', key],
    [`$password = ConvertTo-SecureString "${pw}" -AsPlainText -Force`, 'backup.ps1', 'generic-password', pw],
    [`<machineKey decryptionKey="${hex.slice(0, 48).toUpperCase()}" validation="SHA1" />`, 'Web.config',
      'generic-api-key', hex.slice(0, 48).toUpperCase()],
  ];
  for (const [text, path, ruleId, secret] of cases) {
    assert.deepEqual(found(text, path), [[ruleId, secret]], `${path}: ${text}`);
  }
});

test('public, sample, sealed and near-miss values are not reported', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const anonKey = `${header}.${b64({ iss: 'supabase', ref: 'abcdefghijklmnop', role: 'anon', exp: 2e9 })}.` +
    fakeApiKey(79, 43).replace(/[^A-Za-z0-9]/g, 'x');
  const jwtIoSample = `${header}.${b64({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.` +
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  const sealed = `Ag${fakeApiKey(80, 300).replace(/[^A-Za-z0-9]/g, 'Q')}`;
  const hex32 = Buffer.from(fakeApiKey(81, 16)).toString('hex');
  const decoys: [string, string][] = [
    [`Authorization: Bearer ${jwtIoSample}`, 'auth.md'],
    [`const supabaseKey = "${anonKey}";`, 'Keys.kt'],
    [`kind: SealedSecret\nspec:\n  encryptedData:\n    password: ${sealed}\n`, 'sealed.yaml'],
    ['  <user username="admin" password="&lt;must-be-changed&gt;" roles="manager-gui"/>', 'tomcat-users.xml'],
    ['octo.exe push --apiKey=%OCTOPUS_API_KEY% --server=https://deploy.internal', 'deploy.bat'],
    [`SPOTIFY_CLIENT_ID = "${hex32}"`, 'social.py'],
    [`final algoliaSearchOnlyKey = '${hex32}';`, 'env.dart'],
    [`  "private_key_id": "${hex32}${hex32.slice(0, 8)}",`, 'service-account.json'],
    [`TICKET_TOKEN = 'shpat_${hex32.slice(0, 20)}'`, 'shopify_sync.rb'],
    [`BROKEN_DO_TOKEN = 'dop_v1_${'xyz'.repeat(20)}q'`, 'do_client.rb'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(found(text, path), [], `${path}: ${text}`);
});

test('private keys stored base64-encoded (Kubernetes secrets, kubeconfig) are found; certificates are not', () => {
  const encoded = Buffer.from(`${fakePemPrivateKey(84)}\n`).toString('base64');
  const certificate = Buffer.from(`${fakePemPrivateKey(85).replace(/RSA PRIVATE KEY/g, 'CERTIFICATE')}\n`)
    .toString('base64');
  const kubeconfig = `users:\n- name: admin\n  user:\n    client-key-data: ${encoded}\n`;
  assert.deepEqual(found(kubeconfig, 'kube/config'), [['private-key', encoded]]);
  const secret = `kind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${certificate}\n  tls.key: ${encoded}\n`;
  assert.deepEqual(found(secret, 'tls.yaml'), [['private-key', encoded]]);
  const headerOnly = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n').toString('base64');
  assert.deepEqual(found(`key: ${headerOnly}\n`, 'a.yaml'), []);
});

// Found by a reviewer: pretty-printed pairs, wrapped calls, Elvis fallbacks, bytes literals and
// Spring's `{noop}` passwords (which a placeholder filter once swallowed).
test('wrapped and pretty-printed shapes, Elvis fallbacks, bytes literals, braces inside a secret', () => {
  const pw = fakePassword(86);
  const cases: [string, string, string][] = [
    [`"environment": [\n  {\n    "name": "DB_PASSWORD",\n    "value": "${pw}"\n  }\n]`, 'task.json', 'generic-password'],
    [`{"Name": "DB_PASSWORD", "Value": "${pw}"}`, 'stack.json', 'generic-password'],
    [`dataSource.setPassword(\n    "${pw}");`, 'Db.java', 'generic-password'],
    [`auth = ("svc",\n        "${pw}")`, 'client.py', 'generic-secret'],
    [`requests.get(url, auth=("svc", "${pw}",))`, 'client.py', 'generic-secret'],
    [`$pass = getenv("DB_PASS") ?: "${pw}";`, 'db.php', 'generic-password'],
    [`val password = System.getenv("DB_PASSWORD") ?: "${pw}"`, 'Db.kt', 'generic-password'],
    [`password = b"${pw}"`, 'db.py', 'generic-password'],
    [`password = "{noop}${pw}"`, 'security.py', 'generic-password'],
  ];
  for (const [text, path, ruleId] of cases) {
    assert.deepEqual(found(text, path).map(([id, secret]) => [id, secret.replace('{noop}', '')]), [[ruleId, pw]],
      `${path}: ${text}`);
  }
  assert.deepEqual(found('Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b', 'api.md'), []);
});

test('passwords named pw or passcode, and libpq conninfo passwords inside a string literal', () => {
  const pw = fakePassword(90);
  const other = fakePassword(91);
  assert.deepEqual(found(`pw = "${pw}"\ndb_pw = '${other}'`, 'backup.py'),
    [['generic-password', pw], ['generic-password', other]]);
  assert.deepEqual(found(`passcode: "${pw}"`, 'kiosk.yaml'), [['generic-password', pw]]);
  const conninfo = `const dsn = "host=db user=app password=${pw.replace(/[#"'=]/g, 'q')} dbname=app sslmode=disable"`;
  assert.deepEqual(found(conninfo, 'store.go'), [['generic-password', pw.replace(/[#"'=]/g, 'q')]]);
  assert.deepEqual(found(`psycopg2.connect("dbname=shop user=app password=${other.replace(/[#"'=]/g, 'q')}")`,
    'seed.py'), [['generic-password', other.replace(/[#"'=]/g, 'q')]]);
  // An expression in code, and conninfo built from the environment, hold no literal.
  assert.deepEqual(found('conn = connect("dbname=shop user=app password=${PGPASSWORD}")\npw = getpass()\n' +
    'os.chdir(pwd)', 'seed.py'), []);
});

test('a value with `=` inside is no type annotation; Terraform variable defaults are values', () => {
  const value = `${fakeApiKey(92, 10)}=${fakeApiKey(93, 6)}`;
  assert.deepEqual(found(`grafana:\n  adminPassword: ${value}\n`, 'values.yaml'), [['generic-password', value]]);
  const pw = fakePassword(94).replace(/[$%{}"\\]/g, 'v');
  const tf = [
    'variable "admin_password" {', '  type      = string', `  default   = "${pw}"`, '  sensitive = true', '}',
    'variable "db_password" {', '  type = string', '}',
    'variable "region" {', `  default = "${fakeApiKey(95, 16)}"`, '}',
  ].join('\n');
  assert.deepEqual(found(tf, 'variables.tf'), [['generic-password', pw]]);
});

test('Django CSRF fields and Helm checksum annotations hold no secret', () => {
  const csrf = fakeApiKey(96, 64);
  const sum = Buffer.from(fakeApiKey(97, 32)).toString('hex');
  assert.deepEqual(found(`<input type="hidden" name="csrfmiddlewaretoken" value="${csrf}">`, 'login.html'), []);
  assert.deepEqual(found(`  annotations:\n    checksum/secret: ${sum}\n    checksum/config: ${sum}\n`,
    'deployment.yaml'), []);
  assert.deepEqual(found(`    client_secret: ${csrf}\n`, 'deployment.yaml'), [['generic-secret', csrf]]);
});

test("WireGuard's PresharedKey is a key, in its config and wherever it is named so", () => {
  const key = Buffer.from(fakeApiKey(91, 32)).toString('base64');
  for (const [text, path] of [[`[Peer]\nPublicKey = x\nPresharedKey = ${key}\n`, 'wg0.conf'],
    [`    preshared_key: "${key}"\n`, 'values.yaml']]) {
    assert.deepEqual(scanText(text, { path }).map((f) => [f.ruleId, f.secret]), [['generic-api-key', key]], path);
  }
  assert.deepEqual(scanText('const psk = presharedKey(peer);\n', { path: 'tunnel.ts' }), []);
});

test('secrets named in plists, Erlang and Elixir tuples, R, .NET config paths and Gradle fields', () => {
  const pw = fakePassword(801).replace(/[<&]/g, 'q');
  const key = fakeApiKey(802, 40);
  const cases: [string, string, string, string][] = [
    [`\t<key>APIPassword</key>\n\t<string>${pw}</string>`, 'Secrets.plist', 'generic-password', pw],
    [`<key>HMACSecret</key><string>${key}</string>`, 'Info.plist', 'generic-secret', key],
    [`[{billing, [{db_password, "${pw}"}]}].`, 'sys.config', 'generic-password', pw],
    [`   {api_key, <<"${key}">>},`, 'sys.config', 'generic-api-key', key],
    [`config :shop, auth: {:token, "${key}"}`, 'runtime.exs', 'generic-secret', key],
    [`github_token <- "${key}"`, 'load.R', 'generic-secret', key],
    [`  "Kestrel:Certificates:Default:Password": "${pw}",`, 'secrets.json', 'generic-password', pw],
    [`buildConfigField("String", "BACKEND_API_KEY", "\\"${key}\\"")`, 'build.gradle.kts', 'generic-api-key',
      key],
    [`static SECRET_KEY: &[u8] = b"${key}";`, 'config.rs', 'generic-api-key', key],
    [`FERNET_KEY = "${key}="`, 'settings.py', 'generic-api-key', `${key}=`],
    [`$ua->default_header('Authorization' => 'token ${key}');`, 'sync.pl', 'generic-secret', key],
  ];
  for (const [text, path, ruleId, secret] of cases) {
    assert.deepEqual(found(text, path), [[ruleId, secret]], text);
  }
});

test('the same forms holding no literal secret report nothing', () => {
  const decoys: [string, string][] = [
    ['\t<key>NSFaceIDUsageDescription</key>\n\t<string>Unlock your saved password</string>', 'Info.plist'],
    ['\t<key>APIPassword</key>\n\t<string>$(API_PASSWORD)</string>', 'Info.plist'],
    ['   {smtp_password, {env, "SMTP_PASSWORD"}},', 'sys.config'],
    ['const { password, token } = req.body;', 'handler.js'],
    ['api_key <- Sys.getenv("CENSUS_API_KEY")', 'load.R'],
    ['  "Smtp:Password": "",', 'appsettings.json'],
    ['buildConfigField("String", "API_KEY", "\\"${apiKey}\\"")', 'build.gradle'],
    ['if (token <-1) return;', 'lexer.c'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(found(text, path), [], text);
});

test('url-credentials: the password of an Oracle thin JDBC URL, not a variable or a URL without one', () => {
  const pw = fakeApiKey(803, 18);
  assert.deepEqual(found(`url = "jdbc:oracle:thin:ingest/${pw}@//ora.internal:1521/DW"`, 'db.py'),
    [['url-credentials', pw]]);
  assert.deepEqual(found('url = "jdbc:oracle:thin:scott/${DB_PASSWORD}@db:1521:orcl"', 'db.py'), []);
  assert.deepEqual(found('url = "jdbc:oracle:thin:@//ora.internal:1521/DW"', 'db.py'), []);
});

test('a credential type built from a literal holds a secret; a lexer token or a variable does not', () => {
  const key = fakeApiKey(804, 40);
  assert.deepEqual(found(`  val auth = Authorization(OAuth2BearerToken("${key}"))`, 'Client.scala'),
    [['generic-secret', key]]);
  assert.deepEqual(found(`  var credential = new AzureKeyCredential("${key}");`, 'Search.cs'),
    [['generic-secret', key]]);
  assert.deepEqual(found('  tokens.push(Token("IDENTIFIER"));', 'lexer.ts'), []);
  assert.deepEqual(found('  val auth = Authorization(OAuth2BearerToken(session.token))', 'Client.scala'), []);
});

test('url-credentials: a base64-encoded URL with a password (a Kubernetes Secret) is found whole', () => {
  const pw = fakeApiKey(805, 18);
  const encode = (text: string) => Buffer.from(text).toString('base64');
  const dsn = encode(`postgresql://payments:${pw}@pg.payments.svc:5432/payments`);
  const redis = encode(`redis://:${pw}@cache:6379/0`);
  const text = ['kind: Secret', 'data:', `  DATABASE_URL: ${dsn}`, `  REDIS_URL: ${redis}`,
    `  API_BASE: ${encode('https://api.acme-corp.io/v1/orders')}`,
    `  DEV_URL: ${encode('postgresql://user:password@localhost/db')}`,
    `  MONGO_URL: ${encode('mongodb+srv://app:${MONGO_PASSWORD}@cluster0.acme.net')}`, ''].join('\n');
  assert.deepEqual(found(text, 'secret.yaml'), [['url-credentials', dsn], ['url-credentials', redis]]);
});

test('the sample tokens and client secrets printed in the OAuth 2.0 RFCs are not reported', () => {
  const docstring = [
    '     Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW',
    '     {"access_token":"2YotnFZFEjr1zCsicMWpAA", "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}',
    '     Authorization: Bearer mF_9.B5f-4.1JqM',
  ].join('\n');
  assert.deepEqual(found(docstring), []);
  // The same shapes with other values are still secrets.
  const token = fakeApiKey(16, 22);
  assert.deepEqual(found(`{"access_token":"${token}"}`), [['generic-secret', token]]);
});

test('minified code: statements, conditions, messages and patterns are not taken for secrets', () => {
  const minified = [
    'g&&!v||0!==m||y?this._output.space_before_token=!0:this._output.add_new_line();',
    'var ct={};x.tryReadTemplateToken=function(){this.inTemplateElement=!0;try{this.readTmplToken()}catch(e){}}',
    'var m={DefaultRestParameter:"Unexpected token =",DuplicateBinding:"Duplicate binding %0"};',
    'Promise.resolve()}};pw=__decorate([__param(0,Ae)],pw);var KO=class{constructor(){}}',
    'var customArgumentsToken="__ES6-PROMISIFY--CUSTOM-ARGUMENTS__";',
    '{"http.proxy":{type:"string",pattern:"^(https?|socks5h?)://([^:]*(:[^@]*)?@)?([^:]+)(:\\\\d+)?/?$"}}',
  ];
  const padding = `var pad="${'x'.repeat(2500)}";`;
  // A regular expression's quote pairs with a later one: the "string" between them is code.
  minified.push('var q=/"/;if(c)x.p(),y?this.out.space_before_token=!0:this.out.add_new_line();' +
    'else if(z("\\\\"))w="v";');
  for (const line of minified) {
    assert.deepEqual(ids(scanText(line, { path: 'bundle.js' })), [], line);
    assert.deepEqual(ids(scanText(padding + line, { path: 'bundle.min.js' })), [], `minified: ${line}`);
  }
  // Inside a string literal the same delimiters still close a value; minified, only strong secrets count.
  const pw = fakePassword(17, 12).replace(/[;"'\\]/g, 'x');
  const key = fakeApiKey(18, 32);
  const code = `a={};b=c?d:"Server=db;Password=${pw};",u="/v1/items?token=${key}";`;
  assert.deepEqual(found(code, 'Db.cs'), [['generic-password', pw], ['generic-secret', key]]);
  assert.deepEqual(found(padding + code, 'bundle.min.js'), [['generic-secret', key]]);
  // A URL's query in a comment or a docstring is no string literal, and still delimits its values.
  const docstring = `    GET https://api.acme.io/v1/items?page=2&api_key=${key}   # the key\n`;
  assert.deepEqual(found(docstring, 'client.py'), [['generic-api-key', key]]);
});

test('option lists, artifact coordinates, Vim script and syntax patterns are not reported', () => {
  const decoys: [string, string][] = [
    ['  opts="--help --no-ask-password --no-block --quiet"', 'completions/svc'],
    ['  --password --recovery-key --wipe-slot', 'completions/enroll'],
    ['com.example.auth:example-auth-library-oauth2-http\t1.2.0', 'artifacts.tsv'],
    ["  $pass = '-anonymous@' unless defined $pass;", 'Ftp.pm'],
    ['  let pwd = a:opts.workdir', 'plugin.vim'],
    ['syn match confAuth "^\\zsauth\\s*=\\ze\\s*<\\(md5\\|plain\\)>$"', 'conf.vim'],
    ['syn match logLinePW "^NPW:.*$"', 'log.vim'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(ids(scanText(`${text}\n`, { path })), [], text);
  const password = fakePassword(19);
  assert.deepEqual(found(`  --password ${password} --no-block`, 'deploy.sh'), [['generic-password', password]]);
});

test('library docs and code: URNs, placeholders that say what they are, counting, names under a provider', () => {
  const decoys: [string, string][] = [
    ['    "grantType": "urn:ietf:params:oauth:grant-type:device-code",', 'examples.json'],
    ['Must be *urn:ietf:params:oauth:token-type:jwt* or *urn:ietf:params:oauth:token-type:id_token*.', 'README.md'],
    ['  "id_token": "HEADER.PAYLOAD.SIGNATURE",', 'README.md'],
    ['const octokit = new Octokit({ auth: `personal-access-token123` });', 'README.md'],
    ["client.setApiKey('SG.1234567890');", 'client.spec.js'],
    ['exports.CLOUDFLARE_DURABLE_OBJECT_QUERY_BINDINGS="cloudflare.durable_object.query.bindings";', 'attributes.cjs'],
    ['e(new Error("Error fetching MFA token: "+s),{code:t.errorCode})}e(null,i)}):e(n)', 'sdk.min.js'],
    ['  auth: oauth2Client', 'README.md'],
    ["   *     token: 'tokens/my-token'", 'v1alpha1.d.ts'],
    ['{"version":3,"sourcesContent":["  /** the account */\\n  password: string\\n\\n"]}', 'auth.js.map'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(ids(scanText(`${text}\n`, { path })), [], text);
  // Azure Storage's emulator key is printed in every Azure SDK; a real account key is still found.
  const emulator = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  const connection = (key: string) => `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${key};`;
  assert.deepEqual(ids(scanText(connection(emulator), { path: 'constants.js' })), []);
  const real = fakeToken('azure-storage-account-key', 20);
  assert.deepEqual(ids(scanText(connection(real), { path: 'constants.js' })), ['azure-storage-account-key']);
  const cloudflare = fakeToken('cloudflare-api-token', 21);
  assert.deepEqual(found(`CLOUDFLARE_API_TOKEN=${cloudflare}`, '.env'), [['cloudflare-api-token', cloudflare]]);
});

test('an ODBC connection string in code is read past its braced driver name', () => {
  const pw = fakeApiKey(806, 20);
  const odbc = `ODBC = "DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql01;UID=ingest;PWD=${pw}"`;
  assert.deepEqual(found(odbc, 'connections.py'), [['generic-password', pw]]);
  // A brace that opens code, not a braced value, still ends the search for the string's opening.
  assert.deepEqual(found('if (ok) {};password=compute(seed)', 'app.min.js'), []);
});

test('library code: format strings, spec samples, keyword arguments, entry points, tags, resource names', () => {
  const decoys: [string, string][] = [
    ['                downgrade_token="%s_downgrades" % name,', 'env.py'],
    ['    CONVNEXT_PW1: "convnext.{bid}.pw1",', 'constants.py'],
    ['    oauth_consumer_key="dpf43f3p2l4k3l03",', 'server.py'],
    ['    http://www.example.com/path?access_token=h480djs93hd8', 'parameters.py'],
    ['  # FIXME: Pass "missing_ok=True" once older versions are gone.', 'remove.py'],
    ['    "git://[path-to-repo[:ref]@]path/to/file"', 'git.py'],
    ['REQUEST_TYPE_ACCESS_TOKEN = "auth-request-type/at"', 'metrics.py'],
    ["  client.api_key = 'auth_tokens/TEST_AUTH_TOKEN'", 'test_live.py'],
    ["    token = b'#0123FakeToken4567/8/9'", 'test_ros3.py'],
    ['        "refresh_token": "hf_oauth__refresh_token",', 'oauth.py'],
    ['        "pwd": "IPython.core.magics.osm:OSMagics",', 'table.py'],
    ['    sqla+postgresql://scott:tiger@localhost/mydb', 'transport.py'],
    ['    azureservicebus://SAS_POLICY_NAME:SAS_KEY@SERVICE_BUS_NAMESPACE', 'servicebus.py'],
    ["    'und-PW': 'pau-Latn-PW',", 'data_dicts.py'],
    ['WEBHOOK_TOKEN = "abc123def456"', 'README.md'],
    ["    search_token = '#mesondefine'", 'universal.py'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(ids(scanText(`${text}\n`, { path })), [], text);
  // A placeholder beside a random run, and a random run between slashes, are still secrets.
  const key = fakeApiKey(22, 24);
  assert.deepEqual(found(`token = "{noop}${key}"`, 'app.py'), [['generic-secret', `{noop}${key}`]]);
  assert.deepEqual(found(`API_KEY = "keys/${key}"`, 'app.py'), [['generic-api-key', `keys/${key}`]]);
});

test('library code: sentinels, scoped ids, DWARF names, interfaces, CSS, paths, e-mails and regex groups', () => {
  const decoys: [string, string][] = [
    ['        null_token: str = "__null_token_value__"', 'group_by.py'],
    ['let y=new _.Token("@jupyter-notebook/application:INotebookShell");', 'static.js'],
    ["                'tag': ir.DIToken('DW_TAG_structure_type'),", 'debuginfo.py'],
    ['r.sourceFileFactory=new i.ServiceKey("ISourceFileFactory");', 'internal.js'],
    ['.special-token:empty::before {', 'styles.css'],
    ['        "ssl:443:privateKey=C\\\\:/key.pem:certKey=C\\\\:/cert.pem"', 'endpoints.py'],
    ['    def login(self, username="anonymous", password="guest@ftp.invalid"):', 'ftp.py'],
    ["    token = self._search_regex(r'\"passedToken\":\"([\\w-]+\\.[\\w-]+\\.[\\w-]+)\"', page, 'token')", 'tv.py'],
    ["_CLASSES = {'LinkedInEventsIE': LinkedInEventsIE}", 'lazy.py'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(ids(scanText(`${text}\n`, { path })), [], text);
});

test('framework code: directives, tagged kinds, API paths, regex sources, markers and quoted code', () => {
  const decoys: [string, string][] = [
    ["            apiKey: '@aws_api_key',", 'SchemaProcessor.js'],
    ['    VerifyCustomToken = "identitytoolkit#VerifyCustomTokenResponse",', 'auth.d.ts'],
    ["  SIGN_IN_WITH_CUSTOM_TOKEN = '/v1/accounts:signInWithCustomToken',", 'index.js'],
    ["  const auth = '(?:\\\\S+(?::\\\\S*)?@)?';", 'url.js'],
    ['              if (lastSignificantToken === "?NonExpressionParenKeyword") {', 'printer.mjs'],
    ['\t * one pass: `d===t?a:b` is kept', 'syntax-printer.js'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(ids(scanText(`${text}\n`, { path })), [], text);
  const token = `@${fakeApiKey(23, 20)}`;
  assert.deepEqual(found(`API_TOKEN=${token}`, '.env'), [['generic-secret', token]]);
});

test('a quoted value may start with punctuation: only a quote that closes the name\'s own string is skipped', () => {
  const pw = fakePassword(830, 14);
  for (const first of [',', ';', ')', ']', '}', '+', '.']) {
    assert.deepEqual(found(`password = "${first}${pw}"\n`, 'app.py'), [['generic-password', `${first}${pw}`]], first);
    assert.deepEqual(found(`db:\n  password: '${first}${pw}'\n`, 'config.yaml'), [['generic-password', `${first}${pw}`]]);
  }
});

test('a connection string with interpolated parts ({host}, ${host}, {0}) in program source is still one', () => {
  const pw = fakePassword(831, 14);
  const lines: [string, string][] = [
    [`var cs = $"Server={host};Database={db};User Id=sa;Password=${pw};";`, 'Db.cs'],
    [`cs = f"Server={cfg.host};UID=sa;PWD=${pw};"`, 'db.py'],
    ['const cs = `Server=${host};User Id=sa;Password=' + pw + ';`;', 'db.js'],
    [`var cs = string.Format("Server={0};User Id=sa;Password=${pw};", host);`, 'Db.cs'],
  ];
  for (const [line, path] of lines) assert.deepEqual(found(`${line}\n`, path), [['generic-password', pw]], line);
});

test('a connection string continued after a concatenation ("..." + host + ";Password=...") is still one', () => {
  const pw = fakePassword(832, 14);
  assert.deepEqual(found(`var cs = "Server=" + host + ";User Id=sa;Password=${pw};";\n`, 'Db.cs'), [['generic-password', pw]]);
  assert.deepEqual(found(`$dsn = "sqlsrv:Server=" . $host . ";PWD=${pw}";\n`, 'db.php'), [['generic-password', pw]]);
  // A statement after a string in minified code is not a continued string.
  assert.deepEqual(found(`var a="x";token=${fakeApiKey(833, 24)}\n`, 'bundle.js'), []);
});

test('a password that opens with `$` is a password once it goes on past a variable name', () => {
  const password = `$${fakePassword(24, 10).replace(/[^A-Za-z0-9]/g, 'q')}!${fakePassword(25, 4).replace(/\W/g, '7')}`;
  assert.deepEqual(found(`DB_PASSWORD = "${password}"`, 'settings.py'), [['generic-password', password]]);
  assert.deepEqual(found(`DB_PASSWORD=${password}`, '.env'), [['generic-password', password]]);
  for (const reference of ['DB_PASSWORD=$DB_PASS', 'password: $SECRET_PASSWORD/extra', '$password = $dbPassword;']) {
    assert.deepEqual(found(reference, 'config.yml'), [], reference);
  }
  // Shell and Makefile variables run into punctuation: an upper-case name, or another `$` reference after it.
  const expansions = [['deploy.sh', 'PASSWORD=$DB_PASS_PROD-2'], ['deploy.sh', 'TOKEN=$GITHUB_TOKEN!'],
    ['Makefile', 'AUTH_TOKEN ?= $TOKEN_PROD-x'], ['.gitlab-ci.yml', 'token: $CI_JOB_TOKEN@gitlab'],
    ['deploy.sh', 'PASSWORD=$prefix-$suffix'], ['Makefile', 'PASSWORD=$db_user+$(DB_HOST)']];
  for (const [path, reference] of expansions) assert.deepEqual(found(reference, path), [], reference);
});

test('salts that sign or derive keys are secrets; a bare salt in hashing code is not', () => {
  const salt = (seed: number) => fakePassword(seed, 48).replace(/['\\]/g, '#');
  const config = [
    `define('AUTH_SALT',        '${salt(26)}');`,
    `define('NONCE_SALT',       '${salt(27)}');`,
    `define('LOGGED_IN_SALT',   '${salt(28)}');`,
  ].join('\n');
  assert.deepEqual(ids(scanText(config, { path: 'wp-config.php' })), ['generic-secret', 'generic-secret', 'generic-secret']);
  const flask = `SECURITY_PASSWORD_SALT = '${fakeApiKey(29, 32)}'`;
  assert.deepEqual(ids(scanText(flask, { path: 'config.py' })), ['generic-secret']);
  // Rails' Active Record encryption derives its keys from this salt; Laravel's hashids packages read HASHID_SALT.
  const rails = `config.active_record.encryption.key_derivation_salt = "${fakeApiKey(32, 32)}"`;
  assert.deepEqual(ids(scanText(rails, { path: 'config/application.rb' })), ['generic-secret']);
  assert.deepEqual(ids(scanText(`HASHID_SALT=${fakeApiKey(33, 32)}\n`, { path: '.env' })), ['generic-secret']);
  // Salts in crypt's format feed a password hash in code: `$2b$` and a cost, `$6$`.
  for (const code of [`const salt = '${fakeApiKey(30, 16)}';`, `user.password_salt = "${fakeApiKey(31, 22)}"`,
    `const APP_SALT = '$2b$10$${fakeApiKey(34, 22)}';`, `AUTH_SALT = "$6$${fakeApiKey(35, 16)}"`]) {
    assert.deepEqual(ids(scanText(code, { path: 'hash.js' })), [], code);
  }
});

test('one long line does not make a short config file count as minified', () => {
  const password = fakePassword(32);
  const blob = `GOOGLE_CREDENTIALS_B64=${fakeBase64(33, 3600)}`;
  const env = `DB_HOST=db.internal\nDB_PASSWORD=${password}\n${blob}\nDEBUG=false\n`;
  for (const path of ['.env', 'deploy/.env.production', 'settings.properties']) {
    assert.deepEqual(found(env, path).filter(([rule]) => rule === 'generic-password'), [['generic-password', password]], path);
  }
  // A bundle of the same shape is minified: only quoted values count there.
  assert.deepEqual(found(env, 'dist/app.js'), []);
});

test('SDK code: host names, query fragments, algorithms, versioned types, artifacts, requirements, binaries', () => {
  const decoys: [string, string][] = [
    ["_CLOUD_SQL_API_SERVICE_TOKEN = 'sql-component.googleapis.com'", 'flags.py'],
    ["  _VM_AUTH = '&authMechanism=MONGODB-OIDC&authMechanismProperties=ENVIRONMENT:gcp'", 'connection.py'],
    ["    elif args.auth == 'scram-sha-256':", 'connection.py'],
    ['      "pattern":"arn:aws:secretsmanager:.*:secret:AmazonLookoutMetrics-.+"', 'service-2.json'],
    ["      'service_account_token': 'V1ServiceAccountTokenProjection',", 'projection.py'],
    ["    access_token = 'InvalidToken:%s:%s' % (scope, reason)", 'identity_stub.py'],
    ['Java - Credentials (com.google.auth:google-auth-library-credentials:1.3.0)', 'THIRD-PARTY.txt'],
    ['    "reauth": "pyu2f>=0.1.5",', 'setup.py'],
    ['  "access_token": "HEADER.SIMULATED_JWT_PAYLOAD.SIGNATURE",', 'subject_token.json'],
    ['            "subject_token": "subject_token_0",', 'test_account.py'],
    ["        ('OAuth2', 'oauth2_refresh_retries'),", 'metrics.py'],
    ['password: \u00a9\u00a9\u00fbG\u0019\u00a2\u0004\u0013\u0011x', 'logo.ai'],
  ];
  for (const [text, path] of decoys) assert.deepEqual(ids(scanText(`${text}\n`, { path })), [], text);
  // Generated passphrases read like algorithm names without an algorithm's word, and are reported.
  assert.deepEqual(found('DB_PASSWORD=tundra-42-piano-7', '.env'), [['generic-password', 'tundra-42-piano-7']]);
  // A key written as escapes is a key, control characters and all.
  const bytes = Buffer.from(fakeApiKey(34, 32), 'utf8').subarray(0, 16).map((b, i) => (b * (i + 3)) % 256);
  bytes[2] = 0x05;
  bytes[9] = 0x1a;
  const escaped = [...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  assert.deepEqual(ids(scanText(`_ENCRYPTION_KEY = b'${escaped}'\n`, { path: 'extractor.py' })), ['generic-api-key']);
});
