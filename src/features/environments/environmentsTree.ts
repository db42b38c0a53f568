import * as vscode from 'vscode';
import type { Credential } from '../../core/environments/model';
import { primarySecretField } from '../../core/environments/environmentStore';
import { describeExpiry } from '../../core/environments/tokenExpiry';
import type { EnvironmentsService } from './environmentsService';

export type EnvironmentsNode =
  | { kind: 'problem'; message: string; line: number; column: number }
  | { kind: 'environment'; env: string }
  | { kind: 'variable'; env: string; name: string }
  | { kind: 'credential'; env: string; name: string; credential: Credential };

const TYPE_LABELS: Record<Credential['type'], string> = {
  secret: 'secret',
  apiKey: 'API key',
  bearer: 'bearer token',
  basic: 'basic auth',
  oauth2: 'OAuth2',
};
const REVEAL_MS = 10_000;
const COUNTDOWN_MS = 30_000;

export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<EnvironmentsNode> {
  private readonly emitter = new vscode.EventEmitter<EnvironmentsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly revealed = new Map<string, string>();

  constructor(private readonly service: EnvironmentsService) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  /** Shows a credential's value in its description for a few seconds. */
  async reveal(node: { env: string; name: string }): Promise<void> {
    const value = await this.service.resolve(node.name, node.env);
    if (value === undefined) {
      void vscode.window.showInformationMessage(`"${node.name}" has no value stored in "${node.env}".`);
      return;
    }
    const key = `${node.env}/${node.name}`;
    this.revealed.set(key, value);
    this.refresh();
    setTimeout(() => {
      this.revealed.delete(key);
      this.refresh();
    }, REVEAL_MS);
  }

  getChildren(node?: EnvironmentsNode): EnvironmentsNode[] {
    if (!node) {
      // A broken file shows its first error on top, so nobody wonders why edits are refused.
      const error = this.service.problems().find((p) => p.severity === 'error');
      const problem: EnvironmentsNode[] = error
        ? [{ kind: 'problem', message: error.message, line: error.line, column: error.column }]
        : [];
      return [
        ...problem,
        ...this.service.environmentNames().map((env): EnvironmentsNode => ({ kind: 'environment', env })),
      ];
    }
    if (node.kind !== 'environment') return [];
    const env = this.service.getEnvironment(node.env);
    if (!env) return [];
    return [
      ...Object.keys(env.variables).map((name): EnvironmentsNode => ({
        kind: 'variable',
        env: node.env,
        name,
      })),
      ...Object.entries(env.credentials).map(([name, credential]): EnvironmentsNode => ({
        kind: 'credential',
        env: node.env,
        name,
        credential,
      })),
    ];
  }

  getParent(node: EnvironmentsNode): EnvironmentsNode | undefined {
    return node.kind === 'environment' || node.kind === 'problem'
      ? undefined
      : { kind: 'environment', env: node.env };
  }

  async getTreeItem(node: EnvironmentsNode): Promise<vscode.TreeItem> {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem('token-warden.json has errors', vscode.TreeItemCollapsibleState.None);
      item.description = `${node.line}:${node.column} ${node.message}`;
      item.tooltip = 'Token Warden does not change the file until this is fixed. Click to open it.';
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      const position = new vscode.Position(node.line - 1, node.column - 1);
      item.command = {
        command: 'vscode.open',
        title: 'Open File',
        arguments: [this.service.fileUri, { selection: new vscode.Range(position, position) }],
      };
      return item;
    }
    if (node.kind === 'environment') {
      const active = node.env === this.service.activeEnvironment();
      const item = new vscode.TreeItem(
        node.env,
        active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `env/${node.env}`;
      item.contextValue = active ? 'environment-active' : 'environment';
      item.description = active ? 'active' : undefined;
      item.iconPath = new vscode.ThemeIcon(active ? 'pass-filled' : 'circle-large-outline');
      item.tooltip = active ? `${node.env} (active environment)` : `${node.env}: click the check to activate`;
      return item;
    }

    const key = `${node.env}/${node.name}`;
    if (node.kind === 'variable') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
      item.id = `var/${key}`;
      item.contextValue = 'variable';
      item.description = this.service.getEnvironment(node.env)?.variables[node.name];
      item.iconPath = new vscode.ThemeIcon('symbol-variable');
      return item;
    }

    const { credential } = node;
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.id = `cred/${key}`;
    item.contextValue = `credential-${credential.type}`;
    item.iconPath = new vscode.ThemeIcon(credential.type === 'oauth2' ? 'shield' : 'key');
    const parts = [TYPE_LABELS[credential.type]];
    const revealed = this.revealed.get(key);
    if (credential.type === 'oauth2') {
      const tokenSet = await this.service.getTokenSet(node.name, node.env);
      parts.push(tokenSet ? describeExpiry(tokenSet.expiresAt, Date.now()) : 'no token');
      if (revealed) parts.push(revealed);
    } else if (revealed) {
      parts.push(revealed);
    } else {
      const stored = await this.service.store.getSecret(
        node.env,
        node.name,
        primarySecretField(credential.type),
      );
      parts.push(stored === undefined ? 'not set' : '••••••••');
    }
    item.description = parts.join(' · ');
    const origins = credential.origins.length > 0 ? credential.origins.join(', ') : 'any (asks first)';
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(
      `${TYPE_LABELS[credential.type]} credential\nsent to: ${origins}` +
        (credential.description ? `\n${credential.description}` : ''),
    );
    return item;
  }
}

export function registerEnvironmentsView(
  context: vscode.ExtensionContext,
  service: EnvironmentsService,
): EnvironmentsTreeProvider {
  const provider = new EnvironmentsTreeProvider(service);
  const view = vscode.window.createTreeView('tokenWarden.environments', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });

  // Token countdowns only move while someone can see them.
  let timer: ReturnType<typeof setInterval> | undefined;
  const updateTimer = () => {
    if (view.visible && !timer) timer = setInterval(() => provider.refresh(), COUNTDOWN_MS);
    if (!view.visible && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  updateTimer();

  const statusBar = vscode.window.createStatusBarItem(
    'tokenWarden.environment',
    vscode.StatusBarAlignment.Left,
    50,
  );
  statusBar.name = 'Token Warden Environment';
  statusBar.command = 'tokenWarden.selectEnvironment';
  const updateStatusBar = () => {
    statusBar.text = `$(server-environment) ${service.activeEnvironment()}`;
    statusBar.tooltip = 'Token Warden: active environment (click to switch)';
    if (
      vscode.workspace.getConfiguration('tokenWarden').get<boolean>('environments.statusBar.enabled', true)
    ) {
      statusBar.show();
    } else {
      statusBar.hide();
    }
  };
  updateStatusBar();

  context.subscriptions.push(
    view,
    statusBar,
    view.onDidChangeVisibility(updateTimer),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tokenWarden.environments.statusBar.enabled')) updateStatusBar();
    }),
    service.onDidChange(() => provider.refresh()),
    service.onDidChangeActiveEnvironment(() => {
      updateStatusBar();
      provider.refresh();
    }),
    new vscode.Disposable(() => timer && clearInterval(timer)),
  );
  return provider;
}
