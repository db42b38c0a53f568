import * as vscode from 'vscode';
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import type { Log } from '../shared/log';
import {
  planFromDotenv,
  planFromHttpClientEnv,
  planFromRestClient,
  type ImportPlan,
  type ImportSource,
} from '../../core/environments/importers';
import { EnvironmentsError } from '../../core/environments/environmentStore';
import { ENVIRONMENT_NAME_PATTERN, detectFormatting } from '../../core/environments/environmentsFile';
import { envExample, removeDotenvKeys } from '../../core/environments/dotenvFile';
import { nodeFileAccess } from '../../core/environments/fileAccess';
import type { EnvironmentsService } from './environmentsService';
import { registerGuardedCommand } from './guardedCommand';

export interface ImportOptions {
  /** Target environment for a `.env` import (default: ask, suggesting the active one). */
  env?: string;
  /** Remove the plaintext copies of imported secrets: true, false, or undefined to ask. */
  removePlaintext?: boolean;
  /** Answers yes to every question: replace an existing file, remove plaintext copies. */
  confirm?: boolean;
  /** REST Client import: use this object instead of the `rest-client.environmentVariables` setting. */
  settings?: unknown;
  /** http-client import: the private file, when not next to the public one. */
  privateFile?: vscode.Uri | string;
}

/** What an import command returns, so tests and callers can check it without reading the UI. */
export interface ImportSummary {
  environments: string[];
  variables: number;
  credentials: number;
  skipped: { env: string; name: string; reason: string }[];
  removedPlaintext: number;
}

const PRIVATE_ENV_FILE = 'http-client.private.env.json';
const PUBLIC_ENV_FILE = 'http-client.env.json';

export function registerImportCommands(
  context: vscode.ExtensionContext,
  log: Log,
  service: EnvironmentsService,
): void {
  const command = (id: string, body: (...args: never[]) => Promise<unknown>) =>
    registerGuardedCommand(log, id, body, undefined);

  context.subscriptions.push(
    command('tokenWarden.importDotenv', async (file?: vscode.Uri | string, options: ImportOptions = {}) => {
      await service.ready;
      const uri = toUri(file) ?? (await pickFile('**/.env*', 'Import which .env file?'));
      if (!uri) return undefined;
      const text = await readRequired(uri);
      const env = options.env ?? (await pickTargetEnvironment());
      if (!env) return undefined;
      const plan = planFromDotenv(text, env);
      const summary = await applyPlan(plan, path.basename(uri.fsPath));
      await offerRemoval(
        plan.plaintext,
        options,
        summary,
        `${plan.plaintext.length} secret line(s) from ` + `${path.basename(uri.fsPath)}`,
        async (sources) => {
          await rewriteIfUnchanged(
            uri,
            text,
            (current) =>
              removeDotenvKeys(
                current,
                sources.map((s) => s.name),
              ).text,
          );
        },
      );
      return summary;
    }),

    command('tokenWarden.importRestClient', async (options: ImportOptions = {}) => {
      await service.ready;
      const config = vscode.workspace.getConfiguration('rest-client');
      const settings = options.settings ?? config.get<unknown>('environmentVariables');
      if (!settings || typeof settings !== 'object' || Object.keys(settings).length === 0) {
        void vscode.window.showInformationMessage(
          'Token Warden: no REST Client environments found in settings ' +
            '(rest-client.environmentVariables).',
        );
        return undefined;
      }
      const plan = planFromRestClient(settings);
      const summary = await applyPlan(plan, 'REST Client settings');
      if (options.settings === undefined) {
        await offerRemoval(
          plan.plaintext,
          options,
          summary,
          `${plan.plaintext.length} secret value(s) from rest-client.environmentVariables`,
          (sources) => removeFromRestClientSettings(sources),
        );
      }
      return summary;
    }),

    command(
      'tokenWarden.importHttpClientEnv',
      async (file?: vscode.Uri | string, options: ImportOptions = {}) => {
        await service.ready;
        let uri =
          toUri(file) ??
          (await pickFile(
            `**/{${PUBLIC_ENV_FILE},${PRIVATE_ENV_FILE}}`,
            'Import which http-client.env.json?',
          ));
        if (!uri) return undefined;
        if (path.basename(uri.fsPath) === PRIVATE_ENV_FILE) {
          uri = vscode.Uri.file(path.join(path.dirname(uri.fsPath), PUBLIC_ENV_FILE));
        }
        const privateUri =
          toUri(options.privateFile) ??
          vscode.Uri.file(path.join(path.dirname(uri.fsPath), PRIVATE_ENV_FILE));
        const publicText = await nodeFileAccess.readText(uri.fsPath);
        const privateText = await nodeFileAccess.readText(privateUri.fsPath);
        if (publicText === undefined && privateText === undefined) {
          throw new EnvironmentsError(
            `neither ${PUBLIC_ENV_FILE} nor ${PRIVATE_ENV_FILE} exists in ` + `${path.dirname(uri.fsPath)}`,
          );
        }
        const plan = planFromHttpClientEnv(publicText, privateText);
        if (plan.errors.length > 0) {
          throw new EnvironmentsError(
            `cannot import, fix these first (nothing was imported): ${plan.errors.join('; ')}`,
          );
        }
        const summary = await applyPlan(plan, PUBLIC_ENV_FILE);
        const files = { public: { uri, text: publicText }, private: { uri: privateUri, text: privateText } };
        await offerRemoval(
          plan.plaintext,
          options,
          summary,
          `${plan.plaintext.length} secret value(s) from ` + `${PRIVATE_ENV_FILE}/${PUBLIC_ENV_FILE}`,
          async (sources) => {
            for (const which of ['private', 'public'] as const) {
              const mine = sources.filter((s) => s.source === which);
              const { uri: target, text } = files[which];
              if (mine.length === 0 || text === undefined) continue;
              await rewriteIfUnchanged(target, text, (current) =>
                mine.reduce(
                  (acc, s) =>
                    jsonc.applyEdits(
                      acc,
                      jsonc.modify(acc, s.path ?? [s.sourceEnv, s.name], undefined, {
                        formattingOptions: detectFormatting(acc),
                      }),
                    ),
                  current,
                ),
              );
            }
          },
        );
        return summary;
      },
    ),

    command(
      'tokenWarden.exportEnvExample',
      async (target?: string | { env?: string }, file?: vscode.Uri | string, options: ImportOptions = {}) => {
        await service.ready;
        const env = typeof target === 'string' ? target : (target?.env ?? service.activeEnvironment());
        const environment = service.getEnvironment(env);
        if (!environment) throw new EnvironmentsError(`no environment "${env}"`);
        const folder = service.workspaceFolder?.uri;
        const uri =
          toUri(file) ??
          (folder
            ? vscode.Uri.joinPath(folder, '.env.example')
            : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file('.env.example') }));
        if (!uri) return undefined;
        const existing = await nodeFileAccess.readText(uri.fsPath);
        if (
          existing !== undefined &&
          !options.confirm &&
          (await vscode.window.showWarningMessage(
            `${path.basename(uri.fsPath)} exists. Replace it with the names of "${env}"?`,
            { modal: true },
            'Replace',
          )) !== 'Replace'
        )
          return undefined;
        await nodeFileAccess.writeTextAtomic(uri.fsPath, envExample(env, environment));
        log.info('environments', `exported the names of "${env}" to ${path.basename(uri.fsPath)}`);
        if (!options.confirm) void vscode.window.showTextDocument(uri);
        return uri.toString();
      },
    ),
  );

  async function applyPlan(plan: ImportPlan, from: string): Promise<ImportSummary> {
    for (const env of Object.values(plan.environments)) {
      for (const c of Object.values(env.credentials)) log.addSecrets(...Object.values(c.secrets));
    }
    const summary: ImportSummary = {
      environments: [],
      variables: 0,
      credentials: 0,
      skipped: [...plan.skipped],
      removedPlaintext: 0,
    };
    for (const [env, imported] of Object.entries(plan.environments)) {
      const result = await service.store.importEnvironment(env, imported);
      summary.environments.push(env);
      summary.variables += result.variables;
      summary.credentials += result.credentials;
      summary.skipped.push(...result.skipped.map((s) => ({ env, ...s })));
    }
    const skippedText =
      summary.skipped.length > 0
        ? `; skipped ${summary.skipped.map((s) => `${s.env}/${s.name} (${s.reason})`).join(', ')}`
        : '';
    log.info(
      'environments',
      `imported from ${from}: ${summary.variables} variable(s), ` +
        `${summary.credentials} secret credential(s) into ` +
        `${summary.environments.join(', ') || 'nothing'}${skippedText}`,
    );
    void vscode.window.showInformationMessage(
      `Token Warden: imported ${summary.variables} variable(s) and ` +
        `${summary.credentials} secret(s) into ${summary.environments.join(', ') || 'no environment'}` +
        (summary.skipped.length > 0 ? ` (${summary.skipped.length} skipped, see log)` : '') +
        '.',
    );
    return summary;
  }

  async function offerRemoval(
    sources: ImportSource[],
    options: ImportOptions,
    summary: ImportSummary,
    what: string,
    remove: (sources: ImportSource[]) => Promise<void>,
  ): Promise<void> {
    if (sources.length === 0 || options.removePlaintext === false) return;
    if (options.removePlaintext !== true && options.confirm !== true) {
      const choice = await vscode.window.showWarningMessage(
        `The imported secrets are now in SecretStorage. Remove the plaintext copies (${what})?`,
        { modal: true },
        'Remove',
      );
      if (choice !== 'Remove') return;
    }
    await remove(sources);
    summary.removedPlaintext = sources.length;
    log.info('environments', `removed ${what}`);
  }

  /**
   * Workspace settings are edited as text (jsonc, comments kept), which works even when REST Client
   * is not installed and its setting is therefore unregistered; user settings can only be changed
   * through the configuration API, which needs the setting registered.
   */
  async function removeFromRestClientSettings(sources: ImportSource[]): Promise<void> {
    const key = 'rest-client.environmentVariables';
    const inspected = vscode.workspace
      .getConfiguration('rest-client')
      .inspect<Record<string, Record<string, unknown>>>('environmentVariables');
    const folder = service.workspaceFolder?.uri;
    const inValue = (value: Record<string, Record<string, unknown>> | undefined) =>
      sources.filter((s) => value?.[s.sourceEnv] && s.name in value[s.sourceEnv]);

    const workspaceSources = inValue(inspected?.workspaceValue);
    if (folder && workspaceSources.length > 0) {
      const settings = vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
      const text = await readRequired(settings);
      await rewriteIfUnchanged(settings, text, (current) =>
        workspaceSources.reduce(
          (acc, s) =>
            jsonc.applyEdits(
              acc,
              jsonc.modify(acc, [key, s.sourceEnv, s.name], undefined, {
                formattingOptions: detectFormatting(acc),
              }),
            ),
          current,
        ),
      );
    }

    const globalSources = inValue(inspected?.globalValue);
    if (globalSources.length > 0) {
      const copy: Record<string, Record<string, unknown>> = JSON.parse(
        JSON.stringify(inspected!.globalValue),
      );
      for (const s of globalSources) delete copy[s.sourceEnv][s.name];
      try {
        await vscode.workspace
          .getConfiguration('rest-client')
          .update('environmentVariables', copy, vscode.ConfigurationTarget.Global);
      } catch {
        throw new EnvironmentsError(
          'could not change the user settings (is REST Client installed?); remove ' +
            `${globalSources.map((s) => `${s.sourceEnv}.${s.name}`).join(', ')} from ${key} by hand`,
        );
      }
    }
  }

  /** Rewrites a file only if it still holds what was imported; an open, unsaved editor also blocks it. */
  async function rewriteIfUnchanged(uri: vscode.Uri, imported: string, change: (text: string) => string) {
    const dirty = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath && d.isDirty);
    if (dirty)
      throw new EnvironmentsError(
        `${path.basename(uri.fsPath)} has unsaved changes; save it and remove ` +
          'the secrets by hand, nothing was removed',
      );
    const current = await nodeFileAccess.readText(uri.fsPath);
    if (current !== imported)
      throw new EnvironmentsError(
        `${path.basename(uri.fsPath)} changed during the import; ` + 'nothing was removed from it',
      );
    await nodeFileAccess.writeTextAtomic(uri.fsPath, change(current));
  }

  async function pickTargetEnvironment(): Promise<string | undefined> {
    const names = service.environmentNames();
    const active = service.activeEnvironment();
    const picks = [active, ...names.filter((n) => n !== active)].map((label) => ({ label }));
    const newEnv = { label: '$(add) New Environment...' };
    const picked = await vscode.window.showQuickPick([...picks, newEnv], {
      placeHolder: 'Import into environment',
    });
    if (!picked) return undefined;
    if (picked !== newEnv) return picked.label;
    return vscode.window.showInputBox({
      prompt: 'Name of the new environment',
      validateInput: (v) =>
        ENVIRONMENT_NAME_PATTERN.test(v) ? undefined : 'Use letters, digits, "_", "-" or ".".',
    });
  }

  async function pickFile(glob: string, placeHolder: string): Promise<vscode.Uri | undefined> {
    const found = await vscode.workspace.findFiles(glob, '**/node_modules/**', 50);
    const browse = { label: '$(folder-opened) Browse...', uri: undefined as vscode.Uri | undefined };
    const picked = await vscode.window.showQuickPick(
      [
        ...found
          .filter((u) => !u.fsPath.endsWith('.example'))
          .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
        browse,
      ],
      { placeHolder },
    );
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
    return (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Import' }))?.[0];
  }
}

function toUri(file: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (!file) return undefined;
  if (typeof file !== 'string') return file;
  return /^[a-z][\w+.-]+:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

async function readRequired(uri: vscode.Uri): Promise<string> {
  const text = await nodeFileAccess.readText(uri.fsPath);
  if (text === undefined) throw new EnvironmentsError(`${uri.fsPath} does not exist`);
  return text;
}
