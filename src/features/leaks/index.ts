import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import { registerBaselineCommand } from './baselineCommand';
import { GitHistoryScan } from './gitHistoryScan';
import { GitOrigins } from './gitOrigins';
import { LeakCodeActions, OPEN_REVOCATION_COMMAND } from './leakCodeActions';
import { createDiagnostic, RuleDocs } from './leakDiagnostics';
import { LeakScanner } from './leakScanner';
import { affectsScanning, readLeakSettings } from './leakSettings';
import { LeakStatusBar } from './leakStatusBar';
import { LeakStore } from './leakStore';
import { LeaksView, VIEW_ID } from './leaksView';
import { LiveScanner } from './liveScanner';
import { WorkspaceScanner } from './workspaceScanner';

/**
 * Inline leak warnings: live diagnostics for open documents, a workspace scan kept current by a file
 * watcher, git blame and history checks, the Leaks view, a status bar count and quick fixes.
 */
export function registerLeaks(context: vscode.ExtensionContext, log: Log): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('token-warden');
  const docs = new RuleDocs(context.extensionUri);
  const store = new LeakStore(diagnostics, (leaks, index) => createDiagnostic(leaks, index, docs));
  const scanner = new LeakScanner(log);
  const origins = new GitOrigins(store, log);
  const live = new LiveScanner(store, scanner, origins, log);
  const statusBar = new LeakStatusBar(store);
  const view = new LeaksView(store, context.globalState);
  const history = new GitHistoryScan(store, scanner, log);

  const reloadRules = () =>
    void scanner.reload().then(() => {
      live.rescanOpenDocuments();
      if (workspace.hasScanned) void workspace.scanAll(false);
    });
  const workspace = new WorkspaceScanner(store, scanner, origins, statusBar, log, reloadRules);
  context.subscriptions.push(diagnostics, store, live, statusBar, view, workspace);

  context.subscriptions.push(
    vscode.commands.registerCommand('tokenWarden.scanWorkspace', () => workspace.scanAll(true)),
    vscode.commands.registerCommand('tokenWarden.scanGitHistory', (target?: string | vscode.Uri) =>
      history.run(target),
    ),
    vscode.commands.registerCommand('tokenWarden.showLeaks', () =>
      vscode.commands.executeCommand(`${VIEW_ID}.focus`),
    ),
    // Both return the groups as now shown (masked), which tests and other commands can read.
    vscode.commands.registerCommand('tokenWarden.groupLeaksByFile', async () => {
      await view.setGroupMode('file');
      return view.groups();
    }),
    vscode.commands.registerCommand('tokenWarden.groupLeaksBySeverity', async () => {
      await view.setGroupMode('severity');
      return view.groups();
    }),
    vscode.commands.registerCommand(
      'tokenWarden.revealLeak',
      async (uri: vscode.Uri, range: vscode.Range) => {
        const editor = await vscode.window.showTextDocument(uri, { preview: true });
        editor.selection = new vscode.Selection(range.start, range.end);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      },
    ),
    vscode.commands.registerCommand(OPEN_REVOCATION_COMMAND, (target: unknown) => {
      const url = typeof target === 'string' ? target : view.revokeUrlOf(target);
      if (url) void vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    registerBaselineCommand(store, scanner, live, log),
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'file' },
      new LeakCodeActions(store),
      LeakCodeActions.metadata,
    ),
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'untitled' },
      new LeakCodeActions(store),
      LeakCodeActions.metadata,
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsScanning(event)) reloadRules();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => reloadRules()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => live.rescanOpenDocuments()),
  );

  void scanner.reload().then(() => {
    live.start();
    if (readLeakSettings().onStartup && (vscode.workspace.workspaceFolders?.length ?? 0) > 0) {
      void workspace.scanAll(false);
    }
  });
}
