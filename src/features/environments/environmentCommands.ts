import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import {
  CREDENTIAL_TYPES,
  OAUTH2_GRANTS,
  SECRET_FIELDS,
  type Credential,
  type CredentialType,
  type OAuth2Grant,
} from '../../core/environments/model';
import { EnvironmentsError, primarySecretField } from '../../core/environments/environmentStore';
import {
  ENVIRONMENT_NAME_PATTERN,
  NAME_PATTERN,
  normalizeOrigin,
} from '../../core/environments/environmentsFile';
import type { EnvironmentsService } from './environmentsService';
import type { EnvironmentsNode, EnvironmentsTreeProvider } from './environmentsTree';
import { registerGuardedCommand } from './guardedCommand';

/** A command's target: a tree node, an environment name, or `{ env, name }` from a test or a feature. */
export type Target =
  Exclude<EnvironmentsNode, { kind: 'problem' }> | string | { env?: string; name?: string } | undefined;
export interface CommandOptions {
  /** Skips confirmations (tests, scripted use). */
  confirm?: boolean;
}

/** What `tokenWarden.addCredential` accepts without prompting. */
export type CredentialSpec = Partial<Credential> & {
  type: CredentialType;
  /** Secret fields by name (`token`, `password`, `value`, `clientSecret`). */
  secrets?: Record<string, string>;
  /** Shorthand for the type's primary secret field. */
  value?: string;
};

const TYPE_PICKS: { label: string; type: CredentialType; detail: string }[] = [
  { label: 'Secret', type: 'secret', detail: 'A bare value, used as {{NAME}} or as an environment variable' },
  { label: 'API Key', type: 'apiKey', detail: 'Sent in a header or query parameter' },
  { label: 'Bearer Token', type: 'bearer', detail: 'Authorization: Bearer <token>' },
  { label: 'Basic', type: 'basic', detail: 'User name and password' },
  {
    label: 'OAuth2 Client',
    type: 'oauth2',
    detail: 'Client credentials, authorization code (PKCE), device code…',
  },
];
const SECRET_LABELS: Record<string, string> = {
  value: 'value',
  token: 'token',
  password: 'password',
  clientSecret: 'client secret',
};

export function registerEnvironmentCommands(
  context: vscode.ExtensionContext,
  log: Log,
  service: EnvironmentsService,
  tree: EnvironmentsTreeProvider,
): void {
  const store = service.store;

  const command = (id: string, body: (...args: never[]) => Promise<unknown>) =>
    registerGuardedCommand(log, id, body, false);

  const envOf = async (target: Target, placeHolder: string): Promise<string | undefined> => {
    await service.ready;
    if (typeof target === 'string') return target;
    if (target?.env) return target.env;
    const names = service.environmentNames();
    if (names.length === 0) return 'default';
    const picked = await vscode.window.showQuickPick(
      names.map((label) => ({
        label,
        description: label === service.activeEnvironment() ? 'active' : undefined,
      })),
      { placeHolder },
    );
    return picked?.label;
  };

  const entryOf = async (
    target: Target,
    kind: 'variable' | 'credential' | 'any',
    placeHolder: string,
  ): Promise<{ env: string; name: string; kind: 'variable' | 'credential' } | undefined> => {
    // `{ name }` without an environment means the active one.
    const env =
      typeof target === 'object' && target?.env
        ? target.env
        : typeof target === 'object' && 'name' in target && target.name
          ? service.activeEnvironment()
          : await envOf(target, 'Environment');
    if (!env) return undefined;
    const e = service.getEnvironment(env);
    if (!e) throw new EnvironmentsError(`no environment "${env}"`);
    const kindOf = (name: string) =>
      (name in e.credentials ? 'credential' : 'variable') as 'variable' | 'credential';
    let name = typeof target === 'object' && 'name' in target ? target.name : undefined;
    if (!name) {
      const names = [
        ...(kind !== 'credential' ? Object.keys(e.variables) : []),
        ...(kind !== 'variable' ? Object.keys(e.credentials) : []),
      ];
      name = (
        await vscode.window.showQuickPick(
          names.map((label) => ({ label, description: kindOf(label) })),
          { placeHolder },
        )
      )?.label;
      if (!name) return undefined;
    }
    if (!(name in e.variables) && !(name in e.credentials))
      throw new EnvironmentsError(`no "${name}" in "${env}"`);
    if (kind !== 'any' && kindOf(name) !== kind) throw new EnvironmentsError(`"${name}" is not a ${kind}`);
    return { env, name, kind: kindOf(name) };
  };

  const askName = (prompt: string, pattern: RegExp, value?: string, taken: string[] = []) =>
    vscode.window.showInputBox({
      prompt,
      value,
      validateInput: (v) =>
        !pattern.test(v)
          ? 'Use letters, digits, "_" or "-", starting with a letter or "_".'
          : taken.includes(v)
            ? `"${v}" already exists.`
            : undefined,
    });

  const confirm = async (options: CommandOptions | undefined, message: string, action: string) =>
    options?.confirm === true ||
    (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;

  const otherEnvironment = async (env: string, given: unknown): Promise<string | undefined> => {
    if (typeof given === 'string') return given;
    const names = service.environmentNames().filter((n) => n !== env);
    if (names.length === 0) throw new EnvironmentsError('there is no other environment to copy to');
    return await vscode.window.showQuickPick(names, { placeHolder: 'Copy to environment' });
  };

  context.subscriptions.push(
    // ---- environments
    command('tokenWarden.selectEnvironment', async (name?: string) => {
      await service.ready;
      const addNew = { label: '$(add) Add Environment...', description: undefined as string | undefined };
      const picked =
        name ??
        (
          await vscode.window.showQuickPick(
            [
              ...service.environmentNames().map((label) => ({
                label,
                description: label === service.activeEnvironment() ? 'active' : undefined,
              })),
              addNew,
            ],
            { placeHolder: `Active environment: ${service.activeEnvironment()}` },
          )
        )?.label;
      if (!picked) return false;
      let chosen: string | undefined = picked;
      if (picked === addNew.label) {
        chosen = await askName(
          'Name of the new environment (e.g. dev, staging, prod)',
          ENVIRONMENT_NAME_PATTERN,
          undefined,
          service.environmentNames(),
        );
        if (!chosen) return false;
        await store.addEnvironment(chosen);
      }
      await service.setActiveEnvironment(chosen);
      return true;
    }),
    command('tokenWarden.activateEnvironment', async (target?: Target) => {
      const env = await envOf(target, 'Environment to activate');
      if (!env) return false;
      await service.setActiveEnvironment(env);
      return true;
    }),
    command('tokenWarden.addEnvironment', async (name?: string) => {
      await service.ready;
      const chosen =
        name ??
        (await askName(
          'Name of the new environment (e.g. dev, staging, prod)',
          ENVIRONMENT_NAME_PATTERN,
          undefined,
          service.environmentNames(),
        ));
      if (!chosen) return false;
      await store.addEnvironment(chosen);
      log.info('environments', `added environment "${chosen}"`);
      return true;
    }),
    command('tokenWarden.renameEnvironment', async (target?: Target, newName?: string) => {
      const env = await envOf(target, 'Environment to rename');
      if (!env) return false;
      const chosen =
        newName ??
        (await askName(
          `New name for "${env}"`,
          ENVIRONMENT_NAME_PATTERN,
          env,
          service.environmentNames().filter((n) => n !== env),
        ));
      if (!chosen) return false;
      const wasActive = service.activeEnvironment() === env;
      await store.renameEnvironment(env, chosen);
      if (wasActive) await service.setActiveEnvironment(chosen);
      log.info('environments', `renamed environment "${env}" to "${chosen}"`);
      return true;
    }),
    command('tokenWarden.duplicateEnvironment', async (target?: Target, newName?: string) => {
      const env = await envOf(target, 'Environment to duplicate');
      if (!env) return false;
      const chosen =
        newName ??
        (await askName(
          `Name of the copy of "${env}"`,
          ENVIRONMENT_NAME_PATTERN,
          `${env}-copy`,
          service.environmentNames(),
        ));
      if (!chosen) return false;
      await store.duplicateEnvironment(env, chosen);
      log.info('environments', `duplicated environment "${env}" as "${chosen}"`);
      return true;
    }),
    command('tokenWarden.deleteEnvironment', async (target?: Target, options?: CommandOptions) => {
      const env = await envOf(target, 'Environment to delete');
      if (!env) return false;
      if (
        !(await confirm(
          options,
          `Delete environment "${env}" with its variables, credentials and stored ` +
            'secrets? This cannot be undone.',
          'Delete',
        ))
      )
        return false;
      await store.deleteEnvironment(env);
      log.info('environments', `deleted environment "${env}"`);
      return true;
    }),
    command('tokenWarden.openEnvironmentsFile', async () => {
      // A missing file is created with the default environment; a broken one opens as it is.
      if (!(await store.load()).exists) await store.ensureEnvironment(service.activeEnvironment());
      await vscode.window.showTextDocument(service.fileUri);
      return true;
    }),

    // ---- variables
    command('tokenWarden.addVariable', async (target?: Target, name?: string, value?: string) => {
      const env = await envOf(target, 'Add a variable to environment');
      if (!env) return false;
      const e = service.getEnvironment(env);
      const chosen =
        name ??
        (await askName('Variable name (e.g. baseUrl)', NAME_PATTERN, undefined, [
          ...Object.keys(e?.variables ?? {}),
          ...Object.keys(e?.credentials ?? {}),
        ]));
      if (!chosen) return false;
      const chosenValue =
        value ??
        (await vscode.window.showInputBox({
          prompt: `Value of "${chosen}" (not secret: it is saved in .vscode/token-warden.json)`,
        }));
      if (chosenValue === undefined) return false;
      await store.setVariable(env, chosen, chosenValue);
      log.info('environments', `set variable "${chosen}" in "${env}"`);
      return true;
    }),
    command('tokenWarden.editVariable', async (target?: Target, value?: string) => {
      const entry = await entryOf(target, 'variable', 'Variable to edit');
      if (!entry) return false;
      const chosen =
        value ??
        (await vscode.window.showInputBox({
          prompt: `Value of "${entry.name}" in "${entry.env}"`,
          value: service.getEnvironment(entry.env)?.variables[entry.name],
        }));
      if (chosen === undefined) return false;
      await store.setVariable(entry.env, entry.name, chosen);
      log.info('environments', `changed variable "${entry.name}" in "${entry.env}"`);
      return true;
    }),
    command('tokenWarden.renameVariable', async (target?: Target, newName?: string) =>
      renameEntry(target, newName, 'variable'),
    ),
    command('tokenWarden.duplicateVariable', async (target?: Target, targetEnv?: string) =>
      duplicateEntry(target, targetEnv, 'variable'),
    ),
    command('tokenWarden.deleteVariable', async (target?: Target, options?: CommandOptions) =>
      deleteEntry(target, options, 'variable'),
    ),

    // ---- credentials
    command('tokenWarden.addCredential', async (target?: Target, name?: string, spec?: CredentialSpec) => {
      const env = await envOf(target, 'Add a credential to environment');
      if (!env) return false;
      const e = service.getEnvironment(env);
      const type =
        spec?.type ??
        (await vscode.window.showQuickPick(TYPE_PICKS, { placeHolder: 'Credential type' }))?.type;
      if (!type) return false;
      const chosen =
        name ??
        (await askName('Credential name (used as {{NAME}})', NAME_PATTERN, undefined, [
          ...Object.keys(e?.variables ?? {}),
          ...Object.keys(e?.credentials ?? {}),
        ]));
      if (!chosen) return false;
      const built = spec ? fromSpec({ ...spec, type }) : await askCredential(type, undefined, env);
      if (!built) return false;
      log.addSecrets(...Object.values(built.secrets));
      await store.setCredential(env, chosen, built.credential, built.secrets);
      log.info('environments', `added ${type} credential "${chosen}" in "${env}"`);
      return true;
    }),
    command('tokenWarden.editCredential', async (target?: Target, spec?: Partial<CredentialSpec>) => {
      const entry = await entryOf(target, 'credential', 'Credential to edit');
      if (!entry) return false;
      const current = service.getEnvironment(entry.env)!.credentials[entry.name];
      const built = spec
        ? fromSpec({ ...current, ...spec, type: spec.type ?? current.type } as CredentialSpec)
        : await askCredential(current.type, current, entry.env);
      if (!built) return false;
      log.addSecrets(...Object.values(built.secrets));
      await store.setCredential(entry.env, entry.name, built.credential, built.secrets);
      log.info('environments', `changed credential "${entry.name}" in "${entry.env}"`);
      return true;
    }),
    command('tokenWarden.renameCredential', async (target?: Target, newName?: string) =>
      renameEntry(target, newName, 'credential'),
    ),
    command('tokenWarden.duplicateCredential', async (target?: Target, targetEnv?: string) =>
      duplicateEntry(target, targetEnv, 'credential'),
    ),
    command('tokenWarden.deleteCredential', async (target?: Target, options?: CommandOptions) =>
      deleteEntry(target, options, 'credential'),
    ),

    // ---- values
    command('tokenWarden.copyValue', async (target?: Target, options?: CommandOptions) => {
      const entry = await entryOf(target, 'any', 'Copy the value of');
      if (!entry) return false;
      const value = await service.resolve(entry.name, entry.env);
      if (value === undefined) throw new EnvironmentsError(`"${entry.name}" has no value in "${entry.env}"`);
      if (
        entry.kind === 'credential' &&
        !(await confirm(
          options,
          `Copy the secret "${entry.name}" (${entry.env}) to the clipboard? Other applications can read it.`,
          'Copy',
        ))
      )
        return false;
      await vscode.env.clipboard.writeText(value);
      log.info('environments', `copied the value of "${entry.name}" (${entry.env}) to the clipboard`);
      return true;
    }),
    command('tokenWarden.revealValue', async (target?: Target) => {
      const entry = await entryOf(target, 'credential', 'Reveal the value of');
      if (!entry) return false;
      await tree.reveal(entry);
      return true;
    }),

    // ---- OAuth2
    command('tokenWarden.oauth2GetToken', (target?: Target) =>
      oauth2(target, async (p, env, name) => {
        const tokenSet = await p.getToken(env, name);
        if (tokenSet) await service.storeTokenSet(name, tokenSet, env);
      }),
    ),
    command('tokenWarden.oauth2ShowToken', (target?: Target) =>
      oauth2(target, (p, env, name) => p.showToken(env, name)),
    ),
    command('tokenWarden.oauth2Refresh', (target?: Target) =>
      oauth2(target, async (p, env, name) => {
        const tokenSet = await p.refresh(env, name);
        if (tokenSet) await service.storeTokenSet(name, tokenSet, env);
      }),
    ),
    command('tokenWarden.oauth2Revoke', (target?: Target, options?: CommandOptions) =>
      oauth2(target, async (p, env, name) => {
        if (!(await confirm(options, `Revoke the tokens of "${name}" (${env}) at the server?`, 'Revoke')))
          return;
        await p.revoke(env, name);
        await service.forgetTokens(name, env);
      }),
    ),
    command('tokenWarden.oauth2ForgetTokens', async (target?: Target) => {
      const entry = await entryOf(target, 'credential', 'Forget the tokens of');
      if (!entry) return false;
      await service.forgetTokens(entry.name, entry.env);
      void vscode.window.showInformationMessage(`Token Warden: forgot the cached tokens of "${entry.name}".`);
      return true;
    }),
  );

  async function oauth2(
    target: Target,
    run: (
      p: NonNullable<ReturnType<EnvironmentsService['oauth2Provider']>>,
      env: string,
      name: string,
    ) => Promise<void>,
  ): Promise<boolean> {
    const entry = await entryOf(target, 'credential', 'OAuth2 credential');
    if (!entry) return false;
    if (service.getEnvironment(entry.env)?.credentials[entry.name]?.type !== 'oauth2') {
      throw new EnvironmentsError(`"${entry.name}" is not an OAuth2 credential`);
    }
    const provider = service.oauth2Provider();
    if (!provider) {
      void vscode.window.showInformationMessage('Token Warden: OAuth2 is not available yet in this version.');
      return false;
    }
    await run(provider, entry.env, entry.name);
    return true;
  }

  async function renameEntry(target: Target, newName: string | undefined, kind: 'variable' | 'credential') {
    const entry = await entryOf(target, kind, `${kind === 'variable' ? 'Variable' : 'Credential'} to rename`);
    if (!entry) return false;
    const e = service.getEnvironment(entry.env)!;
    const chosen =
      newName ??
      (await askName(
        `New name for "${entry.name}"`,
        NAME_PATTERN,
        entry.name,
        [...Object.keys(e.variables), ...Object.keys(e.credentials)].filter((n) => n !== entry.name),
      ));
    if (!chosen) return false;
    if (kind === 'variable') await store.renameVariable(entry.env, entry.name, chosen);
    else await store.renameCredential(entry.env, entry.name, chosen);
    log.info('environments', `renamed ${kind} "${entry.name}" to "${chosen}" in "${entry.env}"`);
    return true;
  }

  async function duplicateEntry(
    target: Target,
    targetEnv: string | undefined,
    kind: 'variable' | 'credential',
  ) {
    const entry = await entryOf(target, kind, `${kind === 'variable' ? 'Variable' : 'Credential'} to copy`);
    if (!entry) return false;
    const to = await otherEnvironment(entry.env, targetEnv);
    if (!to) return false;
    if (kind === 'variable') await store.duplicateVariable(entry.env, entry.name, to);
    else await store.duplicateCredential(entry.env, entry.name, to);
    log.info('environments', `copied ${kind} "${entry.name}" from "${entry.env}" to "${to}"`);
    return true;
  }

  async function deleteEntry(
    target: Target,
    options: CommandOptions | undefined,
    kind: 'variable' | 'credential',
  ) {
    const entry = await entryOf(target, kind, `${kind === 'variable' ? 'Variable' : 'Credential'} to delete`);
    if (!entry) return false;
    const what = kind === 'credential' ? 'credential and its stored secrets' : 'variable';
    if (!(await confirm(options, `Delete the ${what} "${entry.name}" from "${entry.env}"?`, 'Delete')))
      return false;
    if (kind === 'variable') await store.deleteVariable(entry.env, entry.name);
    else await store.deleteCredential(entry.env, entry.name);
    log.info('environments', `deleted ${kind} "${entry.name}" from "${entry.env}"`);
    return true;
  }

  /** Guided input for a credential; with `current`, fields are pre-filled and empty secrets keep theirs. */
  async function askCredential(
    type: CredentialType,
    current: Credential | undefined,
    env: string,
  ): Promise<{ credential: Credential; secrets: Record<string, string> } | undefined> {
    const prev = (current ?? {}) as Record<string, unknown>;
    const ask = (prompt: string, value?: unknown, optional = false) =>
      vscode.window.showInputBox({
        prompt,
        value: typeof value === 'string' ? value : undefined,
        validateInput: (v) => (!optional && v.trim() === '' ? 'Required.' : undefined),
      });
    const askUrl = (prompt: string, value?: unknown, optional = false) =>
      vscode.window.showInputBox({
        prompt,
        value: typeof value === 'string' ? value : undefined,
        validateInput: (v) =>
          (optional && v === '') || normalizeOrigin(v) ? undefined : 'Enter an http(s) URL.',
      });
    const askSecret = (field: string, optional = false) =>
      vscode.window.showInputBox({
        prompt:
          `${SECRET_LABELS[field] ?? field}${current ? ' (leave empty to keep the stored value)' : ''}` +
          (optional ? ' (optional)' : ''),
        password: true,
        validateInput: (v) => (!current && !optional && v === '' ? 'Required.' : undefined),
      });

    const fields: Record<string, unknown> = { type };
    const secrets: Record<string, string> = {};
    if (type === 'apiKey') {
      const where = await vscode.window.showQuickPick(['header', 'query'], {
        placeHolder: 'Send the key in',
      });
      if (!where) return undefined;
      const param = await ask(
        where === 'header' ? 'Header name' : 'Query parameter name',
        prev.name ?? (where === 'header' ? 'X-API-Key' : 'api_key'),
      );
      if (!param) return undefined;
      Object.assign(fields, { in: where, name: param });
    } else if (type === 'basic') {
      const username = await ask('User name', prev.username);
      if (username === undefined) return undefined;
      fields.username = username;
    } else if (type === 'oauth2') {
      const grant = await vscode.window.showQuickPick(
        OAUTH2_GRANTS.map((g) => ({ label: g })),
        { placeHolder: 'Grant type' },
      );
      if (!grant) return undefined;
      fields.grant = grant.label as OAuth2Grant;
      const discover = await vscode.window.showQuickPick(
        ['Discover endpoints from an issuer', 'Enter endpoints'],
        { placeHolder: 'Endpoints' },
      );
      if (!discover) return undefined;
      if (discover.startsWith('Discover')) {
        const issuer = await askUrl(
          'Issuer URL (its /.well-known/openid-configuration lists the endpoints)',
          prev.issuer,
        );
        if (!issuer) return undefined;
        fields.issuer = issuer;
      } else {
        const tokenEndpoint = await askUrl('Token endpoint', prev.tokenEndpoint);
        if (!tokenEndpoint) return undefined;
        fields.tokenEndpoint = tokenEndpoint;
        if (grant.label === 'authorization_code') {
          const authorizationEndpoint = await askUrl('Authorization endpoint', prev.authorizationEndpoint);
          if (!authorizationEndpoint) return undefined;
          fields.authorizationEndpoint = authorizationEndpoint;
        }
        if (grant.label === 'device_code') {
          const device = await askUrl('Device authorization endpoint', prev.deviceAuthorizationEndpoint);
          if (!device) return undefined;
          fields.deviceAuthorizationEndpoint = device;
        }
        const revocation = await askUrl('Revocation endpoint (optional)', prev.revocationEndpoint, true);
        if (revocation === undefined) return undefined;
        if (revocation) fields.revocationEndpoint = revocation;
      }
      const clientId = await ask('Client ID', prev.clientId);
      if (!clientId) return undefined;
      fields.clientId = clientId;
      const scopes = await ask(
        'Scopes, separated by spaces (optional)',
        Array.isArray(prev.scopes) ? prev.scopes.join(' ') : undefined,
        true,
      );
      if (scopes === undefined) return undefined;
      if (scopes.trim()) fields.scopes = scopes.trim().split(/\s+/);
      const audience = await ask('Audience (optional)', prev.audience, true);
      if (audience === undefined) return undefined;
      if (audience.trim()) fields.audience = audience.trim();
    }

    for (const field of SECRET_FIELDS[type]) {
      const value = await askSecret(field, type === 'oauth2');
      if (value === undefined) return undefined;
      if (value !== '') secrets[field] = value;
    }

    const suggested =
      current?.origins.join(', ') ??
      normalizeOrigin(service.getEnvironment(env)?.variables.baseUrl ?? '') ??
      '';
    const originsText = await vscode.window.showInputBox({
      prompt: 'Origins this credential may be sent to, separated by commas (empty: ask before each send)',
      value: suggested,
      validateInput: (v) =>
        splitOrigins(v).every((o) => normalizeOrigin(o))
          ? undefined
          : 'Enter origins such as https://api.example.com',
    });
    if (originsText === undefined) return undefined;
    fields.origins = splitOrigins(originsText).map((o) => normalizeOrigin(o)!);
    if (current?.description) fields.description = current.description;
    return { credential: fields as unknown as Credential, secrets };
  }
}

function splitOrigins(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Builds a credential from a scripted spec; missing type-specific fields get the usual defaults. */
function fromSpec(spec: CredentialSpec): { credential: Credential; secrets: Record<string, string> } {
  if (!CREDENTIAL_TYPES.includes(spec.type))
    throw new EnvironmentsError(`unknown credential type "${spec.type}"`);
  const { secrets = {}, value, ...rest } = spec;
  const all = { ...secrets };
  if (value !== undefined) all[primarySecretField(spec.type)] = value;
  const origins = (rest.origins ?? []).map((o) => {
    const origin = normalizeOrigin(o);
    if (!origin) throw new EnvironmentsError(`"${o}" is not an http(s) origin`);
    return origin;
  });
  const defaults: Record<string, unknown> =
    spec.type === 'apiKey'
      ? { in: 'header', name: 'X-API-Key' }
      : spec.type === 'basic'
        ? { username: '' }
        : spec.type === 'oauth2'
          ? { grant: 'client_credentials', clientId: '' }
          : {};
  return { credential: { ...defaults, ...rest, origins } as Credential, secrets: all };
}
