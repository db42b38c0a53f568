/**
 * A labelled corpus for measuring detection accuracy: files in many languages and config
 * formats, each planted secret labelled with file, line and category, surrounded by hard decoys
 * (digests, UUIDs, lockfile lines, placeholders, identifiers, public keys, near misses, i18n
 * strings, password hashes). Built at run time from seeded generators, so no realistic token is
 * ever committed; the same seed always gives the same corpus.
 *
 * Positives are written the way code leaks them (keyword arguments, struct fields, connection
 * strings, headers, notebook cells, Terraform defaults), not in one shape the rules expect.
 */
import { GENERIC_RULES } from '../../src/core/scan/genericRules';
import { PROVIDER_RULE_DETAILS } from '../../src/core/scan/rules';
import { fakeToken, nearMiss, placeholder } from './fakeTokens';
import { fakeApiKey, fakeBase64, fakePassword, fakePemPrivateKey } from './genericSecrets';
import { makeHs256 } from './jwtFactory';
import { B64, BCRYPT, HEX, mulberry32, Pick } from './seededRandom';

export type PositiveCategory =
  | 'provider' | 'password' | 'api-key' | 'secret-token' | 'private-key' | 'url-credentials' | 'bearer'
  | 'basic' | 'jwt';

export interface Positive {
  file: string;
  /** 1-based line where the secret starts. */
  line: number;
  category: PositiveCategory;
  /** The provider rule the value was generated for (provider category only). */
  ruleId?: string;
  secret: string;
}

export interface Decoy {
  file: string;
  line: number;
  kind: string;
  value: string;
}

export interface CorpusFile {
  path: string;
  content: string;
}

export interface Corpus {
  files: CorpusFile[];
  positives: Positive[];
  decoys: Decoy[];
}




// ---------------------------------------------------------------------------------------------
// Formats: how one name/value pair is written in each language or config syntax.

type Style = 'snake' | 'camel' | 'screaming' | 'dotted' | 'kebab';

/** Turns `db password` into the naming style of the format. */
function styled(words: string, style: Style): string {
  const parts = words.split(' ');
  switch (style) {
    case 'snake': return parts.join('_');
    case 'screaming': return parts.join('_').toUpperCase();
    case 'dotted': return parts.join('.');
    case 'kebab': return parts.join('-');
    case 'camel': return parts[0] + parts.slice(1).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  }
}

interface Format {
  ext: string;
  /** File name when the format needs a fixed one. */
  fileName?: string;
  header: string[];
  footer: string[];
  /** Assignment lines; `{n}` is the styled name, `{v}` the value. */
  templates: { style: Style; line: string }[];
  filler: string[];
  comment: (text: string) => string;
}

const FORMATS: Format[] = [
  {
    ext: 'ts', header: ["import { createClient } from './client';", ''], footer: [],
    templates: [
      { style: 'camel', line: "const {n} = '{v}';" },
      { style: 'camel', line: '  {n}: "{v}",' },
      { style: 'camel', line: 'export const {n}: string = `{v}`;' },
      { style: 'screaming', line: "const {n} = process.env.{n} ?? '{v}';" },
      { style: 'camel', line: "  private readonly {n} = '{v}';" },
    ],
    filler: ['export function load(id: string) {', '  return client.get(`/items/${id}`);', '}',
      '// retries are handled by the client', "const timeoutMs = Number(process.env.TIMEOUT ?? '3000');"],
    comment: (t) => `// ${t}`,
  },
  {
    ext: 'js', header: ["'use strict';", "const axios = require('axios');"],
      footer: ['module.exports = config;'],
    templates: [
      { style: 'camel', line: 'var {n} = "{v}";' },
      { style: 'camel', line: "  {n}: '{v}'," },
      { style: 'snake', line: "config['{n}'] = '{v}';" },
    ],
    filler: ['const config = {};', 'axios.defaults.timeout = 5000;',
      'function retry(fn) { return fn().catch(fn); }'],
    comment: (t) => `// ${t}`,
  },
  {
    ext: 'py', header: ['import os', 'import requests', ''], footer: [],
    templates: [
      { style: 'snake', line: '{n} = "{v}"' },
      { style: 'snake', line: "client = Client({n}='{v}')" },
      { style: 'snake', line: '    "{n}": "{v}",' },
      { style: 'screaming', line: 'os.environ.setdefault("{n}", "{v}")' },
      { style: 'screaming', line: '{n} = os.getenv("{n}", "{v}")' },
    ],
    filler: ['def fetch(session, url):', '    return session.get(url, timeout=10).json()', '',
      'logger = logging.getLogger(__name__)', '# keep the session open between calls'],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'go', header: ['package config', '', 'import "os"', ''], footer: [],
    templates: [
      { style: 'camel', line: 'const {n} = "{v}"' },
      { style: 'camel', line: '\t{n} := "{v}"' },
      { style: 'screaming', line: '\tos.Setenv("{n}", "{v}")' },
      { style: 'camel', line: '\t\t{N}: "{v}",' },
    ],
    filler: ['func load() (*Config, error) {', '\tif err != nil {', '\t\treturn nil, err', '\t}', '}'],
    comment: (t) => `// ${t}`,
  },
  {
    ext: 'java', header: ['package com.acme.config;', '', 'public class Settings {'], footer: ['}'],
    templates: [
      { style: 'screaming', line: '    private static final String {n} = "{v}";' },
      { style: 'dotted', line: '        props.setProperty("{n}", "{v}");' },
      { style: 'camel', line: '    private String {n} = "{v}";' },
    ],
    filler: ['    public Settings() {', '        super();', '    }', '    // loaded once at start-up'],
    comment: (t) => `    // ${t}`,
  },
  {
    ext: 'cs', header: ['namespace Acme.Config', '{', '    public static class Secrets', '    {'],
      footer: ['    }', '}'],
    templates: [
      { style: 'camel', line: '        var {n} = "{v}";' },
      { style: 'camel', line: '        public const string {N} = "{v}";' },
      { style: 'camel', line: '        options.{N} = @"{v}";' },
    ],
    filler: ['        // values are read by the DI container', '        public static int Retries = 3;'],
    comment: (t) => `        // ${t}`,
  },
  {
    ext: 'rb', header: ["require 'net/http'", ''], footer: [],
    templates: [
      { style: 'snake', line: "config.{n} = '{v}'" },
      { style: 'snake', line: "  {n}: '{v}'," },
      { style: 'screaming', line: "ENV['{n}'] ||= '{v}'" },
    ],
    filler: ['Rails.application.configure do', 'end', '# background jobs use sidekiq'],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'php', header: ['<?php', ''], footer: [],
    templates: [
      { style: 'camel', line: "${n} = '{v}';" },
      { style: 'snake', line: "    '{n}' => '{v}'," },
      { style: 'screaming', line: "define('{n}', '{v}');" },
    ],
    filler: ['return [', '];', '// see config/app.php'],
    comment: (t) => `// ${t}`,
  },
  {
    ext: 'sh', header: ['#!/usr/bin/env bash', 'set -euo pipefail'], footer: [],
    templates: [
      { style: 'screaming', line: 'export {n}={v}' },
      { style: 'screaming', line: '{n}="{v}" ./deploy.sh' },
      { style: 'kebab', line: 'deploy-tool --{n} {v} --region eu-west-1' },
    ],
    filler: ['cd "$(dirname "$0")"', 'echo "deploying $VERSION"', 'docker compose up -d'],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'yaml', header: ['services:', '  api:'], footer: [],
    templates: [
      { style: 'snake', line: '    {n}: {v}' },
      { style: 'snake', line: '    {n}: "{v}"' },
      { style: 'screaming', line: '      - {n}={v}' },
      { style: 'camel', line: "    {n}: '{v}'" },
    ],
    filler: ['    image: registry.internal/api:1.4.2', '    ports:', '      - "8080:8080"',
      '    restart: always'],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'json', header: ['{', '  "name": "service",'], footer: ['  "end": true', '}'],
    templates: [
      { style: 'camel', line: '  "{n}": "{v}",' },
      { style: 'snake', line: '  "{n}": "{v}",' },
      { style: 'screaming', line: '    "{n}": "{v}",' },
    ],
    filler: ['  "port": 8080,', '  "logLevel": "info",', '  "features": ["search", "export"],'],
    comment: (t) => `  "_comment": "${t}",`,
  },
  {
    ext: 'env', fileName: '.env', header: ['NODE_ENV=production'], footer: [],
    templates: [
      { style: 'screaming', line: '{n}={v}' },
      { style: 'screaming', line: '{n}="{v}"' },
      { style: 'screaming', line: "export {n}='{v}'" },
    ],
    filler: ['PORT=8080', 'LOG_LEVEL=info', 'API_BASE_URL=https://api.internal'],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'xml', header: ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>'],
      footer: ['</configuration>'],
    templates: [
      { style: 'camel', line: '  <{n}>{v}</{n}>' },
      { style: 'camel', line: '  <add key="{N}" value="{v}" />' },
      { style: 'dotted', line: '  <property name="{n}" value="{v}"/>' },
    ],
    filler: ['  <appSettings>', '  </appSettings>', '  <timeout>30</timeout>'],
    comment: (t) => `  <!-- ${t} -->`,
  },
  {
    ext: 'properties', fileName: 'application.properties', header: ['server.port=8080'], footer: [],
    templates: [
      { style: 'dotted', line: 'app.{n}={v}' },
      { style: 'dotted', line: '{n} = {v}' },
      { style: 'kebab', line: 'spring.{n}: {v}' },
    ],
    filler: ['spring.jpa.hibernate.ddl-auto=validate', 'logging.level.root=INFO'],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'tf', header: ['resource "aws_db_instance" "main" {', '  engine = "postgres"'], footer: ['}'],
    templates: [
      { style: 'snake', line: '  {n} = "{v}"' },
      { style: 'snake', line: '    {n}      = "{v}"' },
    ],
    filler: ['  instance_class = "db.t3.micro"', '  tags = { team = "platform" }'],
    comment: (t) => `  # ${t}`,
  },
  {
    ext: 'dockerfile', fileName: 'Dockerfile', header: ['FROM node:20-slim', 'WORKDIR /app'],
      footer: ['CMD ["node", "server.js"]'],
    templates: [
      { style: 'screaming', line: 'ENV {n}={v}' },
      { style: 'screaming', line: 'ARG {n}={v}' },
      { style: 'screaming', line: 'ENV {n} {v}' },
    ],
    filler: ['COPY package*.json ./', 'RUN npm ci --omit=dev', 'COPY . .'],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'http', header: ['@baseUrl = https://api.internal', ''], footer: [],
    templates: [
      { style: 'camel', line: '@{n} = {v}' },
      { style: 'kebab', line: '{N}: {v}' },
    ],
    filler: ['###', 'GET {{baseUrl}}/users', 'Accept: application/json', ''],
    comment: (t) => `# ${t}`,
  },
  {
    ext: 'md', header: ['# Setup', ''], footer: [],
    templates: [
      { style: 'screaming', line: '    export {n}={v}' },
      { style: 'snake', line: '`{n}: {v}`' },
    ],
    filler: ['Run the installer, then start the service.', '', '```sh', 'npm start', '```'],
    comment: (t) => `<!-- ${t} -->`,
  },
];

function render(template: string, name: string, value: string): string {
  const pascal = name[0].toUpperCase() + name.slice(1);
  return template.replace(/\{n\}/g, name).replace(/\{N\}/g, pascal).replace(/\{v\}/g, value);
}

// ---------------------------------------------------------------------------------------------
// Values

const PASSWORD_NAMES = ['password', 'db password', 'admin password', 'smtp password', 'passwd',
  'redis password',
  'mysql root password', 'ldap bind password', 'keystore password', 'passphrase', 'db pass', 'admin pwd'];
const API_KEY_NAMES = ['api key', 'apikey', 'secret key', 'access key', 'client key', 'private key',
  'license key',
  'maps api key', 'service api key', 'stripe key', 'subscription key'];
const SECRET_NAMES = ['client secret', 'auth token', 'access token', 'refresh token', 'secret key base',
  'webhook secret', 'jwt secret', 'session secret', 'signing secret', 'bot token', 'app secret', 'api token'];

const WORDS = ['Summer', 'Keyboard', 'Falcon', 'Orange', 'Winter', 'Dragon', 'Monkey', 'Sunshine', 'Rocket'];

function humanPassword(p: Pick): string {
  return `${p.one(WORDS)}${1970 + p.int(55)}${p.one(['!', '#', '$', '@', '*'])}${p.one(['', 'x', 'Q', '7'])}`;
}

function passwordValue(p: Pick, seed: number): string {
  const r = p.int(10);
  if (r < 6) return fakePassword(seed, 10 + p.int(12));
  if (r < 8) return humanPassword(p);
  return fakeApiKey(seed, 16 + p.int(10));
}

function apiKeyValue(p: Pick, seed: number): string {
  switch (p.int(5)) {
    case 0: return p.chars(HEX, 32);
    case 1: return fakeBase64(seed, 40).replace(/[+/]/g, 'x');
    default: return fakeApiKey(seed, 24 + p.int(20));
  }
}

function secretValue(p: Pick, seed: number): string {
  switch (p.int(6)) {
    case 0: return Buffer.from(fakeApiKey(seed, 48)).toString('base64url').slice(0, 43);
    case 1: return p.chars(HEX, 64);
    case 2: return `${fakeApiKey(seed, 20)}-${fakeApiKey(seed + 1, 12)}`;
    default: return fakeApiKey(seed, 32 + p.int(16));
  }
}

/** Provider rules whose fake is generated; context rules need their name next to the value. */
const PROVIDER_IDS = PROVIDER_RULE_DETAILS.map((r) => r.id);

function providerName(ruleId: string, style: Style): string {
  const rule = PROVIDER_RULE_DETAILS.find((r) => r.id === ruleId);
  if (!rule) return 'token';
  const env = rule.envName.toLowerCase();
  const words = rule.context && !rule.context.some((w) => env.includes(w)) ? rule.context[0] : env;
  // The context word must survive restyling, so only the environment-variable name is restyled.
  if (rule.context && words === rule.context[0]) return words;
  return styled(words.replace(/_/g, ' '), style);
}

// ---------------------------------------------------------------------------------------------
// The builder: files of mixed positives, decoys and filler.

/** Lines of one corpus file, with the labels of the positives and decoys on them. */
export class FileBuilder {
  readonly lines: string[] = [];
  constructor(readonly path: string, readonly corpus: Corpus) {}

  add(...lines: string[]): number {
    const first = this.lines.length + 1;
    for (const line of lines) this.lines.push(...line.split('\n'));
    return first;
  }
  positive(line: string, category: PositiveCategory, secret: string, ruleId?: string, offset = 0): void {
    const at = this.add(line) + offset;
    this.corpus.positives.push({ file: this.path, line: at, category, secret, ruleId });
  }
  decoy(line: string, kind: string, value: string, offset = 0): void {
    const at = this.add(line) + offset;
    this.corpus.decoys.push({ file: this.path, line: at, kind, value });
  }
  finish(): void {
    this.corpus.files.push({ path: this.path, content: this.lines.join('\n') + '\n' });
  }
}

function jwtFor(p: Pick, seed: number): string {
  const now = 1_760_000_000;
  return makeHs256({ sub: `user-${seed}`, iat: now, exp: now + 10 * 365 * 86400, scope: 'read write' },
    `secret-${seed}-${p.chars(HEX, 16)}`);
}

const PASSWORD_PLACEHOLDERS = ['<YOUR_PASSWORD>', 'changeme', 'xxxxxxxx', '********', 'CHANGE_ME',
  'your-password-here'];
const KEY_PLACEHOLDERS = ['<YOUR_API_KEY>', 'xxxx-xxxx-xxxx', 'your_api_key_here', 'REPLACE_WITH_KEY',
  'TODO'];
const REFERENCES = ['${CLIENT_SECRET}', '{{client_secret}}', '$AUTH_TOKEN', '%(token)s',
  '${{ secrets.API_TOKEN }}',
  '#{secret}'];
const PASSWORD_IDENTIFIERS = ['userPassword', 'confirm_password', 'newPasswordConfirmation', 'PASSWORD_FIELD',
  'password-reset-form', 'hashedPassword'];
const SECRET_IDENTIFIERS = ['accessTokenExpiry', 'refresh_token_ttl', 'X-Auth-Token', 'tokenStore.current',
  'getClientSecret()', 'AUTH_HEADER_NAME'];
const TRANSLATIONS = ['Passwort', 'Contraseña', 'パスワード', 'Пароль', 'Salasana', 'Hasło', 'Wachtwoord',
  'Mot de passe', 'Parola'];
const FIXTURE_PASSWORDS = ['test-password-123', 'fake_password_for_tests', 'dummy-pass',
  'not-a-real-password'];
const FIXTURE_KEYS = ['test_api_key', 'fake-api-key-for-ci', 'dummy_key_12345', 'sample-key-000'];
const ENV_READS: Record<string, string> = { py: 'os.environ["DB_PASSWORD"]', rb: "ENV.fetch('DB_PASSWORD')" };
const SECRET_PATHS = ['/etc/ssl/private/server.key', './secrets/token.txt', 'C:\\keys\\signing.pfx'];

/** Decoy values that sit where a secret could: same names, same syntax. */
function decoyFor(p: Pick, seed: number, format: Format): { name: string; value: string; kind: string } {
  const passwordName = p.one(PASSWORD_NAMES);
  const keyName = p.one(API_KEY_NAMES);
  const secretName = p.one(SECRET_NAMES);
  const d = (kind: string, name: string, value: string) => ({ kind, name, value });
  switch (p.int(22)) {
    case 0: return d('uuid', p.one(['tenant id', 'client id', 'request id', 'session id']), p.uuid());
    case 1: return d('git-sha', p.one(['commit', 'git sha', 'revision', 'base ref']), p.chars(HEX, 40));
    case 2: return d('sha256-digest', p.one(['checksum', 'digest', 'secret hash', 'token hash']),
      p.chars(HEX, 64));
    case 3: return d('placeholder', passwordName, p.one(PASSWORD_PLACEHOLDERS));
    case 4: return d('placeholder', keyName, p.one(KEY_PLACEHOLDERS));
    case 5: return d('reference', secretName, p.one(REFERENCES));
    case 6: return d('identifier', passwordName, p.one(PASSWORD_IDENTIFIERS));
    case 7: return d('identifier', secretName, p.one(SECRET_IDENTIFIERS));
    case 8: return d('i18n', passwordName.split(' ').pop() ?? 'password', p.one(TRANSLATIONS));
    case 9: return d('bcrypt-hash', passwordName, `$2b$12$${p.chars(BCRYPT, 53)}`);
    case 10: return d('version', p.one(['token version', 'auth version', 'api key version']),
      `${p.int(5)}.${p.int(20)}.${p.int(30)}`);
    case 11: return d('publishable-key', p.one(['stripe publishable key', 'publishable key', 'stripe pk']),
      `pk_live_${fakeApiKey(seed, 24)}`);
    case 12: return d('test-fixture', passwordName, p.one(FIXTURE_PASSWORDS));
    case 13: return d('test-fixture', keyName, p.one(FIXTURE_KEYS));
    case 14: return d('env-reference', passwordName, ENV_READS[format.ext] ?? 'process.env.DB_PASSWORD');
    case 15: return d('data-uri', p.one(['token icon', 'secret badge', 'avatar']),
      `data:image/png;base64,${fakeBase64(seed, 120)}`);
    case 16: return d('file-path', p.one(['private key', 'secret key', 'token']) + ' path',
      p.one(SECRET_PATHS));
    case 17: return d('url-no-credentials', p.one(['auth url', 'token url', 'secret manager url']),
      'https://auth.internal/oauth2/token');
    case 18: {
      const ruleId = PROVIDER_IDS[seed % PROVIDER_IDS.length];
      return d(`near-miss:${ruleId}`, providerName(ruleId, 'snake'), nearMiss(ruleId, seed));
    }
    case 19: {
      const ruleId = PROVIDER_IDS[(seed * 7) % PROVIDER_IDS.length];
      return d(`provider-placeholder:${ruleId}`, providerName(ruleId, 'snake'), placeholder(ruleId));
    }
    // The AWS documentation's sample key, assembled so the literal never appears in the repository.
    case 20: return d('example-key', 'aws access key id', ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''));
    default: return d('short-common', passwordName, p.one(['admin', 'root', 'secret', 'password1',
      'letmein']));
  }
}

/** Whole-file decoys: formats where secret-looking text is normal. */
function decoyFiles(p: Pick, corpus: Corpus, count: number): void {
  const lock = new FileBuilder('frontend/package-lock.json', corpus);
  lock.add('{', '  "name": "frontend",', '  "lockfileVersion": 3,', '  "packages": {');
  for (let i = 0; i < count; i++) {
    const name = `pkg-${p.chars('abcdefgh', 6)}`;
    lock.add(`    "node_modules/${name}": {`, '      "version": "1.0.0",',
      `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz",`);
    const value = `sha512-${p.chars(B64, 86)}==`;
    lock.decoy(`      "integrity": "${value}"`, 'lockfile-integrity', value);
    lock.add('    },');
  }
  lock.add('    "": {}', '  }', '}');
  lock.finish();

  const sum = new FileBuilder('backend/go.sum', corpus);
  for (let i = 0; i < count; i++) {
    const value = `h1:${p.chars(B64, 43)}=`;
    sum.decoy(`github.com/acme/mod${i} v1.${i}.0 ${value}`, 'go-sum', value);
  }
  sum.finish();

  const yarn = new FileBuilder('web/yarn.lock', corpus);
  for (let i = 0; i < count; i++) {
    const value = `sha512-${p.chars(B64, 86)}==`;
    yarn.add(`"dep${i}@^2.0.0":`, '  version "2.0.1"');
    yarn.decoy(`  integrity ${value}`, 'lockfile-integrity', value);
    yarn.add('');
  }
  yarn.finish();

  const keys = new FileBuilder('deploy/authorized_keys', corpus);
  for (let i = 0; i < Math.max(2, count / 4); i++) {
    const value = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${p.chars(B64, 43)} deploy@ci`;
    keys.decoy(value, 'ssh-public-key', value);
  }
  keys.finish();

  const pub = new FileBuilder('certs/server.pem', corpus);
  for (let i = 0; i < Math.max(2, count / 8); i++) {
    const body = Array.from({ length: 6 }, () => p.chars(B64, 64));
    const label = i % 2 === 0 ? 'CERTIFICATE' : 'PUBLIC KEY';
    pub.decoy([`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n'),
      'public-key-material', label);
  }
  pub.finish();

  const css = new FileBuilder('web/styles.css', corpus);
  for (let i = 0; i < Math.max(2, count / 4); i++) {
    const value = `data:image/png;base64,${p.chars(B64, 200)}`;
    css.decoy(`.icon-${i} { background: url(${value}); }`, 'data-uri', value);
  }
  css.finish();

  const i18n = new FileBuilder('locales/messages_de.properties', corpus);
  for (const [key, value] of [['login.password', 'Passwort'], ['login.passwordHint', 'Mindestens8Zeichen'],
    ['token.expired', 'Sitzung abgelaufen'], ['secret.label', 'Geheimnis'], ['auth.title',
      'Anmeldung']] as const) {
    i18n.decoy(`${key}=${value}`, 'i18n', value);
  }
  i18n.finish();
}

/** A positive line in `format`: provider token or generic secret, named the way the format names things. */
function positiveLine(p: Pick, seed: number,
  format: Format): { line: string; category: PositiveCategory; secret: string; ruleId?: string } {
  const template = p.one(format.templates);
  const r = p.int(20);
  if (r < 9) {
    const ruleId = PROVIDER_IDS[(seed * 13) % PROVIDER_IDS.length];
    const secret = fakeToken(ruleId, seed);
    return { line: render(template.line, providerName(ruleId, template.style), secret), category: 'provider',
      secret, ruleId };
  }
  if (r < 13) {
    const secret = passwordValue(p, seed);
    return { line: render(template.line, styled(p.one(PASSWORD_NAMES), template.style), secret),
      category: 'password', secret };
  }
  if (r < 16) {
    const secret = apiKeyValue(p, seed);
    return { line: render(template.line, styled(p.one(API_KEY_NAMES), template.style), secret),
      category: 'api-key', secret };
  }
  const secret = secretValue(p, seed);
  return { line: render(template.line, styled(p.one(SECRET_NAMES), template.style), secret),
    category: 'secret-token', secret };
}

/** Shapes that are not `name = value`: URLs, headers, keys, tokens in calls. */
function structuralPositive(p: Pick, seed: number,
  format: Format): { lines: string; category: PositiveCategory; secret: string; offset?: number } {
  const password = fakePassword(seed, 12 + p.int(8));
  const host = p.one(['db.internal', 'postgres.prod.acme.io', '10.0.3.17', 'mq.acme.net', 'git.acme.net']);
  const quote = format.ext === 'yaml' || format.ext === 'env' || format.ext === 'properties' ? '' : '"';
  switch (p.int(8)) {
    case 0: {
      const scheme = p.one(['postgres', 'mysql', 'mongodb+srv', 'amqp', 'redis', 'https']);
      const user = p.one(['app', 'admin', 'deploy', 'svc_orders']);
      // A working URL needs reserved characters percent-encoded.
      const encoded = encodeURIComponent(password);
      const url = `${scheme}://${user}:${encoded}@${host}:5432/app`;
      return { lines: `${format.comment('connection')}\n${quote}${url}${quote}`,
        category: 'url-credentials', secret: encoded, offset: 1 };
    }
    case 1: {
      const token = fakeApiKey(seed, 40);
      return { lines: format.ext === 'sh' || format.ext === 'md'
        ? `curl -H "Authorization: Bearer ${token}" https://api.acme.io/v1/me`
        : format.ext === 'http' ? `Authorization: Bearer ${token}`
          : `${format.comment('call')}\nheaders = { "Authorization": "Bearer ${token}" }`,
      category: 'bearer', secret: token,
        offset: format.ext === 'sh' || format.ext === 'md' || format.ext === 'http' ? 0 : 1 };
    }
    case 2: {
      const basic = Buffer.from(`${p.one(['admin', 'ci-bot', 'reporter'])}:${password}`).toString('base64');
      return { lines: `Authorization: Basic ${basic}`, category: 'basic', secret: basic };
    }
    case 3: {
      const token = jwtFor(p, seed);
      return { lines: render(p.one(format.templates).line, 'id_token', token), category: 'jwt',
        secret: token };
    }
    case 4: {
      const pem = fakePemPrivateKey(seed, p.one(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY',
        'OPENSSH PRIVATE KEY']));
      if (format.ext === 'json' || format.ext === 'js' || format.ext === 'ts') {
        // As in a service-account JSON: one line with \n escapes.
        return { lines: `  "private_key": "${pem.replace(/\n/g, '\\n')}\\n",`, category: 'private-key',
          secret: pem };
      }
      if (format.ext === 'yaml') {
        return { lines: `    tls_key: |\n${pem.split('\n').map((l) => `      ${l}`).join('\n')}`,
          category: 'private-key',
          secret: pem, offset: 1 };
      }
      return { lines: pem, category: 'private-key', secret: pem };
    }
    case 5: {
      const key = fakeApiKey(seed, 36);
      const template = p.one(format.templates);
      return { lines: format.ext === 'py' ? `resp = requests.get(url, headers={"X-API-Key": "${key}"})`
        : format.ext === 'sh' ? `curl -H "X-Api-Key: ${key}" https://api.acme.io/v2/items`
          : render(template.line, styled('x api key', template.style), key),
      category: 'api-key', secret: key };
    }
    case 6: {
      const db = fakePassword(seed + 5, 14);
      return { lines: `${quote}Server=sql.acme.local;Database=orders;User Id=sa;Password=${db};${quote}`,
        category: 'password', secret: db };
    }
    default: {
      const token = fakeApiKey(seed, 32);
      return { lines: `${quote}https://hooks.acme.io/notify?user=ops&api_key=${token}${quote}`,
        category: 'api-key', secret: token };
    }
  }
}

function notebookFile(p: Pick, seed: number, corpus: Corpus, cells: number): void {
  const nb = new FileBuilder(`notebooks/analysis-${seed}.ipynb`, corpus);
  nb.add('{', ' "cells": [');
  const py = FORMATS.find((f) => f.ext === 'py') ?? FORMATS[0];
  for (let c = 0; c < cells; c++) {
    nb.add('  {', '   "cell_type": "code",', '   "metadata": {},', '   "outputs": [],', '   "source": [');
    const positive = c % 2 === 0;
    const made = positive ? positiveLine(p, seed * 100 + c, py) : undefined;
    const decoy = positive ? undefined : decoyFor(p, seed * 100 + c, py);
    const code = made?.line ?? render('{n} = "{v}"', styled(decoy?.name ?? 'x', 'snake'), decoy?.value ?? '');
    nb.add(`    ${JSON.stringify('import pandas as pd\n')},`);
    const escaped = `    ${JSON.stringify(`${code}\n`)},`;
    if (made) nb.positive(escaped, made.category, made.secret, made.ruleId);
    else if (decoy) nb.decoy(escaped, decoy.kind, decoy.value);
    nb.add(`    ${JSON.stringify('df.head()')}`, '   ]', c === cells - 1 ? '  }' : '  },');
  }
  nb.add(' ],', ' "nbformat": 4,', ' "nbformat_minor": 5', '}');
  nb.finish();
}

export interface CorpusOptions {
  seed?: number;
  /** Cases per format file (each file holds about half positives, half decoys). */
  casesPerFile?: number;
  /** Files per format. */
  filesPerFormat?: number;
}

/** Builds the corpus in memory; write it out with the paths as given. */
export function buildAccuracyCorpus(options: CorpusOptions = {}): Corpus {
  const seed = options.seed ?? 4242;
  const casesPerFile = options.casesPerFile ?? 24;
  const filesPerFormat = options.filesPerFormat ?? 4;
  const p = new Pick(mulberry32(seed));
  const corpus: Corpus = { files: [], positives: [], decoys: [] };
  let n = 1;
  for (const format of FORMATS) {
    for (let f = 0; f < filesPerFormat; f++) {
      const dir = p.one(['src', 'config', 'deploy', 'app', 'services/billing', 'tools']);
      const name = format.fileName ?? `settings${f}.${format.ext}`;
      const file = new FileBuilder(`${format.ext}/${dir}/${f}/${name}`, corpus);
      file.add(...format.header);
      for (let c = 0; c < casesPerFile; c++) {
        const s = seed + n++;
        file.add(p.one(format.filler));
        const kind = p.int(10);
        if (kind < 3) {
          const made = positiveLine(p, s, format);
          file.positive(made.line, made.category, made.secret, made.ruleId);
        } else if (kind < 5) {
          const made = structuralPositive(p, s, format);
          file.positive(made.lines, made.category, made.secret, undefined, made.offset ?? 0);
        } else {
          const decoy = decoyFor(p, s, format);
          const template = p.one(format.templates);
          file.decoy(render(template.line, styled(decoy.name, template.style), decoy.value), decoy.kind,
            decoy.value);
        }
      }
      file.add(...format.footer);
      file.finish();
    }
  }
  for (let i = 0; i < Math.max(1, filesPerFormat); i++) notebookFile(p, seed + i, corpus, Math.max(2,
    casesPerFile / 3));
  decoyFiles(p, corpus, casesPerFile);
  return corpus;
}

/** What the scorer needs from a finding. */
export interface ScoredFinding {
  file: string;
  line: number;
  endLine: number;
  ruleId: string;
  secret: string;
}

export interface CategoryScore {
  total: number;
  found: number;
}

export interface AccuracyScore {
  recall: Map<PositiveCategory, CategoryScore>;
  /** Decoys of each kind, and how many drew a finding. */
  decoys: Map<string, CategoryScore>;
  truePositives: number;
  falsePositives: number;
  recallOverall: number;
  precisionOverall: number;
  /** Precision when generic findings on near misses count as false alarms too. */
  precisionStrict: number;
  /**
   * Generic findings on a near miss (`GITLAB_TOKEN="glrt-<one short>"`): the decoy tests the
   * provider rule, and a random value under a secret's name is worth reporting, so these are
   * listed apart rather than counted as false alarms.
   */
  genericOnNearMiss: (ScoredFinding & { decoy?: Decoy })[];
  misses: Positive[];
  falseAlarms: (ScoredFinding & { decoy?: Decoy })[];
  /** Provider positives reported under another rule (found, but named differently). */
  otherRule: (Positive & { reportedAs: string })[];
}

const GENERIC_IDS = new Set(GENERIC_RULES.map((rule) => rule.id));

/** Matches findings to labels by file and line: each case sits on lines of its own. */
export function scoreFindings(corpus: Corpus, findings: readonly ScoredFinding[]): AccuracyScore {
  const key = (file: string, line: number) => `${file}:${line}`;
  const positiveAt = new Map(corpus.positives.map((pos) => [key(pos.file, pos.line), pos]));
  const decoyAt = new Map(corpus.decoys.map((d) => [key(d.file, d.line), d]));
  const hit = new Map<Positive, ScoredFinding>();
  const flaggedDecoys = new Set<Decoy>();
  const falseAlarms: AccuracyScore['falseAlarms'] = [];
  const genericOnNearMiss: AccuracyScore['genericOnNearMiss'] = [];
  let truePositives = 0;
  for (const finding of findings) {
    const positive = positiveAt.get(key(finding.file, finding.line));
    if (positive) {
      truePositives++;
      if (!hit.has(positive)) hit.set(positive, finding);
      continue;
    }
    let decoy: Decoy | undefined;
    for (let line = finding.line; line <= finding.endLine && !decoy; line++) {
      decoy = decoyAt.get(key(finding.file, line));
    }
    if (decoy?.kind.startsWith('near-miss:') && GENERIC_IDS.has(finding.ruleId)) {
      genericOnNearMiss.push({ ...finding, decoy });
      continue;
    }
    if (decoy) flaggedDecoys.add(decoy);
    falseAlarms.push({ ...finding, decoy });
  }

  const recall = new Map<PositiveCategory, CategoryScore>();
  const misses: Positive[] = [];
  const otherRule: AccuracyScore['otherRule'] = [];
  for (const positive of corpus.positives) {
    const score = recall.get(positive.category) ?? { total: 0, found: 0 };
    score.total++;
    const finding = hit.get(positive);
    if (finding) {
      score.found++;
      if (positive.ruleId && finding.ruleId !== positive.ruleId) otherRule.push({ ...positive,
        reportedAs: finding.ruleId });
    } else {
      misses.push(positive);
    }
    recall.set(positive.category, score);
  }
  const decoys = new Map<string, CategoryScore>();
  for (const decoy of corpus.decoys) {
    const kind = decoy.kind.replace(/:.*$/, '');
    const score = decoys.get(kind) ?? { total: 0, found: 0 };
    score.total++;
    if (flaggedDecoys.has(decoy)) score.found++;
    decoys.set(kind, score);
  }
  const found = corpus.positives.length - misses.length;
  const precision = (falses: number) =>
    (truePositives + falses === 0 ? 1 : truePositives / (truePositives + falses));
  return {
    recall, decoys, truePositives, falsePositives: falseAlarms.length,
    recallOverall: corpus.positives.length === 0 ? 1 : found / corpus.positives.length,
    precisionOverall: precision(falseAlarms.length),
    precisionStrict: precision(falseAlarms.length + genericOnNearMiss.length),
    misses, falseAlarms, otherRule, genericOnNearMiss,
  };
}
