import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  HISTORY_GROUP_KEY,
  groupLeaks,
  type GroupMode,
  type LeakEntry,
  type LeakGroup,
} from '../../core/leaks/grouping';
import { commitDate, shortSha } from '../../core/leaks/leakMessage';
import { maskSecret } from '../../core/redact';
import { findingRange } from './leakDiagnostics';
import type { LeakStore } from './leakStore';

export const VIEW_ID = 'tokenWarden.leaks';
const GROUP_MODE_KEY = 'tokenWarden.leaks.groupBy';
const GROUP_CONTEXT_KEY = 'tokenWarden.leaksGroupedBy';

interface EntryNode {
  kind: 'entry';
  entry: LeakEntry;
  uri?: vscode.Uri;
  range?: vscode.Range;
  revokeUrl: string;
}

type Node = { kind: 'group'; group: LeakGroup } | EntryNode;

/** The Leaks view: findings grouped by severity or by file; secrets in it are masked. */
export class LeaksView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly entryNodes = new Map<string, EntryNode>();
  private mode: GroupMode;
  private readonly disposables: vscode.Disposable[] = [];
  readonly treeView: vscode.TreeView<Node>;

  constructor(
    private readonly store: LeakStore,
    private readonly state: vscode.Memento,
  ) {
    this.mode = state.get<GroupMode>(GROUP_MODE_KEY) === 'file' ? 'file' : 'severity';
    void vscode.commands.executeCommand('setContext', GROUP_CONTEXT_KEY, this.mode);
    this.treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.treeView,
      this.emitter,
      store.onDidChange(() => this.refresh()),
    );
    this.refresh();
  }

  get groupMode(): GroupMode {
    return this.mode;
  }

  async setGroupMode(mode: GroupMode): Promise<void> {
    this.mode = mode;
    await this.state.update(GROUP_MODE_KEY, mode);
    await vscode.commands.executeCommand('setContext', GROUP_CONTEXT_KEY, mode);
    this.emitter.fire(undefined);
  }

  /** The groups as shown, for tests and the output summary. */
  groups(): LeakGroup[] {
    this.entryNodes.clear();
    const current: LeakEntry[] = [];
    for (const leaks of this.store.all()) {
      const relative = vscode.workspace.asRelativePath(leaks.uri);
      for (const finding of leaks.findings) {
        const id = `${leaks.uri.toString()}#${finding.line}:${finding.column}:${finding.ruleId}`;
        const entry: LeakEntry = {
          id,
          path: relative,
          ruleId: finding.ruleId,
          title: finding.title,
          severity: finding.severity,
          line: finding.line,
          column: finding.column,
          masked: maskSecret(finding.secret),
        };
        current.push(entry);
        this.entryNodes.set(id, {
          kind: 'entry',
          entry,
          uri: leaks.uri,
          range: findingRange(finding),
          revokeUrl: finding.revokeUrl,
        });
      }
    }
    const history: LeakEntry[] = [];
    for (const { repoRoot, findings } of this.store.historyOnly()) {
      for (const finding of findings) {
        const repoName = path.basename(repoRoot);
        const id = `history:${repoRoot}:${finding.secretHash.slice(0, 16)}`;
        const entry: LeakEntry = {
          id,
          path: `${repoName}/${finding.path}`,
          ruleId: finding.ruleId,
          title: finding.title,
          severity: finding.severity,
          line: finding.line,
          column: 1,
          masked: finding.masked,
          history: { commit: finding.commit, time: finding.time },
        };
        history.push(entry);
        this.entryNodes.set(id, { kind: 'entry', entry, revokeUrl: finding.revokeUrl });
      }
    }
    return groupLeaks(current, history, this.mode);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups().map((group) => ({ kind: 'group', group }));
    if (node.kind === 'group') return node.group.entries.map((entry) => this.entryNodes.get(entry.id)!);
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const { group } = node;
      const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = group.key;
      item.description = String(group.entries.length);
      item.contextValue = group.key === HISTORY_GROUP_KEY ? 'leakHistoryGroup' : 'leakGroup';
      if (group.key === HISTORY_GROUP_KEY) item.iconPath = new vscode.ThemeIcon('history');
      else if (group.key.startsWith('file:'))
        item.resourceUri = this.entryNodes.get(group.entries[0].id)?.uri;
      return item;
    }

    const { entry } = node;
    const item = new vscode.TreeItem(entry.title, vscode.TreeItemCollapsibleState.None);
    item.id = entry.id;
    const where =
      this.mode === 'file' && !entry.history ? `line ${entry.line}` : `${entry.path}:${entry.line}`;
    item.description = `${entry.masked}  ${where}`;
    item.iconPath = new vscode.ThemeIcon(
      entry.severity === 'critical' || entry.severity === 'high'
        ? 'error'
        : entry.severity === 'medium'
          ? 'warning'
          : 'info',
    );
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(
      `${entry.title} (${entry.severity}), rule ${entry.ruleId}\n${entry.path}:${entry.line}\n`,
    );
    tooltip.appendText(`Value: ${entry.masked}\n`);
    if (entry.history) {
      tooltip.appendText(
        `No longer in the files, but added in commit ${shortSha(entry.history.commit)} ` +
          `(${commitDate(entry.history.time)}) and still in git history: rotate it.`,
      );
    }
    item.tooltip = tooltip;
    item.contextValue = node.revokeUrl ? 'leakWithRevokeUrl' : 'leak';
    if (node.uri && node.range) {
      item.command = {
        command: 'tokenWarden.revealLeak',
        title: 'Reveal',
        arguments: [node.uri, node.range],
      };
    }
    return item;
  }

  /** Node for a tree item's context-menu command. */
  revokeUrlOf(node: unknown): string | undefined {
    return (node as EntryNode | undefined)?.kind === 'entry' ? (node as EntryNode).revokeUrl : undefined;
  }

  refresh(): void {
    this.emitter.fire(undefined);
    const total = this.store.all().reduce((n, l) => n + l.findings.length, 0);
    this.treeView.badge = total > 0 ? { value: total, tooltip: `${total} leaked secrets` } : undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
