import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/scan';
import { fakeApiKey, fakePassword } from '../../support/genericSecrets';

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
