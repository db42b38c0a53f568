/**
 * A second labelled corpus, written the way an independent secret-scanner benchmark would be
 * and apart from accuracyCorpus.ts (held out at first; the fixes its first run led to were tuned
 * on it since, so it is no longer a blind test): config
 * grammars the first corpus lacks (.properties `key value`, YAML block scalars, Kubernetes
 * `stringData`, docker-compose lists, GitHub Actions, PowerShell, INI/TOML, web.config), more
 * languages (Rust, Kotlin, Swift), curl commands, URLs whose password holds a raw `@`, PEM keys in
 * several encodings, and hard decoys in every one of those places. Every value is generated at run
 * time from a seed, so the repository holds no token-shaped string; the same seed gives the same
 * corpus. Scored with `scoreFindings` from accuracyCorpus.ts.
 */
import { PROVIDER_RULE_DETAILS, type ProviderRule } from '../../src/core/scan/rules';
import { FileBuilder, type Corpus, type PositiveCategory } from './accuracyCorpus';
import { fakeToken, nearMiss } from './fakeTokens';
import { fakeApiKey, fakeBase64, fakePassword, fakePemPrivateKey } from './genericSecrets';
import { makeHs256 } from './jwtFactory';
import { B64, BCRYPT, HEX, mulberry32, Pick } from './seededRandom';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';


/** Labels go on the line of `text` that holds the secret or value (its first line if multi-line). */
class Builder extends FileBuilder {
  override positive(text: string, category: PositiveCategory, secret: string, ruleId?: string): void {
    super.positive(text, category, secret, ruleId, lineOf(text, secret));
  }
  override decoy(text: string, kind: string, value: string): void {
    super.decoy(text, kind, value, lineOf(text, value));
  }
}

function lineOf(text: string, value: string): number {
  const firstLine = value.split('\n')[0];
  const at = text.indexOf(firstLine);
  return at === -1 ? 0 : text.slice(0, at).split('\n').length - 1;
}

// ---------------------------------------------------------------------------------------------
// Formats. `{n}` is the name, `{v}` the value; `\n` in a template starts a new line.

type Style = 'snake' | 'camel' | 'screaming' | 'dotted' | 'kebab' | 'pascal';

function styled(words: string, style: Style): string {
  const parts = words.split(' ');
  const cap = (p: string) => p[0].toUpperCase() + p.slice(1);
  switch (style) {
    case 'snake': return parts.join('_');
    case 'screaming': return parts.join('_').toUpperCase();
    case 'dotted': return parts.join('.');
    case 'kebab': return parts.join('-');
    case 'camel': return parts[0] + parts.slice(1).map(cap).join('');
    case 'pascal': return parts.map(cap).join('');
  }
}

interface Template {
  style: Style;
  line: string;
  /** The value is not quoted, so it must survive the format's grammar (no `#`, blanks...). */
  bare?: boolean;
}

interface Format {
  id: string;
  path: string;
  header: string[];
  footer?: string[];
  templates: Template[];
  filler: string[];
  /** Values that the format cannot hold unquoted without escaping. */
  unsafeBare?: RegExp;
}

const SHELL_UNSAFE = /[!#&*?^~$`"'\\;|<>(){}[\] ]/;

const FORMATS: Format[] = [
  {
    id: 'properties', path: 'src/main/resources/application-prod.properties',
    header: ['# production overrides', 'server.port=8443'],
    templates: [
      { style: 'dotted', line: 'spring.datasource.{n}={v}', bare: true },
      { style: 'dotted', line: 'app.{n} = {v}', bare: true },
      { style: 'dotted', line: 'app.{n} {v}', bare: true },
      { style: 'dotted', line: 'app.{n}: {v}', bare: true },
      { style: 'dotted', line: 'mail.smtp.{n}:{v}', bare: true },
      { style: 'dotted', line: 'integration.{n}\t{v}', bare: true },
    ],
    filler: ['spring.jpa.open-in-view=false', 'logging.level.org.hibernate=WARN', '', '! legacy block'],
    unsafeBare: /[\\ ]/,
  },
  {
    id: 'yaml', path: 'config/settings.yml',
    header: ['production:', '  database:', '    host: db.internal'],
    templates: [
      { style: 'snake', line: '    {n}: {v}', bare: true },
      { style: 'snake', line: '    {n}: "{v}"' },
      { style: 'snake', line: "    {n}: '{v}'" },
      { style: 'snake', line: '    {n}: |\n      {v}', bare: true },
      { style: 'snake', line: '    {n}: >-\n      {v}', bare: true },
      { style: 'snake', line: '    {n}: |-\n      {v}', bare: true },
      { style: 'camel', line: '    {n}: >\n      {v}', bare: true },
    ],
    filler: ['    pool: 5', '    timeout: 30s', '  cache:', '    ttl: 600'],
    unsafeBare: /^[!&*@`%|>'"[{#-]|: | #/,
  },
  {
    id: 'k8s-secret', path: 'deploy/k8s/app-secret.yaml',
    header: ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: app-credentials', 'type: Opaque',
      'stringData:'],
    templates: [
      { style: 'screaming', line: '  {n}: {v}', bare: true },
      { style: 'screaming', line: '  {n}: "{v}"' },
      { style: 'kebab', line: '  {n}: |\n    {v}', bare: true },
    ],
    filler: ['  LOG_LEVEL: info', '  REGION: eu-central-1'],
    unsafeBare: /^[!&*@`%|>'"[{#-]|: | #/,
  },
  {
    id: 'compose', path: 'docker-compose.yml',
    header: ['services:', '  api:', '    image: acme/api:2.3.1', '    environment:'],
    templates: [
      { style: 'screaming', line: '      - {n}={v}', bare: true },
      { style: 'screaming', line: '      - "{n}={v}"' },
      { style: 'screaming', line: '      {n}: {v}', bare: true },
      { style: 'screaming', line: "      {n}: '{v}'" },
    ],
    filler: ['      - NODE_ENV=production', '      - PORT=3000', '      TZ: UTC'],
    unsafeBare: /^[!&*@`%|>'"[{#-]|: | #|\$/,
  },
  {
    id: 'actions', path: '.github/workflows/deploy.yml',
    header: ['name: deploy', 'on: [push]', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', '    env:'],
    templates: [
      { style: 'screaming', line: '      {n}: {v}', bare: true },
      { style: 'screaming', line: '      {n}: "{v}"' },
    ],
    filler: ['      CI: true', '      NODE_VERSION: 20'],
    unsafeBare: /^[!&*@`%|>'"[{#-]|: | #/,
  },
  {
    id: 'terraform', path: 'infra/main.tf',
    header: ['provider "aws" {', '  region = "eu-west-1"', '}', ''],
    templates: [
      { style: 'snake', line: '  {n} = "{v}"' },
      { style: 'snake', line: '  {n}          = "{v}"' },
      { style: 'snake', line: 'resource "vault_generic_secret" "app" {\n  data_json = jsonencode({ {n} = "{v}" })\n}' },
    ],
    filler: ['  instance_type = "t3.small"', '  count         = 2', '  tags = { owner = "platform" }'],
  },
  {
    id: 'dotenv', path: 'services/worker/.env.production',
    header: ['# worker settings', 'APP_ENV=production'],
    templates: [
      { style: 'screaming', line: 'export {n}={v}', bare: true },
      { style: 'screaming', line: 'export {n}="{v}"' },
      { style: 'screaming', line: "{n}='{v}'" },
      { style: 'screaming', line: '{n} = {v}', bare: true },
    ],
    filler: ['WORKERS=4', 'QUEUE=default', ''],
    unsafeBare: /[#"'`\\ $]/,
  },
  {
    id: 'shell', path: 'scripts/bootstrap.sh',
    header: ['#!/bin/sh', 'set -e'],
    templates: [
      { style: 'screaming', line: 'export {n}="{v}"' },
      { style: 'screaming', line: "{n}='{v}'" },
      { style: 'screaming', line: 'export {n}={v}', bare: true },
      { style: 'screaming', line: 'docker run -e {n}={v} acme/api', bare: true },
    ],
    filler: ['mkdir -p /var/lib/app', 'chown app:app /var/lib/app', 'exec "$@"'],
    unsafeBare: SHELL_UNSAFE,
  },
  {
    id: 'powershell', path: 'scripts/setup.ps1',
    header: ['Set-StrictMode -Version Latest', '$ErrorActionPreference = "Stop"'],
    templates: [
      { style: 'screaming', line: '$env:{n} = "{v}"' },
      { style: 'screaming', line: "$env:{n}='{v}'" },
      { style: 'pascal', line: '${n} = "{v}"' },
      { style: 'screaming', line: '[Environment]::SetEnvironmentVariable("{n}", "{v}", "Machine")' },
    ],
    filler: ['Write-Host "configuring"', 'Import-Module WebAdministration'],
  },
  {
    id: 'ini', path: 'conf/app.ini',
    header: ['[server]', 'listen = 0.0.0.0:8080', '', '[database]'],
    templates: [
      { style: 'snake', line: '{n} = {v}', bare: true },
      { style: 'snake', line: '{n}={v}', bare: true },
      { style: 'snake', line: '{n} = "{v}"' },
    ],
    filler: ['host = 10.0.0.5', 'port = 5432', '; comment', '[cache]'],
    unsafeBare: /[;# "']/,
  },
  {
    id: 'toml', path: 'config/production.toml',
    header: ['[service]', 'name = "billing"', '', '[credentials]'],
    templates: [
      { style: 'snake', line: '{n} = "{v}"' },
      { style: 'snake', line: "{n} = '{v}'" },
      { style: 'snake', line: 'db = { host = "db.internal", {n} = "{v}" }' },
    ],
    filler: ['timeout = 30', 'retries = 3', '[logging]'],
  },
  {
    id: 'webconfig', path: 'src/Web/Web.config',
    header: ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <appSettings>'],
    footer: ['  </appSettings>', '</configuration>'],
    templates: [
      { style: 'pascal', line: '    <add key="{n}" value="{v}" />' },
      { style: 'camel', line: '    <{n}>{v}</{n}>' },
      { style: 'camel', line: "    <setting name=\"{n}\" serializeAs=\"String\"><value>{v}</value></setting>" },
    ],
    filler: ['    <add key="Environment" value="Production" />', '    <!-- managed by ops -->'],
  },
  {
    id: 'json', path: 'config/appsettings.Production.json',
    header: ['{', '  "Logging": { "LogLevel": { "Default": "Warning" } },'],
    footer: ['  "AllowedHosts": "*"', '}'],
    templates: [
      { style: 'pascal', line: '  "{n}": "{v}",' },
      { style: 'camel', line: '  "Service": { "{n}": "{v}" },' },
      { style: 'snake', line: '  "{n}":"{v}",' },
    ],
    filler: ['  "Kestrel": { "Limits": { "MaxConcurrentConnections": 100 } },', '  "FeatureFlags": [],'],
  },
  {
    id: 'python', path: 'app/settings/production.py',
    header: ['import os', 'from pathlib import Path', ''],
    templates: [
      { style: 'screaming', line: '{n} = "{v}"' },
      { style: 'snake', line: "{n}: str = '{v}'" },
      { style: 'snake', line: 'client = boto3.client("s3", {n}="{v}")' },
      { style: 'snake', line: 'DATABASES = {"default": {"{n}": "{v}"}}' },
    ],
    filler: ['BASE_DIR = Path(__file__).resolve().parent', 'DEBUG = False', 'ALLOWED_HOSTS = ["*"]'],
  },
  {
    id: 'javascript', path: 'server/config.js',
    header: ["'use strict';", ''],
    templates: [
      { style: 'camel', line: 'const {n} = "{v}";' },
      { style: 'camel', line: "module.exports.{n} = '{v}';" },
      { style: 'camel', line: 'const client = new Client({ {n}: "{v}" });' },
    ],
    filler: ['const PORT = 3000;', 'app.listen(PORT);'],
  },
  {
    id: 'typescript', path: 'src/lib/env.ts',
    header: ["import { z } from 'zod';", ''],
    templates: [
      { style: 'camel', line: "export const {n}: string = '{v}';" },
      { style: 'camel', line: '  readonly {n} = "{v}";' },
      { style: 'screaming', line: "const {n} = process.env.{n} || '{v}';" },
    ],
    filler: ['export const schema = z.object({});', 'type Env = z.infer<typeof schema>;'],
  },
  {
    id: 'go', path: 'internal/config/defaults.go',
    header: ['package config', ''],
    templates: [
      { style: 'camel', line: '\t{n} := "{v}"' },
      { style: 'camel', line: 'var {n} = "{v}"' },
      { style: 'pascal', line: '\t\t{n}: "{v}",' },
      { style: 'camel', line: 'const {n} = `{v}`' },
    ],
    filler: ['func Load() *Config {', '\treturn &Config{}', '}'],
  },
  {
    id: 'java', path: 'src/main/java/com/acme/Credentials.java',
    header: ['package com.acme;', '', 'public final class Credentials {'], footer: ['}'],
    templates: [
      { style: 'screaming', line: '    public static final String {n} = "{v}";' },
      { style: 'camel', line: '    String {n} = "{v}";' },
      { style: 'dotted', line: '    props.put("{n}", "{v}");' },
    ],
    filler: ['    private Credentials() {}', '    // rotated quarterly'],
  },
  {
    id: 'csharp', path: 'src/Acme.Api/Secrets.cs',
    header: ['namespace Acme.Api;', '', 'internal static class Secrets', '{'], footer: ['}'],
    templates: [
      { style: 'pascal', line: '    public const string {n} = "{v}";' },
      { style: 'camel', line: '    var {n} = @"{v}";' },
      { style: 'pascal', line: '    options.{n} = "{v}";' },
    ],
    filler: ['    // see KeyVault for production', '    public static readonly int Retries = 3;'],
  },
  {
    id: 'ruby', path: 'config/initializers/services.rb',
    header: ['# frozen_string_literal: true', ''],
    templates: [
      { style: 'snake', line: "  config.{n} = '{v}'" },
      { style: 'snake', line: '  {n}: "{v}",' },
      { style: 'screaming', line: "{n} = '{v}'.freeze" },
    ],
    filler: ['Rails.application.configure do', 'end'],
  },
  {
    id: 'php', path: 'config/services.php',
    header: ['<?php', '', 'return ['], footer: ['];'],
    templates: [
      { style: 'snake', line: "    '{n}' => '{v}'," },
      { style: 'snake', line: '    "{n}" => "{v}",' },
      { style: 'camel', line: "${n} = '{v}';" },
    ],
    filler: ["    'driver' => 'mysql',", "    'port' => 3306,"],
  },
  {
    id: 'rust', path: 'src/config.rs',
    header: ['use std::env;', ''],
    templates: [
      { style: 'snake', line: '    let {n} = "{v}";' },
      { style: 'snake', line: '    let {n}: &str = "{v}";' },
      { style: 'screaming', line: 'const {n}: &str = "{v}";' },
      { style: 'screaming', line: 'static {n}: &\'static str = "{v}";' },
    ],
    filler: ['fn main() {', '}', '#[derive(Debug)]'],
  },
  {
    id: 'kotlin', path: 'app/src/main/kotlin/com/acme/Keys.kt',
    header: ['package com.acme', ''],
    templates: [
      { style: 'camel', line: '    val {n} = "{v}"' },
      { style: 'screaming', line: 'const val {n} = "{v}"' },
      { style: 'camel', line: '    private val {n}: String = "{v}"' },
    ],
    filler: ['object Keys {', '}'],
  },
  {
    id: 'swift', path: 'App/Sources/Config.swift',
    header: ['import Foundation', ''],
    templates: [
      { style: 'camel', line: '    let {n} = "{v}"' },
      { style: 'camel', line: '    static let {n}: String = "{v}"' },
    ],
    filler: ['enum Config {', '}'],
  },
];

function render(template: string, name: string, value: string): string {
  return template.replace(/\{n\}/g, name).replace(/\{v\}/g, value);
}

// ---------------------------------------------------------------------------------------------
// Values

const PASSWORD_NAMES = ['password', 'db password', 'database password', 'smtp password', 'root password',
  'bind password', 'truststore password', 'pwd', 'postgres password', 'rabbitmq pass', 'passphrase'];
const KEY_NAMES = ['api key', 'secret key', 'access key', 'private key', 'client key', 'encryption key',
  'signing key', 'master key', 'hmac key'];
const SECRET_NAMES = ['client secret', 'access token', 'auth token', 'refresh token', 'webhook secret',
  'jwt secret', 'app secret', 'session secret', 'api token', 'consumer secret', 'credentials'];

const WORDS = ['Tiger', 'Harbor', 'Meadow', 'Copper', 'Velvet', 'Canyon', 'Pepper', 'Lantern'];

function chosenPassword(p: Pick, seed: number): string {
  switch (p.int(4)) {
    case 0: return `${p.one(WORDS)}${p.one(WORDS).toLowerCase()}${p.int(100)}${p.one(['!', '%', '+', '@'])}`;
    case 1: return fakeApiKey(seed, 12 + p.int(8));
    default: return fakePassword(seed, 10 + p.int(10));
  }
}

function keyValue(p: Pick, seed: number): string {
  switch (p.int(4)) {
    case 0: return p.chars(HEX, p.one([32, 48, 64]));
    case 1: return fakeBase64(seed, 44).replace(/[+/]/g, 'Q') + '=';
    default: return fakeApiKey(seed, 28 + p.int(16));
  }
}

function secretValue(p: Pick, seed: number): string {
  switch (p.int(4)) {
    case 0: return Buffer.from(fakeApiKey(seed, 40)).toString('base64url');
    case 1: return `${p.chars(ALNUM, 24)}.${p.chars(ALNUM, 16)}`;
    default: return fakeApiKey(seed, 30 + p.int(20));
  }
}

/** A name that satisfies the rule's context words, in upper snake case. */
function providerEnvName(rule: ProviderRule): string {
  const env = rule.envName;
  if (!rule.context || rule.context.some((w) => env.toLowerCase().includes(w))) return env;
  const word = rule.context.find((w) => /^[a-z_]+$/.test(w)) ?? rule.context[0];
  return `${word.toUpperCase()}_${env}`;
}

/** Provider rules taken in a seeded order, so each run samples the whole catalogue. */
class ProviderSampler {
  private i = 0;
  private readonly order: ProviderRule[];
  constructor(p: Pick) {
    this.order = [...PROVIDER_RULE_DETAILS];
    for (let k = this.order.length - 1; k > 0; k--) {
      const j = p.int(k + 1);
      [this.order[k], this.order[j]] = [this.order[j], this.order[k]];
    }
  }
  next(): ProviderRule {
    const rule = this.order[this.i % this.order.length];
    this.i++;
    return rule;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoys: values in secret-named places that are not secrets.

interface DecoyValue {
  kind: string;
  name: string;
  value: string;
  /** The value holds characters that need quotes. */
  needsQuotes?: boolean;
}

function decoyValue(p: Pick, seed: number, format: Format): DecoyValue {
  const d = (kind: string, name: string, value: string, needsQuotes = false): DecoyValue =>
    ({ kind, name, value, needsQuotes });
  const pw = p.one(PASSWORD_NAMES);
  const key = p.one(KEY_NAMES);
  const secret = p.one(SECRET_NAMES);
  const uuid = () => `${p.chars(HEX, 8)}-${p.chars(HEX, 4)}-4${p.chars(HEX, 3)}-a${p.chars(HEX, 3)}-${p.chars(HEX, 12)}`;
  switch (p.int(30)) {
    case 0: return d('uuid', p.one(['client id', 'tenant id', 'subscription id', 'app id']), uuid());
    case 1: return d('git-sha', p.one(['commit sha', 'image revision', 'source version']), p.chars(HEX, 40));
    case 2: return d('sha256-digest', p.one(['token sha256', 'secret checksum', 'artifact digest']),
      p.chars(HEX, 64));
    case 3: return d('sha512-digest', p.one(['password hash sha512', 'checksum']), p.chars(HEX, 128));
    case 4: return d('image-digest', 'image', `acme/api@sha256:${p.chars(HEX, 64)}`);
    case 5: return d('env-reference', pw, p.one(['${DB_PASSWORD}', '${{ secrets.DB_PASSWORD }}',
      '$(DB_PASSWORD)', '%DB_PASSWORD%', '${env:DB_PASSWORD}', '#{db_password}']), true);
    case 6: return d('template', secret, p.one(['{{ .Values.auth.token }}', '{{ secret_token }}',
      "{{ lookup('env', 'API_TOKEN') }}", '<%= ENV["API_TOKEN"] %>', '@@API_TOKEN@@']), true);
    case 7: {
      const reads: Record<string, string> = {
        python: 'os.environ["API_KEY"]', javascript: 'process.env.API_KEY', typescript: 'process.env.API_KEY',
        go: 'os.Getenv("API_KEY")', java: 'System.getenv("API_KEY")', csharp:
          'Environment.GetEnvironmentVariable("API_KEY")', ruby: "ENV.fetch('API_KEY')", php: "getenv('API_KEY')",
        rust: 'env::var("API_KEY")', kotlin: 'System.getenv("API_KEY")',
      };
      return d('env-reference', key, reads[format.id] ?? '${API_KEY}', true);
    }
    case 8: return d('placeholder', key, p.one(['<your-api-key>', '<API_KEY>', 'YOUR_API_KEY_HERE',
      'xxxxxxxxxxxxxxxx', 'sk-xxxxxxxxxxxxxxxxxxxxxxxx', 'INSERT_KEY_HERE', 'replace-with-your-key']));
    case 9: return d('placeholder', pw, p.one(['changeme', '********', 'CHANGEME123', '<password>',
      'your_password', 'P@ssw0rd', 'passw0rd', 'secret123', 'xxxxxxxx', 'TBD', 'none']));
    case 10: return d('example-key', key, `${p.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 12)}EXAMPLE`);
    case 11: return d('identifier', pw, p.one(['passwordField', 'password_hash', 'PASSWORD_MIN_LENGTH',
      'validatePassword', 'resetPasswordToken', 'password-confirmation', 'hashed_password']));
    case 12: return d('identifier', secret, p.one(['accessTokenProvider', 'refresh_token_expires_in',
      'AuthTokenInterceptor', 'client_secret_basic', 'token_endpoint_auth_method', 'X-Api-Key']));
    case 13: return d('i18n', pw, p.one(['Enter your password', 'Mot de passe oublié ?',
      'Das Passwort ist zu kurz', 'La contraseña no coincide', 'Пароль неверный']), true);
    case 14: return d('bcrypt-hash', pw, `$2a$10$${p.chars(BCRYPT, 53)}`, true);
    case 15: return d('argon2-hash', pw,
      `$argon2id$v=19$m=65536,t=3,p=4$${p.chars(B64, 22).replace(/[+/]/g, 'a')}$${
        p.chars(B64, 43).replace(/[+/]/g, 'b')}`, true);
    case 16: return d('version', p.one(['token version', 'api version', 'auth version']),
      `${1 + p.int(9)}.${p.int(30)}.${p.int(100)}-rc.${p.int(9)}`);
    case 17: return d('publishable-key', p.one(['stripe publishable key', 'publishable key']),
      `pk_live_${p.chars(ALNUM, 99)}`);
    case 18: return d('file-path', p.one(['private key path', 'secret file', 'token file', 'key file']),
      p.one(['/run/secrets/db_password', '/etc/letsencrypt/live/acme.io/privkey.pem',
        '~/.ssh/id_ed25519', 'certs/server.key', '/var/run/secrets/kubernetes.io/serviceaccount/token']));
    case 19: return d('css-color', p.one(['password field color', 'token badge color']),
      `#${p.chars('0123456789ABCDEF', 6)}`);
    case 20: return d('long-number', p.one(['access key id', 'token id', 'secret id']),
      p.chars('123456789', 1) + p.chars('0123456789', 17));
    case 21: return d('type-field', pw, p.one(['password', 'new-password', 'current-password']));
    case 22: return d('regex', p.one(['password pattern', 'password regex', 'password policy']),
      p.one(['^(?=.*[A-Z])(?=.*\\d).{8,}$', '^[A-Za-z0-9!@#$%^&*]{12,64}$']), true);
    case 23: return d('url-no-credentials', p.one(['token url', 'auth endpoint', 'secret manager url']),
      `https://login.acme.io/oauth2/v2.0/token?tenant=${p.chars(HEX, 8)}`);
    case 24: return d('near-miss:github-pat-classic', key, nearMiss('github-pat-classic', seed));
    case 25: return d('redacted', secret, p.one(['[REDACTED]', '***REDACTED***', '<redacted>',
      `sk-...${p.chars(ALNUM, 4)}`]), true);
    case 26: return d('base64-image', p.one(['token icon', 'secret badge']),
      `data:image/svg+xml;base64,${fakeBase64(seed, 160)}`);
    case 27: return d('boolean-or-enum', p.one(['password enabled', 'token auth', 'use secret']),
      p.one(['true', 'false', 'required', 'optional', 'enabled']));
    case 28: return d('hash-name', p.one(['password hash algorithm', 'token algorithm']),
      p.one(['bcrypt', 'argon2id', 'HS256', 'RS256', 'pbkdf2_sha256']));
    default: return d('function-name', p.one(['test password', 'password test']),
      p.one(['testPasswordTooShort', 'test_password_reset_flow', 'TestPasswordRotation']));
  }
}

// ---------------------------------------------------------------------------------------------
// Structural cases: secrets that are not `name = value`.

function curlFile(p: Pick, seed: number, corpus: Corpus, providers: ProviderSampler): void {
  const f = new Builder('scripts/api-smoke-test.sh', corpus);
  f.add('#!/usr/bin/env bash', 'set -euo pipefail', '');
  for (let i = 0; i < 12; i++) {
    const s = seed * 31 + i;
    const token = fakeApiKey(s, 40);
    const password = fakePassword(s, 14).replace(/[!#&*?^~$]/g, 'x');
    switch (i % 6) {
      case 0:
        f.positive(`curl -sS -H "Authorization: Bearer ${token}" https://api.acme.io/v1/me`, 'bearer', token);
        break;
      case 1:
        f.positive(`curl -u deploy:${password} https://ci.acme.io/job/build`, 'basic', password);
        break;
      case 2:
        f.positive(`curl --user "admin:${password}" -X POST https://registry.acme.io/v2/`, 'basic', password);
        break;
      case 3:
        f.positive(`curl -H 'X-API-Key: ${token}' https://api.acme.io/v2/items`, 'api-key', token);
        break;
      case 4: {
        const rule = providers.next();
        const value = fakeToken(rule.id, s);
        if (rule.context) {
          f.positive(`export ${providerEnvName(rule)}='${value}'`, 'provider', value, rule.id);
        } else {
          f.positive(`curl -H "Authorization: token ${value}" https://api.acme.io/`, 'provider', value, rule.id);
        }
        break;
      }
      default: {
        const basic = Buffer.from(`svc-${p.chars('abcdef', 4)}:${password}`).toString('base64');
        f.positive(`curl -H "Authorization: Basic ${basic}" https://api.acme.io/`, 'basic', basic);
      }
    }
    f.add(p.one(['echo ok', 'sleep 1', '']));
    // decoys
    switch (i % 4) {
      case 0: f.decoy('curl -H "Authorization: Bearer $API_TOKEN" https://api.acme.io/v1/me', 'env-reference',
        '$API_TOKEN'); break;
      case 1: f.decoy('curl -u "$CI_USER:$CI_PASSWORD" https://ci.acme.io/', 'env-reference', '$CI_PASSWORD');
        break;
      case 2: f.decoy('curl -H "Authorization: Bearer <token>" https://api.acme.io/', 'placeholder', '<token>');
        break;
      default: f.decoy(`curl -H "X-Request-Id: ${p.chars(HEX, 32)}" https://api.acme.io/`, 'request-id',
        'X-Request-Id');
    }
  }
  f.finish();
}

function urlFile(p: Pick, seed: number, corpus: Corpus): void {
  const f = new Builder('config/connections.yaml', corpus);
  f.add('connections:');
  const hosts = ['db.internal:5432', 'mongo-0.acme.net:27017', 'cache.acme.io:6379', 'mq.acme.io:5671'];
  for (let i = 0; i < 16; i++) {
    const s = seed * 17 + i;
    const base = fakePassword(s, 12).replace(/[#?/]/g, 'k');
    const host = p.one(hosts);
    switch (i % 8) {
      case 0: {
        // A raw `@` inside the password: the last `@` before the host ends it.
        const pw = `${base.slice(0, 5)}@${base.slice(5)}`;
        f.positive(`  primary: postgresql://app_user:${pw}@${host}/orders`, 'url-credentials', pw);
        break;
      }
      case 1: {
        const pw = `${base.slice(0, 4)}%40${base.slice(4)}`;
        f.positive(`  replica: "mysql://report:${pw}@${host}/reports"`, 'url-credentials', pw);
        break;
      }
      case 2: {
        const pw = fakeApiKey(s, 24);
        f.positive(`  cache: redis://:${pw}@${host}/0`, 'url-credentials', pw);
        break;
      }
      case 3: {
        const pw = fakeApiKey(s, 20);
        f.positive(`  events: amqps://svc-events:${pw}@${host}/prod`, 'url-credentials', pw);
        break;
      }
      case 4: {
        const pw = fakeApiKey(s, 22);
        f.positive(`  docs: mongodb+srv://reader:${pw}@cluster0.ab1cd.mongodb.net/?retryWrites=true`,
          'url-credentials', pw);
        break;
      }
      case 5: {
        const pw = `${base.slice(0, 6)}@@${base.slice(6)}`;
        f.positive(`  legacy: sqlserver://sa:${pw}@${host};database=legacy`, 'url-credentials', pw);
        break;
      }
      case 6: {
        const pw = fakePassword(s + 3, 16).replace(/[#?/&]/g, 'z');
        f.positive(`  jdbc: jdbc:postgresql://${host}/app?user=app&password=${pw}&ssl=true`, 'password', pw);
        break;
      }
      default: {
        const pw = fakeApiKey(s, 30);
        f.positive(`  mirror: https://ci-bot:${pw}@git.acme.io/platform/infra.git`, 'url-credentials', pw);
      }
    }
    switch (i % 5) {
      case 0: f.decoy(`  health: https://${host}/healthz`, 'url-no-credentials', host); break;
      case 1: f.decoy('  templ: postgres://${DB_USER}:${DB_PASSWORD}@db.internal:5432/app', 'env-reference',
        '${DB_PASSWORD}'); break;
      case 2: f.decoy('  doc: postgres://user:password@localhost:5432/db', 'placeholder', 'password'); break;
      case 3: f.decoy(`  git: git@github.com:acme/${p.chars('abcdefgh', 6)}.git`, 'ssh-remote', 'git@github.com');
        break;
      default: f.decoy('  mail: mailto:security@acme.io', 'email', 'security@acme.io');
    }
  }
  f.finish();
}

function pemFiles(p: Pick, seed: number, corpus: Corpus): void {
  const labels = ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY'];
  // CRLF line endings
  const crlf = new Builder('certs/windows.key', corpus);
  const pem1 = fakePemPrivateKey(seed + 1, labels[0]);
  crlf.positive(pem1.replace(/\n/g, '\r\n'), 'private-key', pem1);
  crlf.finish();
  // YAML block scalar (Helm values)
  const helm = new Builder('charts/api/values-prod.yaml', corpus);
  helm.add('tls:', '  enabled: true');
  const pem2 = fakePemPrivateKey(seed + 2, labels[1]);
  helm.positive(`  key: |\n${pem2.split('\n').map((l) => `    ${l}`).join('\n')}`, 'private-key', pem2);
  const cert = fakePemPrivateKey(seed + 9, 'PRIVATE KEY').replace(/PRIVATE KEY/g, 'CERTIFICATE');
  helm.decoy(`  cert: |\n${cert.split('\n').map((l) => `    ${l}`).join('\n')}`, 'public-key-material',
    '-----BEGIN CERTIFICATE-----');
  helm.finish();
  // Python triple-quoted string
  const py = new Builder('tools/sign.py', corpus);
  const pem3 = fakePemPrivateKey(seed + 3, labels[2]);
  py.positive(`SIGNING_KEY = """${pem3}"""`, 'private-key', pem3);
  py.finish();
  // .env with literal \n escapes
  const env = new Builder('services/auth/.env', corpus);
  const pem4 = fakePemPrivateKey(seed + 4, labels[3]);
  env.positive(`JWT_PRIVATE_KEY="${pem4.replace(/\n/g, '\\n')}"`, 'private-key', pem4);
  const pub = fakePemPrivateKey(seed + 10, 'PUBLIC KEY').replace(/PRIVATE KEY/g, 'PUBLIC KEY');
  env.decoy(`JWT_PUBLIC_KEY="${pub.replace(/\n/g, '\\n')}"`, 'public-key-material', '-----BEGIN PUBLIC KEY-----');
  env.finish();
  // Terraform heredoc
  const tf = new Builder('infra/keys.tf', corpus);
  const pem5 = fakePemPrivateKey(seed + 5, labels[4]);
  tf.add('resource "tls_cert_request" "api" {');
  tf.positive(`  private_key_pem = <<EOT\n${pem5}\nEOT`, 'private-key', pem5);
  tf.add('}');
  tf.finish();
  // JavaScript template literal and JSON escaped
  const js = new Builder('scripts/push.js', corpus);
  const pem6 = fakePemPrivateKey(seed + 6, labels[5]);
  js.positive(`const key = \`${pem6}\`;`, 'private-key', pem6);
  js.finish();
  void p;
}

function notebook(p: Pick, seed: number, corpus: Corpus, providers: ProviderSampler): void {
  const f = new Builder('notebooks/exploration.ipynb', corpus);
  f.add('{', ' "cells": [');
  for (let c = 0; c < 10; c++) {
    f.add('  {', '   "cell_type": "code",', '   "execution_count": null,', '   "metadata": {},',
      '   "outputs": [],', '   "source": [');
    f.add(`    ${JSON.stringify('import requests\n')},`);
    const s = seed * 13 + c;
    if (c % 2 === 0) {
      let code: string;
      let secret: string;
      let category: PositiveCategory;
      let ruleId: string | undefined;
      if (c % 4 === 0) {
        const rule = providers.next();
        secret = fakeToken(rule.id, s);
        code = `${providerEnvName(rule)} = "${secret}"`;
        category = 'provider';
        ruleId = rule.id;
      } else {
        secret = fakeApiKey(s, 36);
        code = `headers = {"Authorization": "Bearer ${secret}"}`;
        category = 'bearer';
      }
      f.positive(`    ${JSON.stringify(`${code}\n`)},`, category, secret, ruleId);
    } else {
      const value = c % 3 === 0 ? 'os.environ[\\"OPENAI_API_KEY\\"]' : p.chars(HEX, 64);
      const code = c % 3 === 0 ? `api_key = ${value}` : `dataset_sha256 = "${value}"`;
      f.decoy(`    ${JSON.stringify(`${code}\n`).replace(/\\\\/g, '\\')},`, 'notebook-decoy', value);
    }
    f.add(`    ${JSON.stringify('resp.json()')}`, '   ]', c === 9 ? '  }' : '  },');
  }
  f.add(' ],', ' "metadata": {"kernelspec": {"name": "python3"}},', ' "nbformat": 4,', ' "nbformat_minor": 5',
    '}');
  f.finish();
}

function wholeFileDecoys(p: Pick, corpus: Corpus): void {
  const lock = new Builder('web/pnpm-lock.yaml', corpus);
  lock.add("lockfileVersion: '9.0'", 'packages:');
  for (let i = 0; i < 8; i++) {
    lock.add(`  left-pad-${i}@1.3.${i}:`);
    const v = `sha512-${p.chars(B64, 86)}==`;
    lock.decoy(`    resolution: {integrity: ${v}}`, 'lockfile-integrity', v);
  }
  lock.finish();
  const gosum = new Builder('go.sum', corpus);
  for (let i = 0; i < 8; i++) {
    const v = `h1:${p.chars(B64, 43)}=`;
    gosum.decoy(`golang.org/x/crypto v0.${20 + i}.0/go.mod ${v}`, 'go-sum', v);
  }
  gosum.finish();
  const cargo = new Builder('Cargo.lock', corpus);
  for (let i = 0; i < 6; i++) {
    cargo.add('[[package]]', `name = "crate${i}"`, 'version = "0.4.2"');
    const v = p.chars(HEX, 64);
    cargo.decoy(`checksum = "${v}"`, 'lockfile-integrity', v);
  }
  cargo.finish();
  const i18n = new Builder('src/locales/en.json', corpus);
  i18n.add('{');
  for (const [k, v] of [['auth.password.label', 'Password'], ['auth.password.tooShort',
    'Password must be at least 12 characters'], ['auth.token.expired', 'Your session token has expired'],
  ['settings.apiKey.help', 'Paste your API key from the dashboard'], ['auth.secret.prompt',
    'Enter the secret shown in your authenticator app']]) {
    i18n.decoy(`  "${k}": "${v}",`, 'i18n', v);
  }
  i18n.add('  "end": ""', '}');
  i18n.finish();
  const html = new Builder('web/login.html', corpus);
  html.decoy('<input type="password" name="password" autocomplete="current-password" required>', 'html-form',
    'current-password');
  html.decoy('<input type="password" id="new-password" pattern="(?=.*\\d)(?=.*[a-z]).{12,}">', 'html-form',
    'new-password');
  html.decoy(`<img alt="token" src="data:image/png;base64,${p.chars(B64, 180)}">`, 'data-uri', 'data:image/png');
  html.finish();
  const tests = new Builder('tests/test_auth.py', corpus);
  tests.decoy('def test_password_too_short(client):', 'function-name', 'test_password_too_short');
  tests.decoy('    assert client.login(password="hunter2") is False', 'test-fixture', 'hunter2');
  tests.decoy('    user.password_hash = make_password("correct horse battery staple")', 'test-fixture',
    'correct horse battery staple');
  tests.decoy('    token = generate_token(user)', 'function-call', 'generate_token(user)');
  tests.finish();
}

// ---------------------------------------------------------------------------------------------

export interface HeldOutOptions {
  seed?: number;
  /** Cases per format file. */
  casesPerFile?: number;
}

/** Builds the held-out corpus in memory. */
export function buildHeldOutCorpus(options: HeldOutOptions = {}): Corpus {
  const seed = options.seed ?? 90210;
  const casesPerFile = options.casesPerFile ?? 30;
  const p = new Pick(mulberry32(seed));
  const providers = new ProviderSampler(p);
  const corpus: Corpus = { files: [], positives: [], decoys: [] };
  let n = 0;
  for (const format of FORMATS) {
    const f = new Builder(format.path, corpus);
    f.add(...format.header);
    for (let c = 0; c < casesPerFile; c++) {
      const s = seed + 1000 + n++;
      f.add(p.one(format.filler));
      const kind = p.int(10);
      if (kind < 5) {
        // A positive, placed in a template the value survives unquoted in.
        let value: string;
        let name: string;
        let category: PositiveCategory;
        let ruleId: string | undefined;
        let template = p.one(format.templates);
        const r = p.int(10);
        if (r < 4) {
          const rule = providers.next();
          value = fakeToken(rule.id, s);
          name = providerEnvName(rule);
          category = 'provider';
          ruleId = rule.id;
          // Provider names stay as the environment variable is spelled, whatever the format's style.
          if (template.style !== 'screaming') template = { ...template, style: 'screaming' };
        } else if (r < 7) {
          value = chosenPassword(p, s);
          name = styled(p.one(PASSWORD_NAMES), template.style);
          category = 'password';
        } else if (r < 9) {
          value = keyValue(p, s);
          name = styled(p.one(KEY_NAMES), template.style);
          category = 'api-key';
        } else {
          value = secretValue(p, s);
          name = styled(p.one(SECRET_NAMES), template.style);
          category = 'secret-token';
        }
        if (template.bare && format.unsafeBare?.test(value)) {
          const quoted = format.templates.find((t) => !t.bare);
          if (quoted) template = { ...quoted, style: template.style };
          else value = value.replace(/[^A-Za-z0-9._+=-]/g, 'y');
        }
        if (ruleId === undefined && name === '') name = 'secret';
        f.positive(render(template.line, name, value), category, value, ruleId);
      } else {
        const decoy = decoyValue(p, s, format);
        let template = p.one(format.templates);
        if (decoy.needsQuotes && template.bare) template = format.templates.find((t) => !t.bare) ?? template;
        f.decoy(render(template.line, styled(decoy.name, template.style), decoy.value), decoy.kind, decoy.value);
      }
    }
    f.add(...(format.footer ?? []));
    f.finish();
  }
  curlFile(p, seed, corpus, providers);
  urlFile(p, seed, corpus);
  pemFiles(p, seed, corpus);
  notebook(p, seed, corpus, providers);
  wholeFileDecoys(p, corpus);
  // JWTs in a few places.
  const jwt = new Builder('config/oidc.properties', corpus);
  for (let i = 0; i < 4; i++) {
    const token = makeHs256({ sub: `svc-${i}`, iat: 1_760_000_000, exp: 2_100_000_000 }, `k-${seed}-${i}`);
    jwt.positive(p.one([`oidc.service.token ${token}`, `oidc.static.jwt=${token}`, `id_token: ${token}`]),
      'jwt', token);
  }
  jwt.finish();
  return corpus;
}
