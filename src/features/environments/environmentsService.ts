import * as vscode from 'vscode';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Log } from '../shared/log';
import {
  DEFAULT_ENVIRONMENT,
  type Credential,
  type CredentialType,
  type Environment,
  type OAuth2TokenSet,
  type SecretStore,
} from '../../core/environments/model';
import { EnvironmentStore, type LoadedEnvironments } from '../../core/environments/environmentStore';
import { describeProblem, type FileProblem } from '../../core/environments/environmentsFile';
import { nodeFileAccess } from '../../core/environments/fileAccess';
import { checkSecretStorage, createSecretStore } from './secretStorage';
import type { EnvironmentsApi, OAuth2Provider } from './index';

const ACTIVE_KEY = 'tokenWarden.activeEnvironment';
export const ENVIRONMENTS_FILE = '.vscode/token-warden.json';

/** Implements EnvironmentsApi over the core store, and owns the file watcher and diagnostics. */
export class EnvironmentsService implements EnvironmentsApi, vscode.Disposable {
  readonly workspaceId: string;
  readonly secretStore: SecretStore;
  readonly store: EnvironmentStore;
  readonly ready: Promise<void>;
  readonly fileUri: vscode.Uri;
  readonly workspaceFolder: vscode.WorkspaceFolder | undefined;

  private readonly activeEmitter = new vscode.EventEmitter<string>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeActiveEnvironment = this.activeEmitter.event;
  readonly onDidChange = this.changeEmitter.event;

  private loaded: LoadedEnvironments | undefined;
  private active: string = DEFAULT_ENVIRONMENT;
  private provider: OAuth2Provider | undefined;
  private lastReportedErrors = '';
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('token-warden-environments');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
  ) {
    // Not yet: in a multi-root workspace only the first folder's file is used; needs a folder
    // level in the tree and a folder argument on the API.
    this.workspaceFolder = vscode.workspace.workspaceFolders?.[0];
    // Without a folder there is no .vscode; keep the file in the extension's global storage.
    this.fileUri = this.workspaceFolder
      ? vscode.Uri.joinPath(this.workspaceFolder.uri, ENVIRONMENTS_FILE)
      : vscode.Uri.joinPath(context.globalStorageUri, 'token-warden.json');
    this.workspaceId = createHash('sha256')
      .update(this.workspaceFolder?.uri.toString() ?? 'no-workspace')
      .digest('hex')
      .slice(0, 16);
    this.secretStore = createSecretStore(context.secrets, log);
    this.store = new EnvironmentStore({
      files: nodeFileAccess,
      secrets: this.secretStore,
      workspaceId: this.workspaceId,
      filePath: this.fileUri.fsPath,
    });

    this.disposables.push(this.diagnostics, this.activeEmitter, this.changeEmitter);
    this.disposables.push(this.store.onDidWrite((loaded) => this.apply(loaded)));
    this.disposables.push(
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(`tokenWarden/${this.workspaceId}/`)) this.changeEmitter.fire();
      }),
    );
    this.watchFile();

    this.ready = this.reload();
    void this.ready.then(() => checkSecretStorage(context, this.secretStore, log));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  // ---- EnvironmentsApi

  activeEnvironment(): string {
    return this.active;
  }

  async setActiveEnvironment(name: string): Promise<void> {
    const names = this.environmentNames();
    if (names.length > 0 && !names.includes(name)) throw new Error(`no environment "${name}"`);
    await this.context.workspaceState.update(ACTIVE_KEY, name);
    this.log.info('environments', `active environment: ${name}`);
    this.updateActive();
  }

  environmentNames(): string[] {
    return Object.keys(this.loaded?.file.environments ?? {});
  }

  getEnvironment(name?: string): Environment | undefined {
    const envs = this.loaded?.file.environments ?? {};
    const key = name ?? this.active;
    return Object.prototype.hasOwnProperty.call(envs, key) ? envs[key] : undefined;
  }

  problems(): FileProblem[] {
    return this.loaded?.problems ?? [];
  }

  async resolve(name: string, env?: string): Promise<string | undefined> {
    await this.ready;
    const envName = env ?? this.active;
    return this.store.resolveVariable(this.getEnvironment(envName), envName, name);
  }

  async getCredential(
    name: string,
    env?: string,
  ): Promise<{ credential: Credential; secrets: Record<string, string> } | undefined> {
    await this.ready;
    const envName = env ?? this.active;
    const credentials = this.getEnvironment(envName)?.credentials ?? {};
    if (!Object.prototype.hasOwnProperty.call(credentials, name)) return undefined;
    const credential = credentials[name];
    return { credential, secrets: await this.store.getSecrets(envName, name, credential) };
  }

  async storeSecret(
    env: string,
    credentialName: string,
    value: string,
    type?: CredentialType,
  ): Promise<void> {
    await this.ready;
    this.log.addSecrets(value);
    await this.store.storeSecretValue(env, credentialName, value, type);
    this.log.info('environments', `stored secret "${credentialName}" in "${env}"`);
    this.changeEmitter.fire();
  }

  secretNames(env?: string): string[] {
    return this.store.listSecretNames(this.getEnvironment(env));
  }

  async secretValues(env?: string): Promise<Record<string, string>> {
    await this.ready;
    const envName = env ?? this.active;
    return this.store.secretValues(this.getEnvironment(envName), envName);
  }

  getTokenSet(credentialName: string, env?: string): Promise<OAuth2TokenSet | undefined> {
    return this.store.getTokenSet(env ?? this.active, credentialName);
  }

  async storeTokenSet(credentialName: string, tokenSet: OAuth2TokenSet, env?: string): Promise<void> {
    this.log.addSecrets(tokenSet.accessToken, tokenSet.refreshToken, tokenSet.idToken);
    await this.store.storeTokenSet(env ?? this.active, credentialName, tokenSet);
    this.changeEmitter.fire();
  }

  async forgetTokens(credentialName: string, env?: string): Promise<void> {
    await this.store.forgetTokens(env ?? this.active, credentialName);
    this.log.info('environments', `forgot tokens of "${credentialName}" in "${env ?? this.active}"`);
    this.changeEmitter.fire();
  }

  setOAuth2Provider(provider: OAuth2Provider | undefined): vscode.Disposable {
    this.provider = provider;
    return new vscode.Disposable(() => {
      if (this.provider === provider) this.provider = undefined;
    });
  }

  oauth2Provider(): OAuth2Provider | undefined {
    return this.provider;
  }

  // ---- file

  /** Re-reads the file; reports problems and recomputes the active environment. */
  async reload(): Promise<void> {
    try {
      this.apply(await this.store.load());
    } catch (err) {
      this.log.error('environments', `cannot read ${ENVIRONMENTS_FILE}: ${(err as Error).message}`);
    }
  }

  private apply(loaded: LoadedEnvironments): void {
    this.loaded = loaded;
    this.reportProblems(loaded);
    this.updateActive();
    this.changeEmitter.fire();
  }

  private updateActive(): void {
    const envs = this.loaded?.file.environments ?? {};
    const names = Object.keys(envs);
    const chosen = this.context.workspaceState.get<string>(ACTIVE_KEY);
    const fileDefault = this.loaded?.file.defaultEnvironment;
    const next =
      [chosen, fileDefault, DEFAULT_ENVIRONMENT].find((n) => n !== undefined && names.includes(n)) ??
      names[0] ??
      chosen ??
      DEFAULT_ENVIRONMENT;
    if (next === this.active) return;
    this.active = next;
    this.activeEmitter.fire(next);
  }

  private reportProblems(loaded: LoadedEnvironments): void {
    const doc = this.fileUri;
    this.diagnostics.set(
      doc,
      loaded.problems.map((p) => {
        const range = new vscode.Range(
          p.line - 1,
          p.column - 1,
          p.line - 1,
          p.column - 1 + Math.max(p.length, 1),
        );
        const d = new vscode.Diagnostic(
          range,
          p.message,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'Token Warden';
        return d;
      }),
    );

    const errors = loaded.problems.filter((p) => p.severity === 'error');
    const signature = errors.map(describeProblem).join('\n');
    if (signature === this.lastReportedErrors) return;
    this.lastReportedErrors = signature;
    if (errors.length === 0) return;
    this.log.warn(
      'environments',
      `${ENVIRONMENTS_FILE} has errors; it will not be changed until they are fixed: ` +
        errors.map(describeProblem).join('; '),
    );
    void vscode.window
      .showWarningMessage(
        `Token Warden: ${ENVIRONMENTS_FILE} has ${errors.length} error(s) (first at ${errors[0].line}:` +
          `${errors[0].column}: ${errors[0].message}). It will not be changed until they are fixed.`,
        'Open File',
      )
      .then((choice) => {
        if (choice)
          void vscode.window.showTextDocument(doc, {
            selection: new vscode.Range(
              errors[0].line - 1,
              errors[0].column - 1,
              errors[0].line - 1,
              errors[0].column - 1,
            ),
          });
      });
  }

  private watchFile(): void {
    const pattern = this.workspaceFolder
      ? new vscode.RelativePattern(this.workspaceFolder, ENVIRONMENTS_FILE)
      : new vscode.RelativePattern(path.dirname(this.fileUri.fsPath), path.basename(this.fileUri.fsPath));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.reload(), 100);
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(schedule),
      watcher.onDidCreate(schedule),
      watcher.onDidDelete(schedule),
      new vscode.Disposable(() => timer && clearTimeout(timer)),
    );
  }
}
