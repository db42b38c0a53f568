import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/scan';
import { fakeApiKey, fakePassword } from '../../support/genericSecrets';
import { ordinary } from '../../support/adversarialInputs';

/** Scans and returns [ruleId, secret, text of the finding's span] triples. */
function found(text: string, path: string): [string, string, string][] {
  return scanText(text, { path }).map((f) => [f.ruleId, f.secret, text.slice(f.start, f.end)]);
}

/** Each secret reported under `ruleId`, spanning exactly its text. */
function reported(ruleId: string, ...secrets: string[]): [string, string, string][] {
  return secrets.map((secret) => [ruleId, secret, secret]);
}

function passwords(...secrets: string[]): [string, string, string][] {
  return reported('generic-password', ...secrets);
}

test('.netrc: the password of an entry, on its line or on a line of its own, also passwd and quoted', () => {
  const [one, two, three, four] = [fakePassword(1), fakePassword(2), fakePassword(3), fakePassword(4)];
  const text = [
    `machine api.internal login deploy password ${one}`,
    'machine git.internal',
    '  login ci',
    `  password ${two}`,
    `machine ftp.internal login ops passwd ${three}`,
    `default login backup password "${four}"`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, '.netrc'), passwords(one, two, three, four));
  assert.deepEqual(found(text, 'home/ci/_netrc'), passwords(one, two, three, four));
  assert.deepEqual(found(text, 'C:\\Users\\ci\\_NETRC'), passwords(one, two, three, four));
});

test('.netrc decoys: other file names, placeholders, references, comments, macros, anonymous FTP', () => {
  const real = fakePassword(5);
  const entry = `machine api.internal login deploy password ${real}\n`;
  for (const path of ['netrc.txt', 'docs/netrc.md', '.netrc.example', 'README.md']) {
    assert.deepEqual(found(entry, path), [], path);
  }
  const text = [
    `# password ${fakePassword(6)}`,
    'machine a.internal login deploy password changeme',
    'machine b.internal login deploy password ${NETRC_PASSWORD}',
    'machine c.internal login deploy password $TOKEN',
    'machine d.internal login deploy password <password>',
    'machine ftp.internal login anonymous password ops@corp.internal',
    'macdef init',
    `password ${fakePassword(7)}`,
    '',
    entry,
  ].join('\n');
  assert.deepEqual(found(text, '.netrc'), passwords(real));
});

test('.pgpass: the fifth field, with wildcards and escaped colons, in files so named in any folder', () => {
  const [one, two] = [fakePassword(11), fakePassword(12)];
  const escaped = `${fakeApiKey(13, 10)}\\:${fakeApiKey(14, 10)}`;
  const text = [
    `db.internal:5432:app:app:${one}`,
    `*:*:*:replicator:${two}`,
    `host\\:with\\:colons:6432:reports:ro:${escaped}`,
    '',
  ].join('\n');
  // The escaped password is reported unescaped, spanning its text as written.
  const unescaped: [string, string, string] = ['generic-password', escaped.replace('\\', ''), escaped];
  for (const path of ['.pgpass', 'home/app/.pgpass', 'deploy/pgpass']) {
    assert.deepEqual(found(text, path), [...passwords(one, two), unescaped], path);
  }
});

test('.pgpass decoys: other file names, comments, placeholders, references, lines of another shape', () => {
  const real = fakePassword(15);
  const entry = `db.internal:5432:app:app:${real}\n`;
  for (const path of ['hosts.txt', 'pgpass.sample', 'notes.md']) {
    assert.deepEqual(found(entry, path), [], path);
  }
  const text = [
    `# db.internal:5432:app:app:${fakePassword(16)}`,
    'db.internal:5432:app:app:changeme',
    'db.internal:5432:app:app:$PGPASSWORD',
    'db.internal:5432:app:app:<password>',
    `db.internal:port:app:app:${fakePassword(17)}`,
    `db.internal:5432::app:${fakePassword(18)}`,
    `db.internal:5432:app:${fakePassword(19)}`,
    entry,
  ].join('\n');
  assert.deepEqual(found(text, '.pgpass'), passwords(real));
});

test('redis: requirepass and masterauth at the start of a line, quoted or not, and CONFIG SET', () => {
  const [one, two, three, four] = [fakePassword(21), fakePassword(22), fakePassword(23), fakePassword(24)];
  const conf = `bind 0.0.0.0\nrequirepass ${one}\n  masterauth ${two}\nREQUIREPASS '${three}'\n`;
  // masterauth under generic-secret, as `masterauth "..."` and `--masterauth ...` have always been.
  const expected = [...passwords(one), ...reported('generic-secret', two), ...passwords(three)];
  assert.deepEqual(found(conf, 'redis.conf'), expected);
  assert.deepEqual(found(conf, 'deploy/cache.txt'), expected);
  const prompt = `127.0.0.1:6379> CONFIG SET requirepass "${four}"\n`;
  assert.deepEqual(found(prompt, 'runbook.md'), passwords(four));
});

test('redis decoys: the stock example, placeholders, references, and the directives in prose', () => {
  const real = fakePassword(25);
  const text = [
    '# requirepass foobared',
    'requirepass foobared',
    'requirepass foobared2024',
    'requirepass ${REDIS_PASSWORD}',
    'requirepass $PASS',
    'requirepass <password>',
    'requirepass changeme',
    'masterauth "%MASTER_PASSWORD%"',
    `Set requirepass in redis.conf to ${fakeApiKey(26, 16)} or so.`,
    'requirepass sets the password clients must send with AUTH.',
    `Use \`masterauth ${fakeApiKey(27, 16)}\` on replicas.`,
    `requirepass ${real}`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'redis.conf'), passwords(real));
});

test('redis-server --requirepass: command lines and docker-compose command lists', () => {
  const [key, one, two, three] = [fakeApiKey(31, 24), fakePassword(32), fakePassword(33), fakeApiKey(34, 20)];
  const compose = [
    'services:',
    '  cache:',
    `    command: ["redis-server", "--appendonly", "yes", "--requirepass", "${one}"]`,
    '  replica:',
    '    command:',
    '      - redis-server',
    '      - "--requirepass"',
    `      - '${two}'`,
    '  other:',
    `    command: [redis-server, --requirepass, ${three}]`,
    '',
  ].join('\n');
  assert.deepEqual(found(compose, 'docker-compose.yml'), passwords(one, two, three));
  const script = `exec redis-server /etc/redis.conf --requirepass ${key}\n`;
  assert.deepEqual(found(script, 'start.sh'), passwords(key));
});

test('redis-server --requirepass decoys: references and variables', () => {
  const real = fakePassword(35);
  const text = [
    '    command: redis-server --requirepass ${REDIS_PASSWORD:-changeme}',
    '    command: ["redis-server", "--requirepass", "$(REDIS_PASSWORD)"]',
    '    command:',
    '      - --requirepass',
    '      - $REDIS_PASSWORD',
    `    command: ["redis-server", "--requirepass", "${real}"]`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'docker-compose.yml'), passwords(real));
  // In program source, prose in a string (a test's title) next to a command in another.
  const source = `it('needs --requirepass anything: AUTH', () => run('redis-server --requirepass ${real}'))`;
  assert.deepEqual(found(source, 'server.test.ts'), passwords(real));
});

test('redis-cli: -a password, quoted or not, and --pass', () => {
  const [key, one, two] = [fakeApiKey(41, 24), fakePassword(42), fakePassword(43)];
  const text = [
    `redis-cli -h cache.internal -p 6379 -a ${key} ping`,
    `docker exec cache redis-cli --no-auth-warning -a '${one}' INFO`,
    `redis-cli --user ops --pass "${two}" --scan`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'healthcheck.sh'), passwords(key, one, two));
});

test('redis-cli decoys: -a of other commands, references, a missing password', () => {
  const [real, other] = [fakeApiKey(44, 24), fakeApiKey(45, 24)];
  const text = [
    `ls -a ${other}`,
    `git commit -a -m ${other}`,
    `redis-cli ping && ls -a ${other}`,
    `redis-cli INFO | grep -a ${other}`,
    'redis-cli -a "$REDIS_PASSWORD" ping',
    'redis-cli -a --no-auth-warning ping',
    'Run redis-cli with -a and the password.',
    `redis-cli -a ${real} ping`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'notes.sh'), passwords(real));
});

test('sshpass -p: the password joined, quoted or not, also as a list in code', () => {
  const [key, one, two, three] = [fakeApiKey(51, 20), fakePassword(52), fakeApiKey(53, 20), fakePassword(54)];
  const text = [
    `sshpass -p ${key} ssh deploy@web.internal`,
    `sshpass -v -p '${one}' scp build.tgz deploy@web.internal:`,
    `sshpass -p${two} rsync -a dist/ web.internal:/srv`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'deploy.sh'), passwords(key, one, two));
  assert.deepEqual(found(`subprocess.run(["sshpass", "-p", "${three}", "ssh", host])\n`, 'deploy.py'),
    passwords(three));
});

test('sshpass decoys: the -p of the command it runs, files and environment, placeholders', () => {
  const [real, other] = [fakePassword(55), fakeApiKey(56, 20)];
  const text = [
    `sshpass -f ~/.ssh/pw ssh -p ${other} deploy@web.internal`,
    `sshpass -e ssh -p ${other} deploy@web.internal`,
    'sshpass -p "$SSHPASS" ssh deploy@web.internal',
    "sshpass -p 'changeme' ssh deploy@web.internal",
    'apt-get install -y sshpass',
    `sshpass -p '${real}' ssh deploy@web.internal`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'deploy.sh'), passwords(real));
});

test('openssl: -k, and pass: after -pass, -passin, -passout, across continued lines', () => {
  const [key, one, two, three] = [fakeApiKey(61, 20), fakePassword(62), fakePassword(63), fakeApiKey(64, 20)];
  const text = [
    `openssl enc -aes-256-cbc -salt -k ${key} -in backup.tar -out backup.enc`,
    `openssl enc -d -aes-256-cbc -pass 'pass:${one}' -in backup.enc`,
    'openssl pkcs12 -export -in cert.pem -inkey key.pem \\',
    `  -passin "pass:${two}" \\`,
    `  -passout pass:${three} -out bundle.p12`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'backup.sh'), passwords(key, one, two, three));
});

test('openssl decoys: env:, file: and stdin sources, -k of other commands, longer names', () => {
  const [real, other] = [fakeApiKey(65, 20), fakeApiKey(66, 20)];
  const text = [
    'openssl enc -aes-256-cbc -pass env:BACKUP_KEY -in backup.tar',
    'openssl pkcs12 -export -passin file:/run/secrets/p12 -passout stdin',
    `openssl version; tar -k -xf ${other}.tar`,
    `pip install pyopenssl -k ${other}`,
    `cat openssl.cnf -k ${other}`,
    'openssl enc -aes-256-cbc -k "$BACKUP_KEY" -in backup.tar',
    `openssl enc -aes-256-cbc -k ${real} -in backup.tar`,
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'backup.sh'), passwords(real));
});

test('hostile .netrc and .pgpass texts: a bounded multiple of ordinary ones, read to the last entry', () => {
  const real = fakePassword(71);
  const cases: [string, string][] = [
    ['.netrc', `${'password "'.repeat(10_000)}\nmachine h login u password ${real}\n`],
    ['.netrc', `${'macdef m\n a\n'.repeat(10_000)}\nmachine h login u password ${real}\n`],
    ['.pgpass', `${'a:1:b:c:'.repeat(12_000)}\nh:5432:d:u:${real}\n`],
    ['.pgpass', `${'\\'.repeat(100_000)}\nh:5432:d:u:${real}\n`],
  ];
  for (const [path, text] of cases) {
    const time = (input: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        scanText(input, { path });
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    time(ordinary(2000));
    const plain = Math.max(time(ordinary(text.length)), 1);
    assert.ok(time(text) / plain < 200, `${path}: ${text.slice(0, 20)}`);
    assert.deepEqual(found(text, path), passwords(real), `${path}: ${text.slice(0, 20)}`);
  }
});

test('docker login -p: the password after login; not a published port, a variable or --password-stdin', () => {
  const real = fakePassword(40).replace(/[$"'`\\|&;()<>#]/g, 'd');
  const text = [
    `docker login -u deploybot -p ${real} registry.internal`,
    'docker run -p 8080:80 nginx',
    'docker login -u "$DOCKER_USER" -p "$DOCKER_PASSWORD" ghcr.io',
    'echo "$TOKEN" | docker login --password-stdin -u ci registry.internal',
    '',
  ].join('\n');
  assert.deepEqual(found(text, 'deploy.sh'), passwords(real));
});
