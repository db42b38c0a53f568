import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/scan';
import { fakeApiKey, fakePassword } from '../../support/genericSecrets';
import { fakeToken } from '../../support/fakeTokens';

function found(text: string, path: string): [string, string][] {
  return scanText(text, { path }).map((f) => [f.ruleId, f.secret]);
}

test('passwords passed to credential constructors, logins and basic-auth setters', () => {
  const pw = fakePassword(120);
  const cases: [string, string][] = [
    [`    return new NetworkCredential("svc-payments", "${pw}");`, 'PaymentClient.cs'],
    [`    new UsernamePasswordCredentials("svc-orders", "${pw}")`, 'Config.java'],
    [`    Authenticator.setDefault(new PasswordAuthentication("svc", "${pw}".toCharArray()));`, 'Net.java'],
    [`    req.SetBasicAuth("orders", "${pw}")`, 'http.go'],
    [`r = requests.get(url, auth=HTTPBasicAuth("svc", "${pw}"))`, 'partner.py'],
    [`  return client.login("smoke-tester", "${pw}");`, 'login.js'],
    [`  conn = DriverManager.getConnection(\n      "jdbc:sqlserver://db:1433", "sa", "${pw}");`, 'Dao.java'],
    [`  $pdo = new PDO('mysql:host=localhost;dbname=shop', 'root', '${pw}');`, 'db.php'],
    [`  curl_setopt($ch, CURLOPT_USERPWD, "api:${pw}");`, 'db.php'],
    [`  headers: { Authorization: 'Basic ' + Buffer.from('svc-sync:${pw}').toString('base64') },`, 'sync.js'],
    [`  auth = 'Basic ' + btoa('svc-sync:${pw}');`, 'sync.js'],
  ];
  for (const [line, path] of cases) assert.deepEqual(found(line, path), [['generic-password', pw]], `${path}: ${line}`);
});

test('JWT signing keys given to sign and encode calls', () => {
  const key = fakeApiKey(121, 43);
  for (const [line, path] of [
    [`  return jwt.encode({"sub": user_id}, "${key}", algorithm="HS256")`, 'app.py'],
    [`  const token = jwt.sign({ sub: user.id }, '${key}', { expiresIn: '1h' });`, 'auth.ts'],
  ]) assert.deepEqual(found(line, path), [['generic-secret', key]], line);
});

test('calls that take no literal password, or a placeholder, report nothing', () => {
  const decoys: [string, string][] = [
    ['  return client.login(username, password);', 'login.js'],
    ['  const creds = new NetworkCredential(user, Environment.GetEnvironmentVariable("PW"));', 'a.cs'],
    ['  req.SetBasicAuth("orders", os.Getenv("ORDERS_PASSWORD"))', 'http.go'],
    ['  client.login("admin", "changeme")', 'test_login.py'],
    ['  client.login("admin", "<password>")', 'README.md'],
    ['  relogin("admin", "Zq8mK2vLx9TbR4wN")', 'a.js'],
    ['  jwt.sign(payload, process.env.JWT_SECRET)', 'auth.ts'],
    ['  const auth = "Basic " + btoa(`${user}:${pass}`);', 'a.js'],
    ['  $ftp->login("anonymous", \'-anonymous@\')', 'FTP.pm'],
    ['  loginForm("admin", "Zq8mK2vLx9TbR4wN-label")', 'a.js'],
  ];
  for (const [line, path] of decoys) assert.deepEqual(found(line, path), [], `${path}: ${line}`);
});

// Found missing by a reviewer: each call shape used to give nothing.
test('more credential calls: Ruby basic_auth, Spring tokens, third-argument passwords, verbatim strings, HMAC keys', () => {
  const pw = fakePassword(122);
  const cases: [string, string, string][] = [
    [`req.basic_auth('svc', '${pw}')`, 'client.rb', 'generic-password'],
    [`new UsernamePasswordAuthenticationToken("svc", "${pw}")`, 'Auth.java', 'generic-password'],
    [`smtp.PlainAuth("", "svc@example.org", "${pw}", "smtp.example.org")`, 'mail.go', 'generic-password'],
    [`new NetworkCredential("svc", @"${pw}")`, 'Mail.cs', 'generic-password'],
    [`Jwts.builder().signWith(SignatureAlgorithm.HS256, "${pw}")`, 'Tokens.java', 'generic-secret'],
    [`Algorithm algorithm = Algorithm.HMAC256("${pw}");`, 'Tokens.java', 'generic-secret'],
  ];
  for (const [line, path, ruleId] of cases) assert.deepEqual(found(line, path), [[ruleId, pw]], `${path}: ${line}`);
});

test('passwords in OkHttp, reqwest, Perl DBI and Sequelize calls', () => {
  const pw = fakePassword(801);
  const cases: [string, string, string, string][] = [
    [`  val auth = Credentials.basic("qa-bot", "${pw}")`, 'Auth.kt', 'generic-password', pw],
    [`  client.get(url).basic_auth("admin", Some("${pw}"))`, 'client.rs', 'generic-password', pw],
    [`my $dbh = DBI->connect('dbi:Pg:dbname=hr', 'hr_sync', '${pw}', { RaiseError => 1 });`, 'sync.pl',
      'generic-password', pw],
    [`const db = new Sequelize('shop', 'shop_app', '${pw}', { dialect: 'postgres' });`, 'db.js',
      'generic-password', pw],
  ];
  for (const [line, path, ruleId, secret] of cases) {
    assert.deepEqual(found(line, path), [[ruleId, secret]], line);
  }
});

test('an AWS secret beside its access key id in one call is reported as an AWS secret', () => {
  const id = fakeToken('aws-access-key-id', 801);
  const secret = fakeToken('aws-secret-access-key', 802);
  assert.deepEqual(found(`  val creds = AwsBasicCredentials.create("${id}", "${secret}")`, 'Clients.scala'),
    [['aws-access-key-id', id], ['aws-secret-access-key', secret]]);
});

test('the same calls given variables or environment look-ups report nothing', () => {
  const decoys: [string, string][] = [
    ['  val auth = Credentials.basic(user, password)', 'Auth.kt'],
    ['  client.get(url).basic_auth("admin", Some(env::var("PW")?))', 'client.rs'],
    ["my $dbh = DBI->connect($dsn, $user, $ENV{'DB_PASSWORD'});", 'sync.pl'],
    ["const db = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres' });", 'db.js'],
  ];
  for (const [line, path] of decoys) assert.deepEqual(found(line, path), [], line);
});
