/**
 * The blind corpus: realistic leaks and hard decoys written without looking at the two older
 * corpora or tuning against them, in the many languages and config formats real repositories
 * leak in. Every secret-looking value is drawn at run time from a seeded generator, so the
 * repository itself holds none. `npm run accuracy` reports it as the third corpus.
 *
 * Each file is a list of snippets; a snippet names the values in it that are secrets (with a
 * category) or decoys (with a kind). A finding counts for a secret when its range overlaps the
 * secret's; every other finding is a false alarm, whether or not its line holds a labelled decoy.
 */
import type { FileFinding } from '../../src/core/scan';
import { fakeToken, nearMiss } from './fakeTokens';
import { makeHs256 } from './jwtFactory';
import { B64, BCRYPT, HEX, mulberry32, Pick } from './seededRandom';

export type BlindCategory =
  | 'provider' | 'password' | 'api-key' | 'token' | 'secret-key' | 'private-key' | 'url-credentials'
  | 'connection-string' | 'auth-header' | 'jwt';

export type BlindDecoyKind =
  | 'uuid' | 'hash' | 'placeholder' | 'env-reference' | 'template' | 'docs-example' | 'lockfile'
  | 'public-key' | 'publishable-key' | 'identifier' | 'version' | 'near-miss' | 'encrypted' | 'redacted'
  | 'data-uri';

interface Span {
  file: string;
  line: number;
  start: number;
  end: number;
  value: string;
}

export interface BlindSecret extends Span {
  category: BlindCategory;
  /** The provider rule expected to report it, for provider formats. */
  ruleId?: string;
}

export interface BlindDecoy extends Span {
  kind: BlindDecoyKind;
}

export interface BlindCorpus {
  files: { path: string; content: string }[];
  secrets: BlindSecret[];
  decoys: BlindDecoy[];
}

export interface Label {
  value: string;
  secret?: BlindCategory;
  decoy?: BlindDecoyKind;
  ruleId?: string;
}

export const S = (category: BlindCategory, value: string, ruleId?: string): Label => ({ value, secret: category, ruleId });
export const D = (kind: BlindDecoyKind, value: string): Label => ({ value, decoy: kind });

export class FileBuilder {
  private text = '';
  readonly secrets: BlindSecret[] = [];
  readonly decoys: BlindDecoy[] = [];

  constructor(readonly path: string) {}

  /** Appends `snippet` (one or more lines); labels are found in it left to right. */
  add(snippet: string, ...labels: Label[]): this {
    const base = this.text.length;
    let from = 0;
    for (const label of labels) {
      const at = snippet.indexOf(label.value, from);
      if (at < 0) throw new Error(`blindCorpus: ${this.path}: value not in snippet: ${snippet}`);
      const start = base + at;
      const span: Span = {
        file: this.path, start, end: start + label.value.length, value: label.value,
        line: this.text.slice(0, start).split('\n').length,
      };
      if (label.secret) this.secrets.push({ ...span, category: label.secret, ruleId: label.ruleId });
      else if (label.decoy) this.decoys.push({ ...span, kind: label.decoy });
      from = at + label.value.length;
    }
    this.text += snippet + '\n';
    return this;
  }

  content(): string {
    return this.text;
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const WORDS = ['Falcon', 'Orchid', 'Copper', 'Winter', 'Harbor', 'Maple', 'Quartz', 'Lantern', 'Velvet',
  'Cobalt', 'Juniper', 'Saffron', 'Tundra', 'Meridian'];
const SYMBOLS = '!#$%&*+-=?@^_~';

/** Seeded values shaped like what people and tools generate. */
export class Values {
  private readonly pick: Pick;
  private serial: number;

  /** `serialBase` keeps another corpus's provider fakes apart from this one's. */
  constructor(seed: number, serialBase = 7000) {
    this.pick = new Pick(mulberry32(seed));
    this.serial = serialBase;
  }

  alnum(n: number): string {
    return this.pick.chars(ALNUM, n);
  }
  hex(n: number): string {
    return this.pick.chars(HEX, n);
  }
  b64(n: number): string {
    return this.pick.chars(B64, n);
  }
  b64url(n: number): string {
    return this.pick.chars(ALNUM + '-_', n);
  }
  uuid(): string {
    return this.pick.uuid();
  }
  lower(n: number): string {
    return this.pick.chars(LOWER_ALNUM, n);
  }
  bcrypt(n: number): string {
    return this.pick.chars(BCRYPT, n);
  }
  /** Django's generated key alphabet: lower-case, digits and punctuation. */
  djangoKey(): string {
    return this.pick.chars(LOWER_ALNUM + '!@#%^&*(-_=+)', 50);
  }
  /** WordPress salts: 64 printable characters (quotes and backslashes left out here). */
  wpSalt(): string {
    return this.pick.chars(ALNUM + '!@#%^&*()-_=+[]{}<>~|;:,.?/', 64);
  }
  int(n: number): number {
    return this.pick.int(n);
  }

  /** Passwords in the styles people choose or password managers generate. */
  password(): string {
    switch (this.pick.int(4)) {
      case 0:
        return this.pick.one(WORDS) + String(1000 + this.pick.int(9000)) + this.pick.chars(SYMBOLS, 1) +
          this.pick.chars(ALNUM, 3);
      case 1:
        return this.pick.chars(ALNUM + SYMBOLS, 10) + this.pick.chars('0123456789', 2) +
          this.pick.chars(SYMBOLS.replace('$', ''), 1) + this.pick.chars(ALNUM, 3);
      case 2:
        return this.pick.chars(ALNUM, 20);
      default:
        return [this.pick.one(WORDS), this.pick.one(WORDS), this.pick.one(WORDS)].join('-').toLowerCase() +
          '-' + String(10 + this.pick.int(90));
    }
  }

  /** A password safe inside URLs and shell words (no reserved characters). */
  urlPassword(): string {
    return this.pick.one(WORDS) + this.pick.chars(ALNUM, 10) + String(10 + this.pick.int(90));
  }

  provider(ruleId: string): string {
    return fakeToken(ruleId, this.serial++);
  }

  nearMiss(ruleId: string): string {
    return nearMiss(ruleId, this.serial++);
  }

  jwt(payload: object): string {
    return makeHs256(payload, `blind-corpus-signing-${this.serial++}`);
  }

  pem(label: string, lines = 6): string {
    const body = Array.from({ length: lines }, () => this.b64(64));
    return [`-----BEGIN ${label}-----`, ...body, `${this.b64(40)}==`, `-----END ${label}-----`].join('\n');
  }
}

export const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
export const b64encode = (text: string) => Buffer.from(text).toString('base64');

export type FileMaker = (v: Values) => FileBuilder;

const FILES: FileMaker[] = [
  (v) => {
    const f = new FileBuilder('services/api/.env');
    const dbPass = v.password().replace(/[#$]/g, 'x');
    const urlPass = v.urlPassword();
    const redisPass = v.urlPassword();
    const sessionSecret = v.hex(64);
    const appKey = v.b64(43) + '=';
    f.add('# --- database ---');
    f.add('DB_HOST=db.internal');
    f.add(`DB_PASS=${dbPass}`, S('password', dbPass));
    f.add(`DATABASE_URL=postgres://app:${urlPass}@db.internal:5432/app`, S('connection-string', urlPass));
    f.add(`REDIS_URL=redis://:${redisPass}@cache:6379/0`, S('connection-string', redisPass));
    f.add('');
    const stripe = v.provider('stripe-secret-key');
    const pk = `pk_live_${v.alnum(24)}`;
    f.add(`STRIPE_SECRET_KEY=${stripe}`, S('provider', stripe, 'stripe-secret-key'));
    f.add(`STRIPE_PUBLISHABLE_KEY=${pk}`, D('publishable-key', pk));
    const sg = v.provider('sendgrid-api-key');
    f.add(`SENDGRID_API_KEY="${sg}"`, S('provider', sg, 'sendgrid-api-key'));
    f.add(`SESSION_SECRET="${sessionSecret}"`, S('secret-key', sessionSecret));
    f.add(`APP_KEY=base64:${appKey}`, S('secret-key', appKey));
    f.add('API_KEY=');
    f.add('SECRET_KEY=changeme', D('placeholder', 'changeme'));
    f.add('ADMIN_PASSWORD=${ADMIN_PASSWORD}', D('env-reference', '${ADMIN_PASSWORD}'));
    const ga = `G-${v.alnum(10).toUpperCase()}`;
    f.add(`NEXT_PUBLIC_GA_MEASUREMENT_ID=${ga}`, D('identifier', ga));
    f.add('REQUEST_TIMEOUT_MS=30000');
    const anon = v.jwt({ iss: 'supabase', ref: v.alnum(20).toLowerCase(), role: 'anon', iat: 1700000000,
      exp: 2015000000 });
    const service = v.jwt({ iss: 'supabase', ref: v.alnum(20).toLowerCase(), role: 'service_role',
      iat: 1700000000, exp: 2015000000 });
    f.add(`NEXT_PUBLIC_SUPABASE_ANON_KEY=${anon}`, D('publishable-key', anon));
    f.add(`SUPABASE_SERVICE_ROLE_KEY=${service}`, S('jwt', service));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.env.example');
    void v;
    f.add('OPENAI_API_KEY=sk-your-key-here', D('placeholder', 'sk-your-key-here'));
    f.add('DB_PASSWORD=');
    f.add('AWS_SECRET_ACCESS_KEY=<your-secret-access-key>', D('placeholder', '<your-secret-access-key>'));
    f.add('SLACK_BOT_TOKEN=xoxb-your-bot-token', D('placeholder', 'xoxb-your-bot-token'));
    const ghx = 'ghp_' + 'x'.repeat(36);
    f.add(`GITHUB_TOKEN=${ghx}`, D('placeholder', ghx));
    f.add('JWT_SECRET=replace-with-a-long-random-string', D('placeholder', 'replace-with-a-long-random-string'));
    f.add('SMTP_PASSWORD=********', D('placeholder', '********'));
    f.add('REDIS_URL=redis://:password@localhost:6379', D('placeholder', 'password'));
    f.add('DATABASE_URL=postgresql://user:pass@localhost:5432/mydb', D('placeholder', 'pass'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('backend/config/settings.py');
    const djangoValue = `django-insecure-${v.djangoKey()}`;
    const dbPass = v.password().replace(/['\\]/g, 'q');
    const awsId = v.provider('aws-access-key-id');
    const awsSecret = v.provider('aws-secret-access-key');
    f.add('import os');
    f.add('from pathlib import Path');
    f.add('');
    f.add('# SECURITY WARNING: keep the secret key used in production secret!');
    f.add(`SECRET_KEY = '${djangoValue}'`, S('secret-key', djangoValue));
    f.add('DEBUG = False');
    f.add('DATABASES = {');
    f.add("    'default': {");
    f.add("        'ENGINE': 'django.db.backends.postgresql',");
    f.add("        'NAME': 'shop',");
    f.add("        'USER': 'shop',");
    f.add(`        'PASSWORD': '${dbPass}',`, S('password', dbPass));
    f.add("        'HOST': 'db',");
    f.add('    }');
    f.add('}');
    f.add("EMAIL_HOST_PASSWORD = os.environ.get('EMAIL_HOST_PASSWORD')", D('env-reference', "os.environ.get('EMAIL_HOST_PASSWORD')"));
    f.add(`AWS_ACCESS_KEY_ID = "${awsId}"`, S('provider', awsId, 'aws-access-key-id'));
    f.add(`AWS_SECRET_ACCESS_KEY = "${awsSecret}"`, S('provider', awsSecret, 'aws-secret-access-key'));
    f.add("AWS_STORAGE_BUCKET_NAME = 'shop-static-prod'");
    f.add('PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]',
      D('identifier', 'django.contrib.auth.hashers.Argon2PasswordHasher'));
    f.add('CSRF_COOKIE_NAME = "csrftoken"', D('identifier', 'csrftoken'));
    f.add('SESSION_COOKIE_AGE = 1209600');
    return f;
  },
  (v) => {
    const f = new FileBuilder('app/clients/payments.py');
    const bearer = v.alnum(40);
    const clientKey = v.alnum(32);
    const hmacKey = v.hex(48);
    const pw = v.password().replace(/['"\\]/g, 'z');
    const passcode = v.password().replace(/['"\\]/g, 'z');
    const openai = v.provider('openai-project-key');
    const whsec = v.provider('stripe-webhook-secret');
    f.add('import os, hmac, hashlib');
    f.add('import requests');
    f.add('');
    f.add('def fetch(token):');
    f.add('    return requests.get(URL, headers={"Authorization": f"Bearer {token}"})',
      D('template', 'Bearer {token}'));
    f.add('');
    f.add(`HEADERS = {"Authorization": "Bearer ${bearer}", "Accept": "application/json"}`, S('auth-header', bearer));
    f.add(`openai.api_key = "${openai}"`, S('provider', openai, 'openai-project-key'));
    f.add(`client = PaymentsClient(api_key="${clientKey}", timeout=10)`, S('api-key', clientKey));
    f.add(`hmac_key = b"${hmacKey}"`, S('secret-key', hmacKey));
    f.add(`webhook_secret = '${whsec}'`, S('provider', whsec, 'stripe-webhook-secret'));
    f.add(`pw = "${pw}"`, S('password', pw));
    f.add(`passcode = '${passcode}'`, S('password', passcode));
    f.add('api_key = request.headers.get("X-API-Key")', D('identifier', 'X-API-Key'));
    f.add('token = secrets.token_urlsafe(32)');
    f.add('password = getpass.getpass("Password: ")', D('identifier', 'Password: '));
    f.add('token = jwt.encode(payload, settings.SECRET_KEY, algorithm="HS256")', D('env-reference', 'settings.SECRET_KEY'));
    f.add("self.password = kwargs.get('password')", D('identifier', 'password'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/src/config.ts');
    const signing = v.b64(44);
    const gh = v.provider('github-pat-classic');
    const clientSecret = v.alnum(40);
    const xApi = v.hex(32);
    const sri = 'sha384-' + v.b64(64);
    f.add("const apiKey = process.env.API_KEY ?? '';", D('env-reference', 'process.env.API_KEY'));
    f.add(`export const signingSecret = '${signing}';`, S('secret-key', signing));
    f.add(`const GITHUB_TOKEN = '${gh}';`, S('provider', gh, 'github-pat-classic'));
    f.add('export class OAuthConfig {');
    f.add(`  private readonly clientSecret = "${clientSecret}";`, S('api-key', clientSecret));
    f.add('}');
    f.add('await fetch(url, { headers: { Authorization: `Bearer ${token}` } });', D('template', '${token}'));
    f.add(`await fetch(url, { headers: { 'X-Api-Key': '${xApi}' } });`, S('api-key', xApi));
    f.add("const tokenStorageKey = 'auth_token';", D('identifier', 'auth_token'));
    f.add('const schema = z.object({ password: z.string().min(12) });', D('identifier', 'z.string().min(12)'));
    f.add(`const integrity = '${sri}';`, D('hash', sri));
    f.add("const passwordResetPath = '/auth/password/reset';", D('identifier', '/auth/password/reset'));
    f.add("const API_KEY_HEADER = 'x-api-key';", D('identifier', 'x-api-key'));
    f.add("const secretName = 'prod/payments/stripe-secret-key';", D('identifier', 'prod/payments/stripe-secret-key'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('internal/store/db.go');
    const pw = v.urlPassword();
    const apiToken = v.alnum(40);
    const encKey = v.alnum(32);
    const mongoPass = v.urlPassword();
    const basicPass = v.password().replace(/["\\]/g, 'k');
    f.add('package store');
    f.add('');
    f.add(`const dsn = "host=db user=app password=${pw} dbname=app sslmode=disable"`, S('connection-string', pw));
    f.add(`const apiToken = "${apiToken}"`, S('token', apiToken));
    f.add('var dbPassword = os.Getenv("DB_PASSWORD")', D('env-reference', 'os.Getenv("DB_PASSWORD")'));
    f.add(`var encryptionKey = []byte("${encKey}")`, S('secret-key', encKey));
    f.add(`client, err := mongo.Connect(ctx, options.Client().ApplyURI("mongodb+srv://admin:${mongoPass}@cluster0.ab1cd.mongodb.net/?retryWrites=true"))`,
      S('connection-string', mongoPass));
    f.add('req.Header.Set("Authorization", "Bearer "+token)');
    f.add(`req.SetBasicAuth("admin", "${basicPass}")`, S('password', basicPass));
    const id = v.uuid();
    f.add(`const tenantID = "${id}"`, D('uuid', id));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/main/resources/application.properties');
    const pw = v.password().replace(/[\\]/g, 'p');
    const jdbcPw = v.urlPassword();
    const jwtSecret = v.b64(64);
    const ksPw = v.password().replace(/[\\]/g, 'p');
    const gcp = v.provider('gcp-oauth-client-secret');
    const adoPat = v.provider('azure-devops-pat');
    f.add('spring.datasource.username=app');
    f.add(`spring.datasource.password=${pw}`, S('password', pw));
    f.add(`spring.datasource.url=jdbc:mysql://db:3306/app?user=root&password=${jdbcPw}&useSSL=true`,
      S('connection-string', jdbcPw));
    f.add('spring.mail.password=${MAIL_PASSWORD}', D('env-reference', '${MAIL_PASSWORD}'));
    f.add(`jwt.secret=${jwtSecret}`, S('secret-key', jwtSecret));
    f.add(`server.ssl.key-store-password=${ksPw}`, S('password', ksPw));
    f.add('management.endpoints.web.exposure.include=health,info');
    f.add(`spring.security.oauth2.client.registration.google.client-secret=${gcp}`,
      S('provider', gcp, 'gcp-oauth-client-secret'));
    f.add(`azure.devops.pat=${adoPat}`, S('provider', adoPat, 'azure-devops-pat'));
    f.add('app.version=2.14.3', D('version', '2.14.3'));
    f.add('spring.datasource.hikari.maximum-pool-size=10');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/main/java/com/acme/billing/Config.java');
    const apiKey = v.alnum(32);
    const pw = v.password().replace(/["\\]/g, 'j');
    f.add('package com.acme.billing;');
    f.add('public final class Config {');
    f.add(`    private static final String API_KEY = "${apiKey}";`, S('api-key', apiKey));
    f.add('    private static final String PASSWORD_PATTERN = "^(?=.*[0-9])(?=.*[a-z]).{8,}$";',
      D('identifier', '^(?=.*[0-9])(?=.*[a-z]).{8,}$'));
    f.add('    String password = System.getenv("DB_PASSWORD");', D('env-reference', 'System.getenv("DB_PASSWORD")'));
    f.add(`    Connection c = DriverManager.getConnection(url, "sa", "${pw}");`, S('password', pw));
    f.add('    private static final String SIGNATURE_HEADER = "X-Hub-Signature-256";',
      D('identifier', 'X-Hub-Signature-256'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/Api/appsettings.Production.json');
    const pw = v.password().replace(/[";\\]/g, 'c');
    const jwtKey = v.alnum(48);
    const aad = v.provider('azure-ad-client-secret');
    const ikey = v.uuid();
    const tenant = v.uuid();
    f.add('{');
    f.add('  "ConnectionStrings": {');
    f.add(`    "Default": "Server=tcp:acme-sql.database.windows.net,1433;Database=app;User ID=appadmin;Password=${pw};Encrypt=True;"`,
      S('connection-string', pw));
    f.add('  },');
    f.add('  "Jwt": {');
    f.add(`    "Key": "${jwtKey}",`, S('secret-key', jwtKey));
    f.add('    "Issuer": "https://api.acme.example"');
    f.add('  },');
    f.add('  "AzureAd": {');
    f.add(`    "TenantId": "${tenant}",`, D('uuid', tenant));
    f.add(`    "ClientSecret": "${aad}"`, S('provider', aad, 'azure-ad-client-secret'));
    f.add('  },');
    f.add(`  "ApplicationInsights": { "InstrumentationKey": "${ikey}" },`, D('uuid', ikey));
    f.add('  "AllowedHosts": "*"');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/Api/Startup.cs');
    const pw = v.password().replace(/[";\\]/g, 'c');
    const hmacKey = v.hex(64);
    f.add('public class Startup {');
    f.add(`    private const string ConnString = "Data Source=db01;Initial Catalog=Orders;User Id=orders;Password=${pw};";`,
      S('connection-string', pw));
    f.add('    options.ClientSecret = Configuration["Auth:ClientSecret"];', D('env-reference', 'Configuration["Auth:ClientSecret"]'));
    f.add(`    private const string HmacKey = "${hmacKey}";`, S('secret-key', hmacKey));
    f.add('    public string DbPassword { get; set; } = string.Empty;');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/initializers/services.rb');
    const stripe = v.provider('stripe-restricted-key');
    const gh = v.provider('github-pat-fine-grained');
    const smtp = v.password().replace(/['\\]/g, 'r');
    const brew = v.hex(64);
    f.add(`Stripe.api_key = '${stripe}'`, S('provider', stripe, 'stripe-restricted-key'));
    f.add(`client = Octokit::Client.new(access_token: '${gh}')`, S('provider', gh, 'github-pat-fine-grained'));
    f.add('ActionMailer::Base.smtp_settings = {');
    f.add("  user_name: 'apikey',");
    f.add(`  password: '${smtp}',`, S('password', smtp));
    f.add("  address: 'smtp.sendgrid.net'");
    f.add('}');
    f.add("password = ENV.fetch('ADMIN_PASSWORD')", D('env-reference', "ENV.fetch('ADMIN_PASSWORD')"));
    f.add(`  sha256 "${brew}"`, D('hash', brew));
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/database.yml');
    const pw = v.password().replace(/[#'":\\]/g, 'y');
    f.add('default: &default');
    f.add('  adapter: postgresql');
    f.add("  password: <%= ENV['DB_PASSWORD'] %>", D('env-reference', "<%= ENV['DB_PASSWORD'] %>"));
    f.add('production:');
    f.add('  <<: *default');
    f.add('  username: orders');
    f.add(`  password: ${pw}`, S('password', pw));
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/secrets.yml');
    const base = v.hex(128);
    f.add('production:');
    f.add(`  secret_key_base: ${base}`, S('secret-key', base));
    f.add('development:');
    f.add('  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>', D('env-reference', '<%= ENV["SECRET_KEY_BASE"] %>'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('public/wp-config.php');
    const pw = v.password().replace(/['\\]/g, 'w');
    const authKey = v.wpSalt();
    const smtp = v.password().replace(/['\\]/g, 'w');
    const bearer = v.alnum(48);
    f.add('<?php');
    f.add("define( 'DB_NAME', 'wordpress' );");
    f.add("define( 'DB_USER', 'wp_admin' );");
    f.add(`define( 'DB_PASSWORD', '${pw}' );`, S('password', pw));
    f.add(`define( 'AUTH_KEY',         '${authKey}' );`, S('secret-key', authKey));
    f.add("define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );", D('placeholder', 'put your unique phrase here'));
    f.add(`$config['smtp_pass'] = '${smtp}';`, S('password', smtp));
    f.add(`$client = new \\GuzzleHttp\\Client(['headers' => ['Authorization' => 'Bearer ${bearer}']]);`,
      S('auth-header', bearer));
    f.add("$password = getenv('DB_PASSWORD');", D('env-reference', "getenv('DB_PASSWORD')"));
    return f;
  },
  (v) => {
    const f = new FileBuilder('crates/ingest/src/main.rs');
    const key = v.alnum(32);
    const pw = v.urlPassword();
    const bearer = v.alnum(40);
    f.add('use std::env;');
    f.add(`const DB_URL: &str = "postgres://postgres:${pw}@localhost/ingest";`, S('connection-string', pw));
    f.add('fn main() {');
    f.add(`    let api_key = "${key}";`, S('api-key', key));
    f.add('    let token = env::var("API_TOKEN").expect("API_TOKEN must be set");', D('env-reference', 'env::var("API_TOKEN")'));
    f.add(`    let res = client.get(url).bearer_auth("${bearer}").send().await?;`, S('token', bearer));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('Cargo.lock');
    f.add('[[package]]');
    f.add('name = "serde"');
    f.add('version = "1.0.197"', D('version', '1.0.197'));
    f.add('source = "registry+https://github.com/rust-lang/crates.io-index"');
    for (let i = 0; i < 3; i++) {
      const sum = v.hex(64);
      f.add(`checksum = "${sum}"`, D('lockfile', sum));
    }
    return f;
  },
  (v) => {
    const f = new FileBuilder('build.gradle.kts');
    const pw = v.password().replace(/["\\$]/g, 'g');
    f.add('publishing {');
    f.add('  repositories {');
    f.add('    maven {');
    f.add('      url = uri("https://nexus.acme.example/repository/releases/")');
    f.add('      credentials {');
    f.add('        username = "deploy"');
    f.add(`        password = "${pw}"`, S('password', pw));
    f.add('      }');
    f.add('    }');
    f.add('    maven {');
    f.add('      credentials {');
    f.add('        password = project.findProperty("ossrhPassword") as String?',
      D('env-reference', 'project.findProperty("ossrhPassword")'));
    f.add('      }');
    f.add('    }');
    f.add('  }');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('gradle.properties');
    const ossrh = v.password().replace(/[\\]/g, 'g');
    const signing = v.password().replace(/[\\]/g, 'g');
    const gpp = v.provider('gradle-plugin-portal-secret');
    f.add('org.gradle.jvmargs=-Xmx2g');
    f.add(`ossrhPassword=${ossrh}`, S('password', ossrh));
    f.add('signing.keyId=24875D73', D('identifier', '24875D73'));
    f.add(`signing.password=${signing}`, S('password', signing));
    f.add(`gradle.publish.secret=${gpp}`, S('provider', gpp, 'gradle-plugin-portal-secret'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('app/src/main/java/com/acme/net/ApiClient.kt');
    const secret = v.alnum(40);
    const bot = v.provider('telegram-bot-token');
    f.add('object ApiClient {');
    f.add(`    private const val API_SECRET = "${secret}"`, S('api-key', secret));
    f.add(`    private val botToken = "${bot}"`, S('provider', bot, 'telegram-bot-token'));
    f.add('    fun auth(b: Request.Builder, token: String) = b.addHeader("Authorization", "Bearer $token")',
      D('template', '$token'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ios/Acme/Config.swift');
    const key = v.alnum(32);
    const cs = v.alnum(40);
    const bearer = v.alnum(40);
    f.add('enum Config {');
    f.add(`    static let apiKey = "${key}"`, S('api-key', key));
    f.add(`    static let clientSecret: String = "${cs}"`, S('api-key', cs));
    f.add('}');
    f.add('request.setValue("Bearer \\(token)", forHTTPHeaderField: "Authorization")', D('template', '\\(token)'));
    f.add(`request.setValue("Bearer ${bearer}", forHTTPHeaderField: "Authorization")`, S('auth-header', bearer));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ios/Acme/Info.plist');
    const mapbox = 'pk.' + Buffer.from(JSON.stringify({ u: 'acme', a: v.alnum(25).toLowerCase() }))
      .toString('base64url') + '.' + v.b64url(22);
    f.add('<?xml version="1.0" encoding="UTF-8"?>');
    f.add('<plist version="1.0"><dict>');
    f.add('  <key>API_KEY</key>');
    f.add('  <string>$(API_KEY)</string>', D('env-reference', '$(API_KEY)'));
    f.add('  <key>MBXAccessToken</key>');
    f.add(`  <string>${mapbox}</string>`, D('publishable-key', mapbox));
    f.add('  <key>CFBundleShortVersionString</key>');
    f.add('  <string>4.2.0</string>', D('version', '4.2.0'));
    f.add('</dict></plist>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('scripts/deploy.sh');
    const awsSecret = v.provider('aws-secret-access-key');
    const curlPw = v.urlPassword();
    const bearer = v.alnum(40);
    const dockerPw = v.urlPassword();
    const mysqlPw = v.urlPassword();
    const pgPw = v.urlPassword();
    const glpat = v.provider('gitlab-pat');
    const xkey = v.hex(40);
    f.add('#!/usr/bin/env bash');
    f.add('set -euo pipefail');
    f.add(`export AWS_SECRET_ACCESS_KEY=${awsSecret}`, S('provider', awsSecret, 'aws-secret-access-key'));
    f.add(`curl -fsS -u admin:${curlPw} https://ci.acme.example/api/json`, S('password', curlPw));
    f.add(`curl -H "Authorization: Bearer ${bearer}" https://api.acme.example/v1/releases`, S('auth-header', bearer));
    f.add(`docker login -u deploybot -p ${dockerPw} registry.acme.example`, S('password', dockerPw));
    f.add(`mysql -uroot -p${mysqlPw} shop < dump.sql`, S('password', mysqlPw));
    f.add(`PGPASSWORD=${pgPw} psql -h db -U app -c 'select 1'`, S('password', pgPw));
    f.add(`git clone https://oauth2:${glpat}@gitlab.com/acme/infra.git`, S('provider', glpat, 'gitlab-pat'));
    f.add('curl -H "Authorization: Bearer $TOKEN" https://api.acme.example/v1/ping', D('env-reference', '$TOKEN'));
    f.add('read -rs -p "Password: " PASSWORD');
    f.add('echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin', D('env-reference', '$DOCKER_PASSWORD'));
    f.add(['curl -X POST https://api.acme.example/v1/deploy \\',
      '  -H "Content-Type: application/json" \\',
      `  -H "X-API-Key: ${xkey}" \\`,
      '  -d \'{"ref":"main"}\''].join('\n'), S('auth-header', xkey));
    return f;
  },
  (v) => {
    const f = new FileBuilder('scripts/Deploy-App.ps1');
    const pw = v.password().replace(/["`$\\]/g, 'p');
    const arm = v.provider('azure-ad-client-secret');
    const ado = v.provider('azure-devops-pat');
    const xkey = v.hex(32);
    f.add(`$password = ConvertTo-SecureString "${pw}" -AsPlainText -Force`, S('password', pw));
    f.add(`$env:ARM_CLIENT_SECRET = "${arm}"`, S('provider', arm, 'azure-ad-client-secret'));
    f.add(`$AzureDevOpsPat = "${ado}"`, S('provider', ado, 'azure-devops-pat'));
    f.add('$cred = Get-Credential');
    f.add('$headers = @{ Authorization = "Basic $base64Auth" }', D('template', '$base64Auth'));
    f.add(`Invoke-RestMethod -Uri $url -Headers @{ "X-Api-Key" = "${xkey}" }`, S('auth-header', xkey));
    f.add('$dbPassword = $env:DB_PASSWORD', D('env-reference', '$env:DB_PASSWORD'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/k8s/secret.yaml');
    const pw = v.password().replace(/[#'":\\]/g, 'k');
    const key = v.alnum(32);
    const encoded = b64encode(key);
    f.add('apiVersion: v1');
    f.add('kind: Secret');
    f.add('metadata:');
    f.add('  name: api-credentials');
    f.add('type: Opaque');
    f.add('stringData:');
    f.add(`  DB_PASSWORD: "${pw}"`, S('password', pw));
    f.add('data:');
    f.add(`  api-key: ${encoded}`, S('api-key', encoded));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/k8s/deployment.yaml');
    const token = v.alnum(40);
    const digest = v.hex(64);
    f.add('apiVersion: apps/v1');
    f.add('kind: Deployment');
    f.add('spec:');
    f.add('  template:');
    f.add('    spec:');
    f.add('      containers:');
    f.add(`        - image: ghcr.io/acme/api@sha256:${digest}`, D('hash', digest));
    f.add('          env:');
    f.add('            - name: DB_PASSWORD');
    f.add('              valueFrom:');
    f.add('                secretKeyRef:');
    f.add('                  name: db-credentials', D('identifier', 'db-credentials'));
    f.add('                  key: password');
    f.add('            - name: API_TOKEN');
    f.add(`              value: "${token}"`, S('token', token));
    return f;
  },
  (v) => {
    const f = new FileBuilder('docker-compose.yml');
    const pg = v.password().replace(/[#'"$:\\ ]/g, 'd');
    const my = v.password().replace(/[#'"$:\\ ]/g, 'd');
    const redis = v.urlPassword();
    f.add('services:');
    f.add('  db:');
    f.add('    image: postgres:16.2-alpine3.19', D('version', '16.2-alpine3.19'));
    f.add('    environment:');
    f.add(`      - POSTGRES_PASSWORD=${pg}`, S('password', pg));
    f.add('  mysql:');
    f.add('    environment:');
    f.add(`      MYSQL_ROOT_PASSWORD: ${my}`, S('password', my));
    f.add('  queue:');
    f.add('    environment:');
    f.add('      - RABBITMQ_DEFAULT_PASS=${RABBIT_PASS:-guest}', D('env-reference', '${RABBIT_PASS:-guest}'));
    f.add('  cache:');
    f.add('    image: redis:7.2.4-alpine', D('version', '7.2.4-alpine'));
    f.add(`    command: redis-server --requirepass ${redis}`, S('password', redis));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.github/workflows/release.yml');
    const sonar = v.provider('sonarqube-user-token');
    const key = v.alnum(32);
    const sha = v.hex(40);
    f.add('name: release');
    f.add('on: push');
    f.add('env:');
    f.add('  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}', D('template', '${{ secrets.NPM_TOKEN }}'));
    f.add(`  SONAR_TOKEN: ${sonar}`, S('provider', sonar, 'sonarqube-user-token'));
    f.add('jobs:');
    f.add('  publish:');
    f.add('    steps:');
    f.add(`      - uses: actions/checkout@${sha}`, D('hash', sha));
    f.add('      - uses: docker/login-action@v3', D('version', 'v3'));
    f.add('        with:');
    f.add('          username: acmebot');
    f.add('          password: ${{ secrets.DOCKERHUB_TOKEN }}', D('template', '${{ secrets.DOCKERHUB_TOKEN }}'));
    f.add('      - uses: acme/notify-action@v2');
    f.add('        with:');
    f.add(`          api-key: ${key}`, S('api-key', key));
    return f;
  },
  (v) => {
    const f = new FileBuilder('charts/shop/values.yaml');
    const pg = v.password().replace(/[#'":\\{}]/g, 'h');
    const graf = v.password().replace(/[#'":\\{}]/g, 'h');
    f.add('postgresql:');
    f.add('  auth:');
    f.add(`    password: "${pg}"`, S('password', pg));
    f.add('    existingSecret: shop-db-credentials', D('identifier', 'shop-db-credentials'));
    f.add('redis:');
    f.add('  password: changeme', D('placeholder', 'changeme'));
    f.add('ingress:');
    f.add('  tls:');
    f.add('    - secretName: shop-tls', D('identifier', 'shop-tls'));
    f.add('grafana:');
    f.add(`  adminPassword: ${graf}`, S('password', graf));
    f.add('#  adminPassword: <set-me>', D('placeholder', '<set-me>'));
    return f;
  },
  (v) => {
    void v;
    const f = new FileBuilder('charts/shop/templates/secret.yaml');
    f.add('apiVersion: v1');
    f.add('kind: Secret');
    f.add('stringData:');
    f.add('  apiKey: {{ .Values.global.apiKey | quote }}', D('template', '{{ .Values.global.apiKey | quote }}'));
    f.add('  password: {{ required "db password" .Values.postgresql.auth.password }}',
      D('template', '{{ required "db password" .Values.postgresql.auth.password }}'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('credentials/client_secret_desktop.json');
    const gsecret = v.provider('gcp-oauth-client-secret');
    const cid = `${100000000000 + v.int(899999999999)}-${v.lower(32)}.apps.googleusercontent.com`;
    f.add(JSON.stringify({ installed: { client_id: cid, project_id: 'acme-desktop',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth', client_secret: gsecret,
      redirect_uris: ['http://localhost'] } }), D('identifier', cid), S('provider', gsecret, 'gcp-oauth-client-secret'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/oauth.json');
    const secret = v.alnum(40);
    const cid = v.alnum(20);
    f.add('{');
    f.add('  "provider": "keycloak",');
    f.add(`  "client_id": "${cid}",`, D('identifier', cid));
    f.add(`  "client_secret": "${secret}",`, S('api-key', secret));
    f.add('  "token_endpoint_auth_method": "client_secret_post",', D('identifier', 'client_secret_post'));
    f.add('  "grant_type": "client_credentials"');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/gcp/service-account.json');
    const keyId = v.hex(40);
    const pem = v.pem('PRIVATE KEY', 8);
    const escaped = pem.replace(/\n/g, '\\n') + '\\n';
    f.add('{');
    f.add('  "type": "service_account",');
    f.add('  "project_id": "acme-prod",');
    // The key's identifier (it appears in every token's `kid` header), not the key.
    f.add(`  "private_key_id": "${keyId}",`, D('identifier', keyId));
    f.add(`  "private_key": "${escaped}",`, S('private-key', escaped.slice(0, 60)));
    f.add('  "client_email": "deployer@acme-prod.iam.gserviceaccount.com",');
    f.add(`  "client_id": "${100000000000000000000n + BigInt(v.int(1e9))}",`);
    f.add('  "token_uri": "https://oauth2.googleapis.com/token"');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('infra/aws/credentials');
    const id = v.provider('aws-access-key-id');
    const secret = v.provider('aws-secret-access-key');
    const id2 = v.provider('aws-temporary-access-key-id');
    const secret2 = v.provider('aws-secret-access-key');
    const session = v.provider('aws-session-token');
    f.add('[default]');
    f.add(`aws_access_key_id = ${id}`, S('provider', id, 'aws-access-key-id'));
    f.add(`aws_secret_access_key = ${secret}`, S('provider', secret, 'aws-secret-access-key'));
    f.add('');
    f.add('[ci]');
    f.add(`aws_access_key_id=${id2}`, S('provider', id2, 'aws-temporary-access-key-id'));
    f.add(`aws_secret_access_key=${secret2}`, S('provider', secret2, 'aws-secret-access-key'));
    f.add(`aws_session_token=${session}`, S('provider', session, 'aws-session-token'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.npmrc');
    const npm = v.provider('npm-access-token');
    const auth = basic('ci-publisher', v.urlPassword());
    const pw = b64encode(v.urlPassword());
    f.add('registry=https://registry.npmjs.org/');
    f.add(`//registry.npmjs.org/:_authToken=${npm}`, S('provider', npm, 'npm-access-token'));
    f.add('//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}', D('env-reference', '${GITHUB_TOKEN}'));
    f.add(`//nexus.acme.example/repository/npm-group/:_auth=${auth}`, S('password', auth));
    f.add('//artifacts.acme.example/api/npm/:username=ci');
    f.add(`//artifacts.acme.example/api/npm/:_password=${pw}`, S('password', pw));
    f.add('always-auth=true');
    return f;
  },
  (v) => {
    const f = new FileBuilder('.pypirc');
    const pypi = v.provider('pypi-upload-token');
    const pw = v.password().replace(/[%\\]/g, 'i');
    f.add('[distutils]');
    f.add('index-servers = pypi internal');
    f.add('[pypi]');
    f.add('username = __token__');
    f.add(`password = ${pypi}`, S('provider', pypi, 'pypi-upload-token'));
    f.add('[internal]');
    f.add('repository = https://pypi.acme.example/');
    f.add('username = deploy');
    f.add(`password = ${pw}`, S('password', pw));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.netrc');
    const heroku = v.provider('heroku-api-key');
    const gh = v.provider('github-oauth-token');
    f.add('machine api.heroku.com');
    f.add('  login ops@acme.example');
    f.add(`  password ${heroku}`, S('provider', heroku, 'heroku-api-key'));
    f.add(`machine github.com login acme-bot password ${gh}`, S('provider', gh, 'github-oauth-token'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.git-credentials');
    const gh = v.provider('github-pat-classic');
    const pw = v.urlPassword();
    f.add(`https://acme-bot:${gh}@github.com`, S('provider', gh, 'github-pat-classic'));
    f.add(`https://jdoe:${pw}@bitbucket.org`, S('url-credentials', pw));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ci/docker/config.json');
    const hub = basic('acmebot', v.urlPassword());
    const ghcr = basic('acme-bot', v.provider('github-pat-classic'));
    f.add('{');
    f.add('  "auths": {');
    f.add(`    "https://index.docker.io/v1/": { "auth": "${hub}" },`, S('password', hub));
    f.add(`    "ghcr.io": { "auth": "${ghcr}" }`, S('password', ghcr));
    f.add('  },');
    f.add('  "credHelpers": { "gcr.io": "gcloud" },', D('identifier', 'gcloud'));
    f.add('  "credsStore": "desktop"');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/app.toml');
    const pw = v.password().replace(/["\\]/g, 't');
    const key = v.alnum(32);
    f.add('[database]');
    f.add('host = "db.internal"');
    f.add(`password = "${pw}"`, S('password', pw));
    f.add('[integrations.mailer]');
    f.add(`api_key = "${key}"`, S('api-key', key));
    f.add('[tool.poetry.dependencies]');
    f.add('python = "^3.11"', D('version', '^3.11'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('poetry.lock');
    f.add('[[package]]');
    f.add('name = "requests"');
    f.add('version = "2.31.0"', D('version', '2.31.0'));
    f.add('files = [');
    for (let i = 0; i < 2; i++) {
      const h = v.hex(64);
      f.add(`    {file = "requests-2.31.0-py3-none-any.whl", hash = "sha256:${h}"},`, D('lockfile', h));
    }
    f.add(']');
    return f;
  },
  (v) => {
    const f = new FileBuilder('.cargo/credentials.toml');
    const t = v.provider('crates-io-token');
    f.add('[registry]');
    f.add(`token = "${t}"`, S('provider', t, 'crates-io-token'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('migrations/alembic.ini');
    const pw = v.urlPassword();
    f.add('[alembic]');
    f.add('script_location = migrations');
    f.add(`sqlalchemy.url = postgresql+psycopg2://migrator:${pw}@db.internal:5432/orders`, S('connection-string', pw));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/mysql/my.cnf');
    const pw = v.password().replace(/[#;"'\\]/g, 'm');
    f.add('[client]');
    f.add('user=root');
    f.add(`password=${pw}`, S('password', pw));
    f.add('[mysqld]');
    f.add('max_connections=500');
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/mail.ini');
    const pw = v.password().replace(/[#;"'\\]/g, 'm');
    const pw2 = v.password().replace(/[#;"'\\]/g, 'm');
    f.add('[smtp]');
    f.add('host = smtp.acme.example');
    f.add(`pass = ${pw}`, S('password', pw));
    f.add('[imap]');
    f.add(`mail.pwd = ${pw2}`, S('password', pw2));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.m2/settings.xml');
    const pw = v.password().replace(/[<>&"'\\{}]/g, 'x');
    f.add('<settings>');
    f.add('  <servers>');
    f.add('    <server>');
    f.add('      <id>nexus-releases</id>');
    f.add('      <username>deploy</username>');
    f.add(`      <password>${pw}</password>`, S('password', pw));
    f.add('    </server>');
    f.add('    <server>');
    f.add('      <id>nexus-snapshots</id>');
    f.add('      <password>${env.NEXUS_PASSWORD}</password>', D('env-reference', '${env.NEXUS_PASSWORD}'));
    f.add('    </server>');
    f.add('  </servers>');
    f.add('</settings>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/Web/Web.config');
    const pw = v.password().replace(/[<>&";'\\]/g, 'x');
    const key = v.alnum(32);
    f.add('<configuration>');
    f.add('  <connectionStrings>');
    f.add(`    <add name="Default" connectionString="Server=sql01;Database=Crm;User Id=crm;Password=${pw};" providerName="System.Data.SqlClient" />`,
      S('connection-string', pw));
    f.add('  </connectionStrings>');
    f.add('  <appSettings>');
    f.add(`    <add key="ApiKey" value="${key}" />`, S('api-key', key));
    f.add('    <add key="PasswordMinLength" value="12" />');
    f.add('  </appSettings>');
    f.add('</configuration>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('infra/main.tf');
    const pw = v.password().replace(/["\\$%{}]/g, 'f');
    const defPw = v.password().replace(/["\\$%{}]/g, 'f');
    const awsId = v.provider('aws-access-key-id');
    const awsSecret = v.provider('aws-secret-access-key');
    const cf = v.provider('cloudflare-api-token');
    f.add('provider "aws" {');
    f.add('  region     = "eu-west-1"');
    f.add(`  access_key = "${awsId}"`, S('provider', awsId, 'aws-access-key-id'));
    f.add(`  secret_key = "${awsSecret}"`, S('provider', awsSecret, 'aws-secret-access-key'));
    f.add('}');
    f.add('provider "cloudflare" {');
    f.add(`  api_token = "${cf}"`, S('provider', cf, 'cloudflare-api-token'));
    f.add('}');
    f.add('resource "aws_db_instance" "orders" {');
    f.add('  username = "orders"');
    f.add(`  password = "${pw}"`, S('password', pw));
    f.add('}');
    f.add('resource "aws_db_instance" "replica" {');
    f.add('  password = var.db_password', D('env-reference', 'var.db_password'));
    f.add('}');
    f.add('variable "admin_password" {');
    f.add('  type      = string');
    f.add(`  default   = "${defPw}"`, S('password', defPw));
    f.add('  sensitive = true');
    f.add('}');
    f.add('locals {');
    f.add('  api_key = data.vault_generic_secret.payments.data["api_key"]', D('env-reference', 'data.vault_generic_secret.payments.data["api_key"]'));
    f.add('  db_pass = random_password.db.result', D('env-reference', 'random_password.db.result'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('infra/prod.tfvars');
    const dd = v.provider('datadog-api-key');
    const id = v.uuid();
    f.add(`datadog_api_key = "${dd}"`, S('provider', dd, 'datadog-api-key'));
    f.add(`subscription_id = "${id}"`, D('uuid', id));
    return f;
  },
  (v) => {
    const f = new FileBuilder('Dockerfile');
    const key = v.alnum(32);
    const pw = v.urlPassword();
    const digest = v.hex(64);
    f.add(`FROM node:20.11.1-alpine@sha256:${digest}`, D('hash', digest));
    f.add('ARG NPM_TOKEN');
    f.add('RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc', D('env-reference', '${NPM_TOKEN}'));
    f.add(`ENV API_KEY=${key}`, S('api-key', key));
    f.add(`ENV PIP_INDEX_URL=https://deploy:${pw}@pypi.acme-corp.io/simple`, S('url-credentials', pw));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/nginx/site.conf');
    const auth = basic('metrics', v.urlPassword());
    const key = v.hex(32);
    f.add('server {');
    f.add('  listen 443 ssl;');
    f.add('  ssl_certificate_key /etc/ssl/private/site.key;', D('identifier', '/etc/ssl/private/site.key'));
    f.add('  location /metrics/ {');
    f.add(`    proxy_set_header Authorization "Basic ${auth}";`, S('auth-header', auth));
    f.add(`    proxy_set_header X-Api-Key "${key}";`, S('auth-header', key));
    f.add('    auth_basic_user_file /etc/nginx/.htpasswd;');
    f.add('  }');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/apache/vhost.conf');
    const pw = v.password().replace(/["\\ ]/g, 'a');
    const bearer = v.alnum(40);
    f.add('<VirtualHost *:443>');
    f.add(`  SetEnv DB_PASS "${pw}"`, S('password', pw));
    f.add(`  RequestHeader set Authorization "Bearer ${bearer}"`, S('auth-header', bearer));
    f.add('</VirtualHost>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('README.md');
    const leaked = v.provider('anthropic-api-key');
    const awsDoc = 'AKIA' + 'IOSFODNN7' + 'EXAMPLE';
    f.add('# Acme Importer');
    f.add('');
    f.add('Set your key before running:');
    f.add('```bash');
    f.add('export OPENAI_API_KEY="sk-..."', D('placeholder', 'sk-...'));
    f.add(`export AWS_ACCESS_KEY_ID=${awsDoc}`, D('docs-example', awsDoc));
    f.add('export API_TOKEN=<your token>', D('placeholder', '<your token>'));
    f.add('```');
    f.add('Quick test from my machine:');
    f.add('```python');
    f.add(`client = anthropic.Anthropic(api_key="${leaked}")`, S('provider', leaked, 'anthropic-api-key'));
    f.add('```');
    f.add('Connect with `mongodb://root:example@localhost:27017/`.', D('docs-example', 'example'));
    f.add('Passwords are hashed with bcrypt (`password_hash` column).');
    return f;
  },
  (v) => {
    const f = new FileBuilder('notebooks/exploration.ipynb');
    const openai = v.provider('openai-project-key');
    const hf = v.provider('huggingface-access-token');
    const png = 'iVBORw0KGgo' + v.b64(180);
    const nb = {
      cells: [
        { cell_type: 'code', metadata: {}, outputs: [], source: ['import openai\n', `openai.api_key = "${openai}"\n`] },
        { cell_type: 'code', metadata: {}, outputs: [{ data: { 'image/png': png } }],
          source: ['import os\n', `os.environ["HF_TOKEN"] = "${hf}"\n`] },
      ],
      metadata: { kernelspec: { name: 'python3' } }, nbformat: 4, nbformat_minor: 5,
    };
    f.add(JSON.stringify(nb, null, 1), S('provider', openai, 'openai-project-key'), D('hash', png),
      S('provider', hf, 'huggingface-access-token'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/package-lock.json');
    f.add('{');
    f.add('  "name": "web",');
    f.add('  "lockfileVersion": 3,');
    f.add('  "packages": {');
    for (const name of ['react', 'react-dom', 'scheduler']) {
      const integrity = 'sha512-' + v.b64(86) + '==';
      f.add(`    "node_modules/${name}": {`);
      f.add('      "version": "18.3.1",', D('version', '18.3.1'));
      f.add(`      "resolved": "https://registry.npmjs.org/${name}/-/${name}-18.3.1.tgz",`);
      f.add(`      "integrity": "${integrity}"`, D('lockfile', integrity));
      f.add('    },');
    }
    f.add('  }');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('go.sum');
    for (const mod of ['github.com/google/uuid v1.6.0', 'golang.org/x/crypto v0.21.0']) {
      const h = v.b64(43) + '=';
      f.add(`${mod} h1:${h}`, D('lockfile', h));
    }
    return f;
  },
  (v) => {
    const f = new FileBuilder('yarn.lock');
    const i = 'sha512-' + v.b64(86) + '==';
    f.add('lodash@^4.17.21:');
    f.add('  version "4.17.21"', D('version', '4.17.21'));
    f.add(`  integrity ${i}`, D('lockfile', i));
    return f;
  },
  (v) => {
    const f = new FileBuilder('auth/jwks.json');
    const n = v.b64url(342);
    f.add(JSON.stringify({ keys: [{ kty: 'RSA', kid: v.hex(16), use: 'sig', alg: 'RS256', n, e: 'AQAB' }] }, null, 2),
      D('public-key', n));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/keys/deploy_key.pub');
    const body = 'AAAAB3NzaC1yc2EAAAADAQABAAABgQ' + v.b64(340);
    f.add(`ssh-rsa ${body} deploy@ci`, D('public-key', body));
    return f;
  },
  (v) => {
    const f = new FileBuilder('auth/keys/signing.pub.pem');
    const pem = v.pem('PUBLIC KEY', 6);
    f.add(pem, D('public-key', pem.split('\n')[1]));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/keys/id_ed25519');
    const pem = v.pem('OPENSSH PRIVATE KEY', 5);
    f.add(pem, S('private-key', pem.split('\n')[1]));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/tls/tls.key');
    const pem = v.pem('EC PRIVATE KEY', 3);
    f.add(pem, S('private-key', pem.split('\n')[1]));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/test/resources/signing.ts');
    const pem = v.pem('RSA PRIVATE KEY', 6);
    const asLines = pem.split('\n').map((l) => `  '${l}\\n' +`).join('\n');
    f.add(`export const signingKey =\n${asLines}\n  '';`, S('private-key', pem.split('\n')[1]));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/kubeconfig.yaml');
    const ca = b64encode(v.pem('CERTIFICATE', 4));
    const clientKey = b64encode(v.pem('RSA PRIVATE KEY', 4));
    const token = v.jwt({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:ci:deployer',
      'kubernetes.io/serviceaccount/namespace': 'ci' });
    f.add('apiVersion: v1');
    f.add('clusters:');
    f.add('- cluster:');
    f.add(`    certificate-authority-data: ${ca}`, D('public-key', ca));
    f.add('    server: https://10.0.0.1:6443');
    f.add('users:');
    f.add('- name: admin');
    f.add('  user:');
    f.add(`    client-key-data: ${clientKey}`, S('private-key', clientKey));
    f.add('- name: ci');
    f.add('  user:');
    f.add(`    token: ${token}`, S('jwt', token));
    return f;
  },
  (v) => {
    const f = new FileBuilder('api/requests/orders.http');
    const jwt = v.jwt({ sub: 'user-42', scope: 'orders:write', iat: 1710000000 });
    f.add('### create order');
    f.add('POST https://api.acme.example/orders');
    f.add(`Authorization: Bearer ${jwt}`, S('jwt', jwt));
    f.add('Content-Type: application/json');
    f.add('');
    f.add('### list');
    f.add('GET https://api.acme.example/orders');
    f.add('Authorization: Bearer {{token}}', D('template', '{{token}}'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('postman/acme.postman_collection.json');
    const jwt = v.jwt({ sub: 'svc-reporting', roles: ['admin'] });
    const basicAuth = basic('reporting', v.urlPassword());
    f.add(JSON.stringify({ item: [{ name: 'orders', request: { method: 'GET', header: [
      { key: 'Authorization', value: `Bearer ${jwt}` },
      { key: 'X-Trace', value: '{{traceId}}' },
    ] } }, { name: 'admin', request: { method: 'GET', header: [
      { key: 'Authorization', value: `Basic ${basicAuth}` },
    ] } }] }, null, 2), S('jwt', jwt), D('template', '{{traceId}}'), S('auth-header', basicAuth));
    return f;
  },
  (v) => {
    const f = new FileBuilder('tests/test_auth.py');
    const jwt = v.jwt({ sub: '1234567890', name: 'Test User', admin: true });
    f.add('def test_decodes_admin_claim():');
    f.add(`    token = "${jwt}"`, S('jwt', jwt));
    f.add('    assert decode(token)["admin"]');
    return f;
  },
  (v) => {
    const f = new FileBuilder('docs/ops/connections.md');
    const redis = v.urlPassword();
    const sqlsrv = v.urlPassword();
    const amqp = v.urlPassword();
    f.add('# Connections');
    f.add('- local queue: `amqp://guest:guest@localhost:5672/`', D('docs-example', 'guest@'));
    f.add(`- prod cache: \`redis://default:${redis}@redis-12345.c1.us-east-1.ec2.cloud.redislabs.com:12345\``,
      S('connection-string', redis));
    f.add(`- reporting: \`sqlserver://sa:${sqlsrv}@reporting.acme.internal:1433?database=reports\``,
      S('connection-string', sqlsrv));
    f.add(`- events: \`amqps://events:${amqp}@mq.acme.internal/prod\``, S('connection-string', amqp));
    f.add('- template: `postgresql://${DB_USER}:${DB_PASS}@${DB_HOST}/app`', D('env-reference', '${DB_PASS}'));
    f.add('- example: `postgres://user:password@localhost:5432/db`', D('placeholder', 'password'));
    f.add('- local dev: `mysql://root:@localhost/app`');
    return f;
  },
  (v) => {
    const f = new FileBuilder('backend/integrations/providers.py');
    const ids: [string, string][] = [
      ['SLACK_BOT_TOKEN', 'slack-bot-token'], ['TWILIO_AUTH_TOKEN', 'twilio-auth-token'],
      ['MAILGUN_API_KEY', 'mailgun-api-key'], ['DATADOG_APP_KEY', 'datadog-app-key'],
      ['SHOPIFY_ACCESS_TOKEN', 'shopify-access-token'], ['HUBSPOT_ACCESS_TOKEN', 'hubspot-private-app-token'],
      ['NOTION_TOKEN', 'notion-integration-token'], ['LINEAR_API_KEY', 'linear-api-key'],
      ['DIGITALOCEAN_TOKEN', 'digitalocean-pat'], ['DOPPLER_TOKEN', 'doppler-service-token'],
      ['VAULT_TOKEN', 'vault-service-token'], ['GROQ_API_KEY', 'groq-api-key'],
      ['NEW_RELIC_LICENSE_KEY', 'new-relic-license-key'], ['POSTMARK_SERVER_TOKEN', 'postmark-server-token'],
      ['PLAID_SECRET', 'plaid-secret'], ['ALGOLIA_ADMIN_KEY', 'algolia-admin-key'],
    ];
    f.add('import os');
    f.add('');
    for (const [name, id] of ids) {
      const t = v.provider(id);
      f.add(`${name.toLowerCase()} = os.getenv("${name}", "${t}")`, S('provider', t, id));
    }
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/integrations.yaml');
    const rows: [string, string][] = [
      ['discord:\n  bot_token', 'discord-bot-token'], ['slack:\n  webhook_url', 'slack-webhook-url'],
      ['sentry:\n  auth_token', 'sentry-user-token'], ['grafana:\n  service_account_token', 'grafana-service-account-token'],
      ['pagerduty:\n  api_key', 'pagerduty-api-key'], ['circleci:\n  token', 'circleci-personal-token'],
      ['mailchimp:\n  api_key', 'mailchimp-api-key'], ['okta:\n  api-token', 'okta-api-token'],
      ['databricks:\n  token', 'databricks-token'], ['atlassian:\n  api_token', 'atlassian-api-token'],
      ['twilio:\n  account_sid', 'twilio-account-sid'], ['pulumi:\n  access_token', 'pulumi-access-token'],
      ['snyk:\n  token', 'snyk-api-token'], ['huggingface:\n  token', 'huggingface-access-token'],
    ];
    for (const [head, id] of rows) {
      const t = v.provider(id);
      f.add(`${head}: "${t}"`, S('provider', t, id));
    }
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/src/integrations/hooks.js');
    const discord = v.provider('discord-webhook-url');
    const teams = v.provider('microsoft-teams-webhook-url');
    const sk = v.provider('stripe-test-secret-key');
    const npm = v.nearMiss('github-pat-classic');
    const phc = 'phc_' + v.alnum(43);
    f.add(`const DISCORD_HOOK = '${discord}';`, S('provider', discord, 'discord-webhook-url'));
    f.add(`module.exports.teamsWebhook = "${teams}";`, S('provider', teams, 'microsoft-teams-webhook-url'));
    f.add(`const stripe = require('stripe')('${sk}');`, S('provider', sk, 'stripe-test-secret-key'));
    f.add(`// revoked, checksum does not match: ${npm}`, D('near-miss', npm));
    f.add(`posthog.init('${phc}', { api_host: 'https://eu.posthog.com' });`, D('publishable-key', phc));
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/public/index.html');
    const site = '6L' + v.b64url(38);
    const sri = 'sha384-' + v.b64(64);
    f.add('<!doctype html>');
    f.add(`<script src="https://cdn.acme.example/lib.min.js" integrity="${sri}" crossorigin="anonymous"></script>`,
      D('hash', sri));
    f.add(`<div class="g-recaptcha" data-sitekey="${site}"></div>`, D('publishable-key', site));
    f.add('<input type="password" name="password" placeholder="Password" autocomplete="current-password">');
    return f;
  },
  (v) => {
    void v;
    const f = new FileBuilder('web/src/locales/fr.json');
    f.add('{');
    f.add('  "password": "Mot de passe",', D('identifier', 'Mot de passe'));
    f.add('  "forgotPassword": "Mot de passe oublié ?",', D('identifier', 'Mot de passe oublié ?'));
    f.add('  "apiKey": "Clé API",', D('identifier', 'Clé API'));
    f.add('  "token_expired": "Votre session a expiré",', D('identifier', 'Votre session a expiré'));
    f.add('  "secretPlaceholder": "Collez votre secret ici"', D('identifier', 'Collez votre secret ici'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/auth/constants.ts');
    const kr = 'projects/acme-prod/locations/global/keyRings/app/cryptoKeys/session';
    f.add('export const PASSWORD_MIN_LENGTH = 12;');
    f.add("export const TOKEN_HEADER = 'X-Auth-Token';", D('identifier', 'X-Auth-Token'));
    f.add("export const API_KEY_PARAM = 'api_key';", D('identifier', 'api_key'));
    f.add("export const apiKeyPrefix = 'acme_live_';", D('identifier', 'acme_live_'));
    f.add(`export const secretKeyRing = '${kr}';`, D('identifier', kr));
    f.add("export const PASSWORD_GRANT = 'password';", D('identifier', 'password'));
    f.add("export const API_VERSION = '2024-06-20';", D('version', '2024-06-20'));
    const commit = v.hex(40);
    f.add(`export const BUILD_COMMIT = '${commit}';`, D('hash', commit));
    const corr = v.uuid();
    f.add(`export const DEFAULT_CORRELATION_ID = '${corr}';`, D('uuid', corr));
    f.add("export const ACCESS_TOKEN_COOKIE = 'access_token';", D('identifier', 'access_token'));
    f.add("export const SECRET_MANAGER_PATH = 'secret/data/payments';", D('identifier', 'secret/data/payments'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ansible/group_vars/prod/vault.yml');
    const blob = Array.from({ length: 4 }, () => v.hex(80)).join('\n          ');
    f.add('db_password: !vault |');
    f.add('          $ANSIBLE_VAULT;1.1;AES256');
    f.add(`          ${blob}`, D('encrypted', blob.slice(0, 80)));
    f.add('api_token: "{{ vault_api_token }}"', D('template', '{{ vault_api_token }}'));
    const sops = `ENC[AES256_GCM,data:${v.b64(24)},iv:${v.b64(43)}=,tag:${v.b64(22)}==,type:str]`;
    f.add(`smtp_password: ${sops}`, D('encrypted', sops));
    return f;
  },
  (v) => {
    const f = new FileBuilder('cloudformation/db.yaml');
    f.add('Resources:');
    f.add('  Db:');
    f.add('    Properties:');
    f.add('      MasterUserPassword: !Ref DbPasswordParam', D('env-reference', '!Ref DbPasswordParam'));
    f.add("      MasterUsername: '{{resolve:secretsmanager:prod/db:SecretString:username}}'");
    f.add("      DbPass: '{{resolve:secretsmanager:prod/db:SecretString:password}}'",
      D('template', '{{resolve:secretsmanager:prod/db:SecretString:password}}'));
    const hash = '$2b$12$' + v.bcrypt(53);
    f.add(`      AdminPasswordHash: '${hash}'`, D('hash', hash));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/services/cache.js');
    const pw = v.password().replace(/['\\]/g, 'e');
    const key = v.alnum(32);
    const encKey = v.hex(64);
    const botToken = v.provider('slack-bot-token');
    f.add('const redis = new Redis({');
    f.add("  host: 'cache.internal',");
    f.add(`  password: '${pw}',`, S('password', pw));
    f.add('});');
    f.add(`// const apiKey = "${key}";  // old key, TODO remove`, S('api-key', key));
    f.add(`const ENCRYPTION_KEY = Buffer.from('${encKey}', 'hex');`, S('secret-key', encKey));
    f.add(`const app = new App({ token: '${botToken}', signingSecret: process.env.SLACK_SIGNING_SECRET });`,
      S('provider', botToken, 'slack-bot-token'), D('env-reference', 'process.env.SLACK_SIGNING_SECRET'));
    f.add('const password = document.querySelector("#password").value;', D('identifier', '#password'));
    f.add('const dbPassword = config.get("db.password");', D('identifier', 'db.password'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/server/env.ts');
    const db = v.password().replace(/['"`\\$]/g, 'n');
    const bot = v.alnum(46);
    const ws = v.b64(32);
    f.add('export const config = {');
    f.add(`  dbPassword: '${db}',`, S('password', db));
    f.add(`  bot_token: "${bot}",`, S('token', bot));
    f.add(`  webhook_secret: '${ws}',`, S('secret-key', ws));
    f.add("  jwtSecret: process.env.JWT_SECRET || 'dev-secret',", D('placeholder', 'dev-secret'));
    f.add("  apiKey: '{{API_KEY}}',", D('template', '{{API_KEY}}'));
    f.add("  clientSecret: '<YOUR_CLIENT_SECRET>',", D('placeholder', '<YOUR_CLIENT_SECRET>'));
    f.add("  password: 'xxxxxxxxxxxx',", D('placeholder', 'xxxxxxxxxxxx'));
    f.add("  encryptionKey: '0000000000000000000000000000000000000000000000000000000000000000',",
      D('placeholder', '0'.repeat(64)));
    f.add('};');
    return f;
  },
  (v) => {
    const f = new FileBuilder('services/worker/settings.yaml');
    const dbPass = v.password().replace(/[#'":\\{}]/g, 'q');
    const enc = v.b64(44);
    const hmac = v.hex(40);
    const sig = v.b64(32);
    f.add('database:');
    f.add('  db-password: ' + dbPass, S('password', dbPass));
    f.add('security:');
    f.add(`  encryption_key: "${enc}"`, S('secret-key', enc));
    f.add(`  hmacKey: ${hmac}`, S('secret-key', hmac));
    f.add(`  signingSecret: '${sig}'`, S('secret-key', sig));
    f.add('  password_hash_algorithm: argon2id', D('identifier', 'argon2id'));
    f.add('  token_ttl: 3600');
    f.add('  secret_ref: payments/stripe', D('identifier', 'payments/stripe'));
    f.add('  version: 1.2.3-beta.4+sha.5114f85', D('version', '1.2.3-beta.4+sha.5114f85'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('scripts/seed_db.py');
    const pw = v.password().replace(/['"\\]/g, 'u');
    const conn = v.urlPassword();
    f.add('import psycopg2');
    f.add(`conn = psycopg2.connect(host="db", user="seed", password="${pw}", dbname="shop")`, S('password', pw));
    f.add(`engine = create_engine("mysql+pymysql://seed:${conn}@db/shop")`, S('connection-string', conn));
    f.add('password = "%(DB_PASS)s" % env', D('template', '%(DB_PASS)s'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/wireguard/wg0.conf');
    const priv = v.b64(43) + '=';
    const pub = v.b64(43) + '=';
    const psk = v.b64(43) + '=';
    f.add('[Interface]');
    f.add(`PrivateKey = ${priv}`, S('private-key', priv));
    f.add('Address = 10.8.0.1/24');
    f.add('[Peer]');
    f.add(`PublicKey = ${pub}`, D('public-key', pub));
    f.add(`PresharedKey = ${psk}`, S('secret-key', psk));
    f.add('AllowedIPs = 10.8.0.2/32');
    return f;
  },
  (v) => {
    const f = new FileBuilder('backend/auth/patterns.py');
    const csrf = v.alnum(64);
    const challenge = v.b64url(43);
    const state = v.alnum(32);
    f.add('import re');
    f.add('GITHUB_TOKEN_RE = re.compile(r"ghp_[A-Za-z0-9]{36}")', D('identifier', 'ghp_[A-Za-z0-9]{36}'));
    f.add('STRIPE_KEY_PATTERN = "sk_live_[0-9a-zA-Z]{24,99}"', D('identifier', 'sk_live_[0-9a-zA-Z]{24,99}'));
    f.add('SECRET_KEY = get_random_secret_key()', D('identifier', 'get_random_secret_key()'));
    f.add('api_key: str = Field(..., env="API_KEY")', D('env-reference', 'env="API_KEY"'));
    f.add('password = hashlib.sha256(pw.encode()).hexdigest()', D('identifier', 'hashlib.sha256'));
    f.add('PASSWORD_REGEX = r"^(?=.*[A-Z])(?=.*\\d).{12,}$"', D('identifier', '(?=.*[A-Z])'));
    f.add(`AUTHORIZE_URL = "https://login.acme-corp.io/authorize?client_id=web&state=${state}` +
      `&code_challenge=${challenge}&code_challenge_method=S256"`, D('identifier', state), D('hash', challenge));
    f.add(`FORM = '<input type="hidden" name="csrfmiddlewaretoken" value="${csrf}">'`, D('identifier', csrf));
    f.add('password_reset_token_expiry = timedelta(hours=1)');
    f.add('token_type = "Bearer"', D('identifier', 'Bearer'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/main/java/com/acme/security/JwtConfig.java');
    f.add('public class JwtConfig {');
    f.add('    @Value("${jwt.secret}")', D('env-reference', '${jwt.secret}'));
    f.add('    private String jwtSecret;');
    f.add('    public String ClientSecret { get; set; } = "";');
    f.add('    private final String apiKey = properties.getProperty("payments.api-key");',
      D('identifier', 'payments.api-key'));
    f.add('    private static final String TOKEN_PREFIX = "Bearer ";', D('identifier', 'Bearer '));
    const sha = v.hex(40);
    f.add(`    // token hash of the fixture: ${sha}`, D('hash', sha));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('charts/shop/templates/deployment.yaml');
    const sum = v.hex(64);
    f.add('metadata:');
    f.add('  annotations:');
    f.add(`    checksum/secret: ${sum}`, D('hash', sum));
    f.add('spec:');
    f.add('  containers:');
    f.add('    - env:');
    f.add('        - name: GITHUB_TOKEN');
    f.add('          value: ${{ github.token }}', D('template', '${{ github.token }}'));
    f.add('        - name: DB_PASSWORD');
    f.add('          value: ""');
    f.add('        - name: API_KEY');
    f.add('          value: op://Production/payments/api-key', D('env-reference', 'op://Production/payments/api-key'));
    return f;
  },
];

/** The blind corpus, deterministic for a seed. */
export function buildBlindCorpus(options: { seed?: number } = {}): BlindCorpus {
  return corpusFromMakers(FILES, new Values(options.seed ?? 20260501));
}

/** Runs each maker in order with the same `values`, gathering files and labels into one corpus. */
export function corpusFromMakers(makers: readonly FileMaker[], values: Values): BlindCorpus {
  const corpus: BlindCorpus = { files: [], secrets: [], decoys: [] };
  for (const make of makers) {
    const file = make(values);
    corpus.files.push({ path: file.path, content: file.content() });
    corpus.secrets.push(...file.secrets);
    corpus.decoys.push(...file.decoys);
  }
  return corpus;
}

/** A finding of `scanFiles` over the written corpus (its `file` is the corpus path). */
export type BlindFinding = Omit<FileFinding, 'fingerprint' | 'revokeUrl' | 'envName'>;

export interface BlindScore {
  recall: Map<BlindCategory, { found: number; total: number }>;
  decoys: Map<BlindDecoyKind, { found: number; total: number }>;
  misses: BlindSecret[];
  falseAlarms: { finding: BlindFinding; decoy?: BlindDecoy }[];
  /** Provider secrets found, but by another rule than the expected one. */
  otherRule: { secret: BlindSecret; reportedAs: string }[];
  truePositives: number;
  recallOverall: number;
  precision: number;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

export function scoreBlind(corpus: BlindCorpus, findings: readonly BlindFinding[]): BlindScore {
  const score: BlindScore = {
    recall: new Map(), decoys: new Map(), misses: [], falseAlarms: [], otherRule: [],
    truePositives: 0, recallOverall: 0, precision: 0,
  };
  const byFile = new Map<string, BlindFinding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);

  let found = 0;
  for (const secret of corpus.secrets) {
    const hits = (byFile.get(secret.file) ?? []).filter((f) => overlaps(f, secret));
    const entry = score.recall.get(secret.category) ?? { found: 0, total: 0 };
    entry.total++;
    if (hits.length > 0) {
      entry.found++;
      found++;
      if (secret.ruleId && !hits.some((h) => h.ruleId === secret.ruleId)) {
        score.otherRule.push({ secret, reportedAs: hits.map((h) => h.ruleId).join(',') });
      }
    } else {
      score.misses.push(secret);
    }
    score.recall.set(secret.category, entry);
  }

  const flaggedDecoys = new Set<BlindDecoy>();
  for (const finding of findings) {
    const isTrue = corpus.secrets.some((s) => s.file === finding.file && overlaps(finding, s));
    if (isTrue) {
      score.truePositives++;
      continue;
    }
    const decoy = corpus.decoys.find((d) => d.file === finding.file && overlaps(finding, d)) ??
      corpus.decoys.find((d) => d.file === finding.file && d.line === finding.line);
    if (decoy) flaggedDecoys.add(decoy);
    score.falseAlarms.push({ finding, decoy });
  }
  for (const decoy of corpus.decoys) {
    const entry = score.decoys.get(decoy.kind) ?? { found: 0, total: 0 };
    entry.total++;
    if (flaggedDecoys.has(decoy)) entry.found++;
    score.decoys.set(decoy.kind, entry);
  }

  score.recallOverall = found / Math.max(1, corpus.secrets.length);
  score.precision = score.truePositives / Math.max(1, score.truePositives + score.falseAlarms.length);
  return score;
}
