import { parse as parseDotenv } from 'dotenv';
import * as jsonc from 'jsonc-parser';
import type { Credential, OAuth2Credential, OAuth2Grant } from './model';
import { NAME_PATTERN, ENVIRONMENT_NAME_PATTERN, lineColumnAt, normalizeOrigin } from './environmentsFile';
import { isSecret, looksLikeJwt, nameWords, publicByName } from './secretClassifier';
import { unterminatedQuotes } from './dotenvFile';

/** Where an imported value came from, so the plaintext copy can be removed afterwards. */
export interface ImportSource {
  /** `.env`, `settings`, `public` (http-client.env.json) or `private` (http-client.private.env.json). */
  source: string;
  /** The environment key in the source (`$shared` included). */
  sourceEnv: string;
  name: string;
  /** JSON path of the value in the source when it is not `[sourceEnv, name]`. */
  path?: string[];
}

export interface ImportedCredential {
  credential: Credential;
  secrets: Record<string, string>;
}

export interface ImportedEnvironment {
  variables: Record<string, string>;
  credentials: Record<string, ImportedCredential>;
}

export interface ImportPlan {
  environments: Record<string, ImportedEnvironment>;
  /** Plaintext copies of the values that became secrets. */
  plaintext: ImportSource[];
  skipped: { env: string; name: string; reason: string }[];
  /** Syntax errors in the inputs, as `file line:column message`; nothing is imported from such a file. */
  errors: string[];
}

interface RawEntry extends ImportSource {
  value: string;
  /** Values from a file kept out of git are secret unless they clearly describe a place. */
  private: boolean;
}

// ---- sources

/** A `.env` file (parsed by dotenv) into one environment. */
export function planFromDotenv(text: string, env: string): ImportPlan {
  // dotenv would import a half-written value as literal text, and the lines after it as keys.
  const open = unterminatedQuotes(text);
  if (open.length > 0) {
    return emptyPlan(
      open.map((q) => `.env ${q.line}:${q.column} the value of ${q.name} opens a quote that is never closed`),
    );
  }
  const values = parseDotenv(text);
  const entries = Object.entries(values).map(([name, value]): RawEntry => ({
    source: '.env',
    sourceEnv: '',
    name,
    value,
    private: false,
  }));
  return buildPlan(new Map([[env, entries]]), []);
}

/**
 * REST Client's `rest-client.environmentVariables`: `$shared` values are copied into every
 * environment, and an environment's own value wins over `$shared` (REST Client's own rule).
 */
export function planFromRestClient(settings: unknown): ImportPlan {
  const skipped: ImportPlan['skipped'] = [];
  if (!isObject(settings)) return emptyPlan(['rest-client.environmentVariables is not an object']);
  const shared = readFlat(settings.$shared, '$shared', 'settings', false, skipped);
  const envs = new Map<string, RawEntry[]>();
  for (const [env, values] of Object.entries(settings)) {
    if (env === '$shared') continue;
    envs.set(env, [...shared, ...readFlat(values, env, 'settings', false, skipped)]);
  }
  return buildPlan(envs, [], skipped);
}

/**
 * JetBrains / httpYac `http-client.env.json` plus `http-client.private.env.json`.
 *
 * Precedence, lowest first: public `$shared`, private `$shared`, public environment, private
 * environment. So an environment's own value beats a shared one, and at the same level the
 * private file wins: it holds the user's local overrides and secrets (JetBrains does the same).
 * Values from the private file are treated as secrets unless they are URLs, numbers, booleans,
 * or their name says what they are (`host`, `tokenUrl`).
 */
export function planFromHttpClientEnv(
  publicText: string | undefined,
  privateText: string | undefined,
): ImportPlan {
  const errors: string[] = [];
  const skipped: ImportPlan['skipped'] = [];
  const pub = readJsonFile(publicText, 'http-client.env.json', errors);
  const priv = readJsonFile(privateText, 'http-client.private.env.json', errors);
  if (errors.length > 0) return emptyPlan(errors);

  const envNames = [...new Set([...Object.keys(pub), ...Object.keys(priv)])].filter((e) => e !== '$shared');
  const envs = new Map<string, RawEntry[]>();
  const security = new Map<string, Record<string, Record<string, unknown>>>();
  const secretSources = new Map<string, ImportSource[]>();
  const layer = (
    file: Record<string, unknown>,
    env: string,
    source: string,
    isPrivate: boolean,
    into: string,
  ) => {
    const values = file[env];
    if (values === undefined) return [];
    if (isObject(values) && isObject(values.Security)) {
      mergeSecurity(security, into, values.Security.Auth, (id) => {
        const key = `${into}\0${id}`;
        secretSources.set(key, [
          ...(secretSources.get(key) ?? []),
          { source, sourceEnv: env, name: id, path: [env, 'Security', 'Auth', id, 'Client Secret'] },
        ]);
      });
    }
    const flat = isObject(values)
      ? Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'Security'))
      : values;
    return readFlat(flat, env, source, isPrivate, skipped);
  };
  for (const env of envNames) {
    envs.set(env, [
      ...layer(pub, '$shared', 'public', false, env),
      ...layer(priv, '$shared', 'private', true, env),
      ...layer(pub, env, 'public', false, env),
      ...layer(priv, env, 'private', true, env),
    ]);
  }
  const plan = buildPlan(envs, errors, skipped);
  for (const [env, auths] of security) {
    for (const [id, auth] of Object.entries(auths)) {
      if (addJetBrainsOAuth2(plan, env, id, auth))
        plan.plaintext.push(...(secretSources.get(`${env}\0${id}`) ?? []));
    }
  }
  plan.plaintext = dedupe(plan.plaintext);
  return plan;
}

// ---- plan building

function buildPlan(
  envs: Map<string, RawEntry[]>,
  errors: string[],
  skipped: ImportPlan['skipped'] = [],
): ImportPlan {
  const plan: ImportPlan = { environments: {}, plaintext: [], skipped, errors };
  for (const [env, entries] of envs) {
    if (!ENVIRONMENT_NAME_PATTERN.test(env)) {
      skipped.push({ env, name: '*', reason: 'environment name must use letters, digits, "_", "-" or "."' });
      continue;
    }
    // Later entries win; remember every source of a name so all its plaintext copies are known.
    const final = new Map<string, RawEntry>();
    const sources = new Map<string, RawEntry[]>();
    for (const entry of entries) {
      if (!NAME_PATTERN.test(entry.name)) {
        skipped.push({ env, name: entry.name, reason: `name must match ${NAME_PATTERN.source}` });
        continue;
      }
      final.set(entry.name, entry);
      sources.set(entry.name, [...(sources.get(entry.name) ?? []), entry]);
    }

    const target: ImportedEnvironment = { variables: {}, credentials: {} };
    const secretNames = [...final.values()].filter(classifySecret).map((e) => e.name);
    for (const entry of final.values()) {
      if (!secretNames.includes(entry.name)) {
        target.variables[entry.name] = entry.value;
        continue;
      }
      target.credentials[entry.name] = credentialFor(entry, final, secretNames);
      plan.plaintext.push(
        ...(sources.get(entry.name) ?? []).map(({ source, sourceEnv, name }) => ({
          source,
          sourceEnv,
          name,
        })),
      );
    }
    plan.environments[env] = target;
  }
  plan.plaintext = dedupe(plan.plaintext);
  return plan;
}

function classifySecret(entry: RawEntry): boolean {
  if (entry.value === '' || entry.value.includes('{{')) return false;
  if (entry.private) {
    const describesPlace =
      normalizeOrigin(entry.value) !== undefined || /^(\d+|true|false)$/.test(entry.value);
    return !describesPlace && !publicByName(entry.name);
  }
  return isSecret(entry.name, entry.value);
}

/**
 * Bearer for JWTs and names that say so; basic when a password has a user-name sibling
 * (`DB_PASSWORD` + `DB_USER`), keeping the password's name so `{{DB_PASSWORD}}` still works.
 */
function credentialFor(
  entry: RawEntry,
  all: Map<string, RawEntry>,
  secretNames: string[],
): ImportedCredential {
  const words = nameWords(entry.name);
  if (
    looksLikeJwt(entry.value) ||
    words.includes('bearer') ||
    (words.includes('access') && words[words.length - 1] === 'token')
  ) {
    return { credential: { type: 'bearer', origins: [] }, secrets: { token: entry.value } };
  }
  const last = words[words.length - 1];
  if (['password', 'passwd', 'pwd', 'pass'].includes(last)) {
    const prefix = words.slice(0, -1).join('_');
    const sibling = [...all.values()].find(
      (e) =>
        !secretNames.includes(e.name) &&
        ['user', 'username', 'login'].some(
          (u) => nameWords(e.name).join('_') === (prefix ? `${prefix}_${u}` : u),
        ),
    );
    if (sibling) {
      return {
        credential: { type: 'basic', username: sibling.value, origins: [] },
        secrets: { password: entry.value },
      };
    }
  }
  return { credential: { type: 'secret', origins: [] }, secrets: { value: entry.value } };
}

// ---- JetBrains OAuth2 ("Security": { "Auth": { "<id>": { "Type": "OAuth2", ... } } })

const JETBRAINS_GRANTS: Record<string, OAuth2Grant> = {
  'client credentials': 'client_credentials',
  'authorization code': 'authorization_code',
  'device authorization': 'device_code',
  'device code': 'device_code',
};

function mergeSecurity(
  into: Map<string, Record<string, Record<string, unknown>>>,
  env: string,
  auth: unknown,
  onClientSecret: (id: string) => void,
) {
  if (!isObject(auth)) return;
  const current = into.get(env) ?? {};
  for (const [id, config] of Object.entries(auth)) {
    if (!isObject(config)) continue;
    current[id] = { ...(current[id] ?? {}), ...config };
    if (typeof config['Client Secret'] === 'string') onClientSecret(id);
  }
  into.set(env, current);
}

/** Adds the credential; false when it was skipped. */
function addJetBrainsOAuth2(
  plan: ImportPlan,
  env: string,
  id: string,
  auth: Record<string, unknown>,
): boolean {
  const target = plan.environments[env];
  const name = id.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  const str = (key: string) => (typeof auth[key] === 'string' ? (auth[key] as string) : undefined);
  if (!target) return false;
  if (String(auth.Type ?? '').toLowerCase() !== 'oauth2') {
    plan.skipped.push({ env, name: id, reason: `auth type "${String(auth.Type)}" is not supported` });
    return false;
  }
  const grant = JETBRAINS_GRANTS[String(auth['Grant Type'] ?? '').toLowerCase()];
  if (!grant) {
    plan.skipped.push({ env, name: id, reason: `grant "${String(auth['Grant Type'])}" is not supported` });
    return false;
  }
  if (name in target.variables || name in target.credentials) {
    plan.skipped.push({ env, name: id, reason: 'the name is already used by a variable' });
    return false;
  }
  const credential: OAuth2Credential = {
    type: 'oauth2',
    grant,
    clientId: str('Client ID') ?? '',
    origins: [],
  };
  if (str('Token URL')) credential.tokenEndpoint = str('Token URL');
  if (str('Auth URL')) credential.authorizationEndpoint = str('Auth URL');
  if (str('Device Auth URL')) credential.deviceAuthorizationEndpoint = str('Device Auth URL');
  if (str('Redirect URL')) credential.redirectUri = str('Redirect URL');
  if (str('Audience')) credential.audience = str('Audience');
  if (str('Scope')) credential.scopes = str('Scope')!.split(/\s+/).filter(Boolean);
  if (!credential.tokenEndpoint) {
    plan.skipped.push({ env, name: id, reason: 'no "Token URL"' });
    return false;
  }
  const secret = str('Client Secret');
  target.credentials[name] = { credential, secrets: secret ? { clientSecret: secret } : {} };
  return secret !== undefined;
}

// ---- helpers

function readFlat(
  values: unknown,
  env: string,
  source: string,
  isPrivate: boolean,
  skipped: ImportPlan['skipped'],
): RawEntry[] {
  if (values === undefined) return [];
  if (!isObject(values)) {
    skipped.push({ env, name: '*', reason: 'not an object of values' });
    return [];
  }
  const out: RawEntry[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out.push({ source, sourceEnv: env, name, value: String(value), private: isPrivate });
    } else {
      skipped.push({ env, name, reason: 'only strings, numbers and booleans can be imported' });
    }
  }
  return out;
}

function readJsonFile(text: string | undefined, label: string, errors: string[]): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  const parseErrors: jsonc.ParseError[] = [];
  const value = jsonc.parse(text, parseErrors, { allowTrailingComma: true }) as unknown;
  for (const e of parseErrors) {
    const { line, column } = lineColumnAt(text, e.offset);
    errors.push(`${label} ${line}:${column} ${jsonc.printParseErrorCode(e.error)}`);
  }
  if (parseErrors.length === 0 && !isObject(value))
    errors.push(`${label}: expected an object of environments`);
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emptyPlan(errors: string[]): ImportPlan {
  return { environments: {}, plaintext: [], skipped: [], errors };
}

function dedupe(sources: ImportSource[]): ImportSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.source}\0${s.sourceEnv}\0${s.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
