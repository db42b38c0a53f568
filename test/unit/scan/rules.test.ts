import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDER_RULES, PROVIDER_RULE_DETAILS } from '../../../src/core/scan/rules';
import { GENERIC_RULES } from '../../../src/core/scan/genericRules';
import type { Rule, RuleCategory } from '../../../src/core/scan/types';
import { SEVERITY_ORDER } from '../../../src/core/scan/types';
import {
  fakeToken, fakeTokenInContext, nearMiss, nearMissInContext, placeInContext, placeholder,
} from '../../support/fakeTokens';

const SEEDS = [1, 2, 3];

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

interface Accepted {
  secret: string;
  start: number;
}

/** What the engine does with one rule: keyword prefilter, regex, validator, entropy floor. */
function accepted(rule: Rule, text: string): Accepted[] {
  const lower = text.toLowerCase();
  if (!rule.keywords.some((k) => lower.includes(k))) return [];
  const out: Accepted[] = [];
  for (const m of text.matchAll(rule.pattern)) {
    const secret = m.groups?.secret ?? m[0];
    if (rule.validate && !rule.validate(secret)) continue;
    if (rule.minEntropy !== undefined && entropy(secret) < rule.minEntropy) continue;
    const offset = m.groups?.secret !== undefined ? m[0].lastIndexOf(secret) : 0;
    out.push({ secret, start: (m.index ?? 0) + offset });
  }
  return out;
}

test('the catalogue has at least 150 rules with unique kebab-case ids', () => {
  assert.ok(PROVIDER_RULES.length >= 150, `only ${PROVIDER_RULES.length} rules`);
  const ids = PROVIDER_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
  for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
});

test('every rule is complete: keywords, global regex, https revoke page, env name, severity', () => {
  for (const rule of PROVIDER_RULES) {
    const where = `rule ${rule.id}`;
    assert.ok(rule.title.length > 0 && rule.provider.length > 0, where);
    assert.ok(rule.keywords.length > 0, `${where}: no keywords`);
    for (const k of rule.keywords) {
      assert.equal(k, k.toLowerCase(), `${where}: keyword ${k} is not lower-case`);
      assert.ok(k.length >= 2, `${where}: keyword ${k} too short to prefilter`);
    }
    assert.ok(rule.pattern.global, `${where}: pattern must be global`);
    assert.equal(new URL(rule.revokeUrl).protocol, 'https:', `${where}: revokeUrl`);
    assert.match(rule.envName, /^[A-Z][A-Za-z0-9_]*$/, `${where}: envName`);
    assert.ok(SEVERITY_ORDER.includes(rule.severity), `${where}: severity`);
    if (rule.minEntropy !== undefined) assert.ok(rule.minEntropy > 0 && rule.minEntropy < 6, where);
  }
});

test('every category and every provider the catalogue promises is covered', () => {
  const categories: RuleCategory[] = ['cloud', 'code-hosting', 'chat', 'payments', 'messaging',
    'package-registry',
    'ai', 'observability', 'saas', 'infrastructure', 'database'];
  const present = new Set(PROVIDER_RULES.map((r) => r.category));
  for (const c of categories) assert.ok(present.has(c), `no rule in category ${c}`);

  const providers = new Set(PROVIDER_RULES.map((r) => r.provider));
  const required = ['AWS', 'GCP', 'Azure', 'GitHub', 'GitLab', 'Bitbucket', 'Slack', 'Discord', 'Telegram',
    'Microsoft Teams', 'Stripe', 'Square', 'PayPal / Braintree', 'SendGrid', 'Mailgun', 'Twilio', 'Postmark',
    'npm',
    'PyPI', 'Docker Hub', 'NuGet', 'RubyGems', 'OpenAI', 'Anthropic', 'Hugging Face', 'Datadog', 'New Relic',
    'Sentry', 'Grafana', 'Shopify', 'Atlassian', 'Linear', 'Notion', 'Airtable', 'Okta', 'Auth0',
    'HashiCorp Vault',
    'Doppler', 'Cloudflare', 'DigitalOcean', 'Heroku', 'Vercel', 'Netlify', 'Databricks'];
  for (const p of required) assert.ok(providers.has(p), `no rule for ${p}`);
});

test('every rule finds its generated token in a line of code, and the finding is exactly the token', () => {
  for (const rule of PROVIDER_RULES) {
    for (const seed of SEEDS) {
      const token = fakeToken(rule.id, seed);
      const line = fakeTokenInContext(rule.id, seed);
      const found = accepted(rule, line);
      assert.equal(found.length, 1, `${rule.id} seed ${seed}: expected one finding, got ${found.length}`);
      assert.equal(found[0].secret, token, `${rule.id} seed ${seed}: finding is not the token`);
      assert.equal(found[0].start, line.indexOf(token), `${rule.id} seed ${seed}: wrong offset`);
    }
  }
});

test('a token with one character too few, or a broken checksum/payload, is not reported', () => {
  for (const rule of PROVIDER_RULES) {
    for (const seed of SEEDS) {
      const decoy = nearMiss(rule.id, seed);
      assert.notEqual(decoy, fakeToken(rule.id, seed));
      assert.deepEqual(accepted(rule, nearMissInContext(rule.id, seed)), [],
        `${rule.id} seed ${seed}: near miss was reported`);
    }
  }
});

test('checksum validators reject every single-character change of a valid token', () => {
  const checksummed = PROVIDER_RULE_DETAILS
    .filter((r) => r.validate && /CRC32|bech32/.test(r.checkNote ?? ''));
  assert.ok(checksummed.length >= 7, 'GitHub (5), npm and age rules carry checksums');
  for (const rule of checksummed) {
    const token = fakeToken(rule.id);
    assert.equal(rule.validate?.(token), true, `${rule.id}: generated token must validate`);
    const alphabet = /[a-z]/.test(token) ? 'aZ09' : 'QP9Z';
    const start = token.lastIndexOf('_') + 1 || token.lastIndexOf('1') + 1;
    for (let i = start; i < token.length; i++) {
      const replacement = alphabet[0] === token[i] ? alphabet[1] : alphabet[0];
      const changed = token.slice(0, i) + replacement + token.slice(i + 1);
      assert.equal(rule.validate?.(changed), false, `${rule.id}: change at ${i} not caught`);
    }
  }
});

test('context rules stay quiet without their keyword and on placeholder values', () => {
  for (const rule of PROVIDER_RULE_DETAILS.filter((r) => r.context)) {
    const token = fakeToken(rule.id);
    assert.deepEqual(accepted(rule, `const value = "${token}";`), [], `${rule.id}: matched without context`);
    assert.ok(rule.pattern.test(placeInContext(rule.id, placeholder(rule.id))),
      `${rule.id}: placeholder shape`);
    rule.pattern.lastIndex = 0;
    assert.deepEqual(accepted(rule, placeInContext(rule.id, placeholder(rule.id))), [],
      `${rule.id}: placeholder reported`);
  }
});

test('publishable and public keys are not reported', () => {
  const publishable = 'pk_live_' + fakeToken('stripe-secret-key').slice('sk_live_'.length);
  const mapboxPublic = 'pk.' + fakeToken('mapbox-secret-token').slice('sk.'.length);
  for (const text of [`STRIPE_PUBLISHABLE_KEY="${publishable}"`, `MAPBOX_TOKEN="${mapboxPublic}"`]) {
    for (const rule of PROVIDER_RULES) assert.deepEqual(accepted(rule, text), [],
      `${rule.id} flagged ${text.slice(0, 14)}`);
  }
});

test('a token glued inside a longer run of the same alphabet is not reported', () => {
  for (const rule of PROVIDER_RULE_DETAILS.filter((r) => !r.context)) {
    const token = fakeToken(rule.id);
    if (!/^[A-Za-z0-9]/.test(token) || !/[A-Za-z0-9]$/.test(token)) continue;
    assert.deepEqual(accepted(rule, `x${token}`).filter((f) => f.start === 1), [],
      `${rule.id}: matched after a letter`);
    assert.deepEqual(accepted(rule, `${token}Z9`).filter((f) => f.secret === token), [],
      `${rule.id}: matched before more letters`);
  }
});

/**
 * Patterns are linear-time by construction: only bounded quantifiers, and no quantified group other
 * than an optional one. This checks the construction; scripts/bench-rule-patterns.ts measures it.
 */
test('every pattern uses only bounded quantifiers and never repeats a group', () => {
  for (const rule of PROVIDER_RULES) {
    const source = rule.pattern.source;
    let inClass = false;
    for (let i = 0; i < source.length; i++) {
      const c = source[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (inClass) {
        if (c === ']') inClass = false;
        continue;
      }
      if (c === '[') inClass = true;
      else if (c === '*' || c === '+') assert.fail(`${rule.id}: unbounded quantifier at ${i}`);
      else if (c === '{') {
        const bound = /^\{(\d+)(?:,(\d+))?\}/.exec(source.slice(i));
        assert.ok(bound, `${rule.id}: open-ended quantifier at ${i}`);
        assert.ok(Number(bound[2] ?? bound[1]) <= 2048, `${rule.id}: quantifier bound too large`);
        assert.notEqual(source[i - 1], ')', `${rule.id}: repeated group at ${i}`);
      }
    }
  }
});

test('docs/rules.md has a section for every rule and nothing else', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');
  const anchors = [...doc.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]);
  assert.deepEqual([...anchors].sort(), [...PROVIDER_RULES, ...GENERIC_RULES].map((r) => r.id).sort(),
    'docs/rules.md is stale: run npm run docs:rules');
  for (const rule of PROVIDER_RULES) assert.deepEqual(accepted(rule, doc), [],
    `docs show a ${rule.id} token`);
});

test('Azure DevOps PATs under dotted and kebab-case names (Spring properties, Key Vault secret names)', () => {
  const rule = PROVIDER_RULES.find((r) => r.id === 'azure-devops-pat');
  assert.ok(rule);
  const token = fakeToken('azure-devops-pat');
  for (const line of [`azure.devops.pat=${token}`, `azure-devops-pat: ${token}`]) {
    assert.deepEqual(accepted(rule, line).map((a) => a.secret), [token], line);
  }
});
