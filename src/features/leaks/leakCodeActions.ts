import * as vscode from 'vscode';
import { planAllowComment } from '../../core/leaks/allowComment';
import { hasIssuer } from '../../core/leaks/leakMessage';
import type { Finding } from '../../core/scan/types';
import { DIAGNOSTIC_SOURCE, findingRange } from './leakDiagnostics';
import type { LeakStore } from './leakStore';

export const ADD_TO_BASELINE_COMMAND = 'tokenWarden.addLeakToBaseline';
export const OPEN_REVOCATION_COMMAND = 'tokenWarden.openRevocationPage';

/** Quick fixes on each finding: allow it inline, add it to the baseline, open the revocation page. */
export class LeakCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly store: LeakStore) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = this.findingFor(document.uri, diagnostic);
      if (!finding) continue;

      const allow = this.allowAction(document, finding, diagnostic);
      if (allow) actions.push(allow);

      if (vscode.workspace.getWorkspaceFolder(document.uri)) {
        const baseline = new vscode.CodeAction(
          `Add ${finding.title} to the baseline (.token-warden-baseline.json)`,
          vscode.CodeActionKind.QuickFix,
        );
        baseline.diagnostics = [diagnostic];
        baseline.command = {
          command: ADD_TO_BASELINE_COMMAND,
          title: baseline.title,
          arguments: [document.uri, finding.fingerprint, finding.ruleId, finding.line],
        };
        actions.push(baseline);
      }

      if (finding.revokeUrl) {
        const revoke = new vscode.CodeAction(
          hasIssuer(finding)
            ? `Open the ${finding.provider} page to revoke this secret`
            : 'Open advice on rotating this secret',
          vscode.CodeActionKind.QuickFix,
        );
        revoke.diagnostics = [diagnostic];
        revoke.command = {
          command: OPEN_REVOCATION_COMMAND,
          title: revoke.title,
          arguments: [finding.revokeUrl],
        };
        actions.push(revoke);
      }
    }
    return actions;
  }

  private allowAction(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic) {
    const plan = planAllowComment(
      document.getText(),
      finding.line - 1,
      document.languageId,
      document.fileName,
    );
    if (!plan) return undefined;
    const where = plan.placement === 'end-of-line' ? 'on this line' : 'on the line above';
    const action = new vscode.CodeAction(
      `Allow this ${finding.title} (token-warden:allow comment ${where})`,
      vscode.CodeActionKind.QuickFix,
    );
    action.diagnostics = [diagnostic];
    action.edit = new vscode.WorkspaceEdit();
    action.edit.insert(document.uri, new vscode.Position(plan.line, plan.character), plan.text);
    return action;
  }

  private findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    return this.store
      .effective(uri)
      ?.findings.find((f) => f.ruleId === code && findingRange(f).isEqual(diagnostic.range));
  }
}
