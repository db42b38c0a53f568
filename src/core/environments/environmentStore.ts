import {
  OAUTH2_TOKEN_FIELDS,
  SECRET_FIELDS,
  secretKey,
  type Credential,
  type CredentialType,
  type Environment,
  type EnvironmentsFile,
  type OAuth2TokenSet,
  type SecretStore,
} from './model';
import {
  ENVIRONMENT_NAME_PATTERN,
  NAME_PATTERN,
  describeProblem,
  editEnvironmentsText,
  isReservedName,
  parseEnvironmentsFile,
  renameKeyInText,
  type FileProblem,
  type ParsedEnvironmentsFile,
} from './environmentsFile';
import type { FileAccess } from './fileAccess';
import type { ImportedEnvironment } from './importers';

export interface ImportResult {
  variables: number;
  credentials: number;
  skipped: { name: string; reason: string }[];
}

/** A refused operation; the message is safe to show (it never contains a secret value). */
export class EnvironmentsError extends Error {}

/** The file has errors, so the store refuses to write it (the user's text would be lost). */
export class EnvironmentsFileError extends EnvironmentsError {
  constructor(readonly problems: FileProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `token-warden.json has ${errors.length} error(s) and was not changed; fix it first: ` +
        errors.slice(0, 3).map(describeProblem).join('; '),
    );
  }
}

export interface EnvironmentStoreOptions {
  files: FileAccess;
  secrets: SecretStore;
  /** Distinguishes workspaces in the (machine-wide) SecretStore. */
  workspaceId: string;
  /** Absolute path of `.vscode/token-warden.json`. */
  filePath: string;
}

export interface LoadedEnvironments extends ParsedEnvironmentsFile {
  exists: boolean;
  text: string;
}

/** The primary secret field of a credential: what `{{name}}` resolves to. */
export function primarySecretField(type: CredentialType): string {
  return type === 'oauth2' ? 'accessToken' : SECRET_FIELDS[type][0];
}

/** Every SecretStore field a credential may own, including cached OAuth2 tokens. */
function ownedFields(credential: Credential): string[] {
  const fields = [...SECRET_FIELDS[credential.type]];
  if (credential.type === 'oauth2') fields.push(...OAUTH2_TOKEN_FIELDS);
  return fields;
}

/** A minimal credential of a type, for values stored before the user described them. */
export function newCredential(type: CredentialType, origins: string[] = []): Credential {
  switch (type) {
    case 'apiKey':
      return { type, in: 'header', name: 'X-API-Key', origins };
    case 'basic':
      return { type, username: '', origins };
    case 'oauth2':
      return { type, grant: 'client_credentials', clientId: '', tokenEndpoint: '', origins };
    default:
      return { type, origins };
  }
}

/**
 * Reads and edits `.vscode/token-warden.json` and the secrets that belong to it.
 * Edits go through jsonc `modify`, so comments and formatting elsewhere survive, and a file
 * with errors is never written. Operations run one at a time.
 */
export class EnvironmentStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(loaded: LoadedEnvironments) => void>();

  constructor(private readonly options: EnvironmentStoreOptions) {}

  get filePath(): string {
    return this.options.filePath;
  }

  /** Called after every successful write by this store. */
  onDidWrite(listener: (loaded: LoadedEnvironments) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async load(): Promise<LoadedEnvironments> {
    const text = await this.options.files.readText(this.options.filePath);
    return { ...parseEnvironmentsFile(text ?? ''), exists: text !== undefined, text: text ?? '' };
  }

  // ---- environments

  async addEnvironment(name: string): Promise<void> {
    checkEnvironmentName(name);
    return this.edit((file, text) => {
      if (file.environments[name]) throw new EnvironmentsError(`environment "${name}" already exists`);
      return editEnvironmentsText(text, ['environments', name], { variables: {}, credentials: {} });
    });
  }

  /** Creates the environment when missing; used before storing into it. */
  async ensureEnvironment(name: string): Promise<void> {
    checkEnvironmentName(name);
    return this.edit((file, text) =>
      file.environments[name]
        ? text
        : editEnvironmentsText(text, ['environments', name], { variables: {}, credentials: {} }),
    );
  }

  async renameEnvironment(oldName: string, newName: string): Promise<void> {
    checkEnvironmentName(newName);
    return this.editWithSecrets((file, text) => {
      const env = requireEnvironment(file, oldName);
      if (oldName === newName) return { text };
      if (file.environments[newName]) throw new EnvironmentsError(`environment "${newName}" already exists`);
      let next = renameKeyInText(text, ['environments', oldName], newName);
      if (file.defaultEnvironment === oldName)
        next = editEnvironmentsText(next, ['defaultEnvironment'], newName);
      const moves = Object.entries(env.credentials).flatMap(([cred, c]) =>
        ownedFields(c).map((field) => ({ from: [oldName, cred, field], to: [newName, cred, field] })),
      );
      return { text: next, copies: moves, deletes: moves.map((m) => m.from) };
    });
  }

  /** Copies variables, credentials and their secrets (not obtained tokens) to a new environment. */
  async duplicateEnvironment(source: string, target: string): Promise<void> {
    checkEnvironmentName(target);
    return this.editWithSecrets((file, text) => {
      const env = requireEnvironment(file, source);
      if (file.environments[target]) throw new EnvironmentsError(`environment "${target}" already exists`);
      const copies = Object.entries(env.credentials).flatMap(([cred, c]) =>
        SECRET_FIELDS[c.type].map((field) => ({ from: [source, cred, field], to: [target, cred, field] })),
      );
      return { text: editEnvironmentsText(text, ['environments', target], env), copies };
    });
  }

  async deleteEnvironment(name: string): Promise<void> {
    return this.editWithSecrets((file, text) => {
      const env = requireEnvironment(file, name);
      let next = editEnvironmentsText(text, ['environments', name], undefined);
      if (file.defaultEnvironment === name)
        next = editEnvironmentsText(next, ['defaultEnvironment'], undefined);
      const deletes = Object.entries(env.credentials).flatMap(([cred, c]) =>
        ownedFields(c).map((field) => [name, cred, field]),
      );
      return { text: next, deletes };
    });
  }

  async setDefaultEnvironment(name: string | undefined): Promise<void> {
    return this.edit((file, text) => {
      if (name !== undefined) requireEnvironment(file, name);
      return editEnvironmentsText(text, ['defaultEnvironment'], name);
    });
  }

  // ---- variables

  /** Adds or changes a variable; creates the environment when missing. */
  async setVariable(env: string, name: string, value: string): Promise<void> {
    checkEnvironmentName(env);
    checkName(name, 'variable');
    return this.edit((file, text) => {
      if (file.environments[env]?.credentials[name]) {
        throw new EnvironmentsError(`"${name}" is already a credential in "${env}"`);
      }
      const base = file.environments[env]
        ? text
        : editEnvironmentsText(text, ['environments', env], { variables: {}, credentials: {} });
      return editEnvironmentsText(base, ['environments', env, 'variables', name], value);
    });
  }

  async renameVariable(env: string, oldName: string, newName: string): Promise<void> {
    checkName(newName, 'variable');
    return this.edit((file, text) => {
      const e = requireEnvironment(file, env);
      if (!(oldName in e.variables)) throw new EnvironmentsError(`no variable "${oldName}" in "${env}"`);
      if (oldName === newName) return text;
      assertNameFree(e, env, newName);
      return renameKeyInText(text, ['environments', env, 'variables', oldName], newName);
    });
  }

  async duplicateVariable(env: string, name: string, targetEnv: string, targetName = name): Promise<void> {
    checkName(targetName, 'variable');
    return this.edit((file, text) => {
      const value = requireEnvironment(file, env).variables[name];
      if (value === undefined) throw new EnvironmentsError(`no variable "${name}" in "${env}"`);
      const target = requireEnvironment(file, targetEnv);
      if (target.credentials[targetName]) {
        throw new EnvironmentsError(`"${targetName}" is already a credential in "${targetEnv}"`);
      }
      if (env === targetEnv && name === targetName) return text;
      return editEnvironmentsText(text, ['environments', targetEnv, 'variables', targetName], value);
    });
  }

  async deleteVariable(env: string, name: string): Promise<void> {
    return this.edit((file, text) => {
      if (!(name in requireEnvironment(file, env).variables)) {
        throw new EnvironmentsError(`no variable "${name}" in "${env}"`);
      }
      return editEnvironmentsText(text, ['environments', env, 'variables', name], undefined);
    });
  }

  // ---- credentials

  /**
   * Adds or replaces a credential's description and stores the given secret fields. Fields the
   * new type no longer has are deleted from the SecretStore; fields not given are kept.
   */
  async setCredential(
    env: string,
    name: string,
    credential: Credential,
    secrets: Record<string, string> = {},
  ): Promise<void> {
    checkEnvironmentName(env);
    checkName(name, 'credential');
    for (const field of Object.keys(secrets)) {
      if (!ownedFields(credential).includes(field)) {
        throw new EnvironmentsError(`a ${credential.type} credential has no secret "${field}"`);
      }
    }
    return this.editWithSecrets((file, text) => {
      const e = file.environments[env];
      if (e && name in e.variables)
        throw new EnvironmentsError(`"${name}" is already a variable in "${env}"`);
      const previous = e?.credentials[name];
      const base = e
        ? text
        : editEnvironmentsText(text, ['environments', env], { variables: {}, credentials: {} });
      const next = editEnvironmentsText(
        base,
        ['environments', env, 'credentials', name],
        stripUndefined(credential),
      );
      const stale = previous ? ownedFields(previous).filter((f) => !ownedFields(credential).includes(f)) : [];
      return {
        text: next,
        writes: Object.entries(secrets).map(([field, value]) => ({ key: [env, name, field], value })),
        deletes: stale.map((field) => [env, name, field]),
      };
    });
  }

  async renameCredential(env: string, oldName: string, newName: string): Promise<void> {
    checkName(newName, 'credential');
    return this.editWithSecrets((file, text) => {
      const e = requireEnvironment(file, env);
      const credential = requireCredential(e, env, oldName);
      if (oldName === newName) return { text };
      assertNameFree(e, env, newName);
      const moves = ownedFields(credential).map((field) => ({
        from: [env, oldName, field],
        to: [env, newName, field],
      }));
      return {
        text: renameKeyInText(text, ['environments', env, 'credentials', oldName], newName),
        copies: moves,
        deletes: moves.map((m) => m.from),
      };
    });
  }

  /** Copies a credential and its secrets (not obtained tokens) into another environment. */
  async duplicateCredential(env: string, name: string, targetEnv: string, targetName = name): Promise<void> {
    checkName(targetName, 'credential');
    return this.editWithSecrets((file, text) => {
      const credential = requireCredential(requireEnvironment(file, env), env, name);
      const target = requireEnvironment(file, targetEnv);
      if (env === targetEnv && name === targetName) return { text };
      if (targetName in target.variables) {
        throw new EnvironmentsError(`"${targetName}" is already a variable in "${targetEnv}"`);
      }
      const previous = target.credentials[targetName];
      const copies = SECRET_FIELDS[credential.type].map((field) => ({
        from: [env, name, field],
        to: [targetEnv, targetName, field],
      }));
      return {
        text: editEnvironmentsText(text, ['environments', targetEnv, 'credentials', targetName], credential),
        copies,
        // An overwritten credential's tokens belong to the old definition.
        deletes: previous
          ? ownedFields(previous)
              .filter((f) => !copies.some((c) => c.to[2] === f))
              .map((field) => [targetEnv, targetName, field])
          : [],
      };
    });
  }

  async deleteCredential(env: string, name: string): Promise<void> {
    return this.editWithSecrets((file, text) => {
      const credential = requireCredential(requireEnvironment(file, env), env, name);
      return {
        text: editEnvironmentsText(text, ['environments', env, 'credentials', name], undefined),
        deletes: ownedFields(credential).map((field) => [env, name, field]),
      };
    });
  }

  /**
   * Adds imported variables and credentials to an environment in one write, creating it when
   * missing. Existing entries of the same kind are replaced; a name used by the other kind
   * (a variable where a credential is imported, or the reverse) is skipped and reported.
   */
  async importEnvironment(env: string, imported: ImportedEnvironment): Promise<ImportResult> {
    checkEnvironmentName(env);
    const result: ImportResult = { variables: 0, credentials: 0, skipped: [] };
    return this.editWithSecrets((file, text) => {
      const current = file.environments[env];
      let next = current
        ? text
        : editEnvironmentsText(text, ['environments', env], { variables: {}, credentials: {} });
      const writes: SecretPlan['writes'] = [];
      const deletes: SecretRef[] = [];
      for (const [name, value] of Object.entries(imported.variables)) {
        if (current?.credentials[name]) {
          result.skipped.push({ name, reason: 'already a credential' });
          continue;
        }
        next = editEnvironmentsText(next, ['environments', env, 'variables', name], value);
        result.variables++;
      }
      for (const [name, { credential, secrets }] of Object.entries(imported.credentials)) {
        if (current && name in current.variables) {
          result.skipped.push({ name, reason: 'already a variable' });
          continue;
        }
        next = editEnvironmentsText(
          next,
          ['environments', env, 'credentials', name],
          stripUndefined(credential),
        );
        const previous = current?.credentials[name];
        if (previous) deletes.push(...ownedFields(previous).map((field) => [env, name, field]));
        writes.push(...Object.entries(secrets).map(([field, value]) => ({ key: [env, name, field], value })));
        result.credentials++;
      }
      return { text: next, writes, deletes };
    }).then(() => result);
  }

  /**
   * Stores a value as the credential's primary secret, creating the environment and a
   * credential of `type` when missing (what "Move to SecretStorage as NAME" needs).
   */
  async storeSecretValue(
    env: string,
    name: string,
    value: string,
    type: CredentialType = 'secret',
  ): Promise<void> {
    checkEnvironmentName(env);
    checkName(name, 'credential');
    const { file, hasErrors, problems } = await this.load();
    if (hasErrors) throw new EnvironmentsFileError(problems);
    const existing = file.environments[env]?.credentials[name];
    if (existing) {
      await this.storeSecret(env, name, primarySecretField(existing.type), value);
      return;
    }
    const field = primarySecretField(type);
    await this.setCredential(
      env,
      name,
      newCredential(type),
      field === 'accessToken' ? {} : { [field]: value },
    );
    if (field === 'accessToken') await this.storeTokenSet(env, name, { accessToken: value });
  }

  // ---- secrets

  storeSecret(env: string, credential: string, field: string, value: string): Promise<void> {
    return this.options.secrets.store(this.key(env, credential, field), value);
  }

  getSecret(env: string, credential: string, field: string): Promise<string | undefined> {
    return this.options.secrets.get(this.key(env, credential, field));
  }

  /** All secret fields a credential has stored (obtained tokens included). */
  async getSecrets(env: string, name: string, credential: Credential): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const field of ownedFields(credential)) {
      const value = await this.getSecret(env, name, field);
      if (value !== undefined) out[field] = value;
    }
    return out;
  }

  async getTokenSet(env: string, credential: string): Promise<OAuth2TokenSet | undefined> {
    const json = await this.getSecret(env, credential, 'tokenSet');
    if (!json) return undefined;
    try {
      const parsed = JSON.parse(json) as OAuth2TokenSet;
      return typeof parsed.accessToken === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** Caches obtained tokens: the whole set as JSON plus `accessToken`/`refreshToken` on their own. */
  async storeTokenSet(env: string, credential: string, tokenSet: OAuth2TokenSet): Promise<void> {
    await this.storeSecret(env, credential, 'tokenSet', JSON.stringify(tokenSet));
    await this.storeSecret(env, credential, 'accessToken', tokenSet.accessToken);
    if (tokenSet.refreshToken) await this.storeSecret(env, credential, 'refreshToken', tokenSet.refreshToken);
    else await this.options.secrets.delete(this.key(env, credential, 'refreshToken'));
  }

  async forgetTokens(env: string, credential: string): Promise<void> {
    for (const field of OAUTH2_TOKEN_FIELDS)
      await this.options.secrets.delete(this.key(env, credential, field));
  }

  /**
   * What `{{name}}` means in an environment: a variable's value, or a credential's primary secret
   * (an OAuth2 credential's cached access token). `cred.field` reads one field of a credential,
   * secret (`db.password`) or not (`db.username`).
   */
  async resolveVariable(
    env: Environment | undefined,
    envName: string,
    name: string,
  ): Promise<string | undefined> {
    if (!env) return undefined;
    if (Object.prototype.hasOwnProperty.call(env.variables, name)) return env.variables[name];
    const dot = name.indexOf('.');
    const credName = dot < 0 ? name : name.slice(0, dot);
    const credential = Object.prototype.hasOwnProperty.call(env.credentials, credName)
      ? env.credentials[credName]
      : undefined;
    if (!credential) return undefined;
    const field = dot < 0 ? primarySecretField(credential.type) : name.slice(dot + 1);
    if (ownedFields(credential).includes(field)) return this.getSecret(envName, credName, field);
    const plain = (credential as unknown as Record<string, unknown>)[field];
    return typeof plain === 'string' ? plain : undefined;
  }

  /** Names whose values are secret in an environment (its credentials). */
  listSecretNames(env: Environment | undefined): string[] {
    return env ? Object.keys(env.credentials).sort() : [];
  }

  /** Each credential's primary secret, for exposing secrets as environment variables. */
  async secretValues(env: Environment | undefined, envName: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of this.listSecretNames(env)) {
      const value = await this.resolveVariable(env, envName, name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  // ---- internals

  private key(env: string, credential: string, field: string): string {
    return secretKey(this.options.workspaceId, env, credential, field);
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private edit(change: (file: EnvironmentsFile, text: string) => string): Promise<void> {
    return this.editWithSecrets((file, text) => ({ text: change(file, text) }));
  }

  /**
   * Applies a file change together with secret moves, ordered so that a failure loses nothing:
   * new secrets are written first, then the file, and old secrets are deleted only after the
   * file is safely replaced.
   */
  private editWithSecrets(change: (file: EnvironmentsFile, text: string) => SecretPlan): Promise<void> {
    return this.serialize(async () => {
      const loaded = await this.load();
      if (loaded.hasErrors) throw new EnvironmentsFileError(loaded.problems);
      const plan = change(loaded.file, loaded.text);

      const check = parseEnvironmentsFile(plan.text);
      if (check.hasErrors) {
        const first = check.problems.find((p) => p.severity === 'error')!;
        throw new EnvironmentsError(
          `refused: the change would make token-warden.json invalid (${first.message})`,
        );
      }

      // Copies may overwrite a target's secrets: keep what was there, to restore it on failure.
      const written: { key: string; previous: string | undefined }[] = [];
      const secrets = this.options.secrets;
      for (const { from, to } of plan.copies ?? []) {
        const value = await secrets.get(this.key(from[0], from[1], from[2]));
        if (value === undefined) continue;
        const key = this.key(to[0], to[1], to[2]);
        written.push({ key, previous: await secrets.get(key) });
        await secrets.store(key, value);
      }

      if (plan.text !== loaded.text) {
        try {
          await this.options.files.writeTextAtomic(this.options.filePath, plan.text);
        } catch (err) {
          await rollback();
          throw err;
        }
      }

      const deletes = (plan.deletes ?? []).filter(
        (k) => !written.some((w) => w.key === this.key(k[0], k[1], k[2])),
      );
      for (const [env, cred, field] of deletes) await secrets.delete(this.key(env, cred, field));
      for (const {
        key: [env, cred, field],
        value,
      } of plan.writes ?? [])
        await secrets.store(this.key(env, cred, field), value);

      const after = await this.load();
      for (const listener of this.listeners) listener(after);

      async function rollback() {
        for (const { key, previous } of written.reverse()) {
          if (previous === undefined) await secrets.delete(key);
          else await secrets.store(key, previous);
        }
      }
    });
  }
}

type SecretRef = string[];
interface SecretPlan {
  text: string;
  copies?: { from: SecretRef; to: SecretRef }[];
  deletes?: SecretRef[];
  writes?: { key: SecretRef; value: string }[];
}

function checkEnvironmentName(name: string): void {
  if (!ENVIRONMENT_NAME_PATTERN.test(name) || isReservedName(name)) {
    throw new EnvironmentsError(
      `"${name}" is not a valid environment name: use letters, digits, "_", "-" or "."`,
    );
  }
}

function checkName(name: string, what: 'variable' | 'credential'): void {
  if (isReservedName(name)) throw new EnvironmentsError(`"${name}" is a reserved name; choose another`);
  if (!NAME_PATTERN.test(name)) {
    throw new EnvironmentsError(
      `"${name}" is not a valid ${what} name: start with a letter or "_", ` +
        'then letters, digits, "_" or "-"',
    );
  }
}

function requireEnvironment(file: EnvironmentsFile, name: string): Environment {
  const env = Object.prototype.hasOwnProperty.call(file.environments, name)
    ? file.environments[name]
    : undefined;
  if (!env) throw new EnvironmentsError(`no environment "${name}"`);
  return env;
}

function requireCredential(env: Environment, envName: string, name: string): Credential {
  const credential = Object.prototype.hasOwnProperty.call(env.credentials, name)
    ? env.credentials[name]
    : undefined;
  if (!credential) throw new EnvironmentsError(`no credential "${name}" in "${envName}"`);
  return credential;
}

function assertNameFree(env: Environment, envName: string, name: string): void {
  if (name in env.variables || name in env.credentials) {
    throw new EnvironmentsError(`"${name}" already exists in "${envName}"`);
  }
}

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
