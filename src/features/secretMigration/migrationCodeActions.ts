import * as vscode from 'vscode';
import { MigrationTarget, suggestName, targetUnavailable } from '../../core/migrate/migrationPlan';
import type { Log } from '../shared/log';
import { fileInput, MoveSecretArgs, SecretMigrator, siteAt, sitesIn } from './secretMigrator';

export const MOVE_SECRET_COMMAND = 'tokenWarden.moveSecret';
const DIAGNOSTIC_SOURCE = 'Token Warden';
const TARGETS: { target: MigrationTarget; label: string }[] = [
  { target: 'dotenv', label: '.env' },
  { target: 'secretStorage', label: 'SecretStorage' },
];

function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * "Move to .env as NAME" and "Move to SecretStorage as NAME" on Token Warden's leak diagnostics.
 * Only the diagnostic's range and code are used: the finding is recomputed from the document, so
 * these actions do not depend on how the leak diagnostics are built.
 */
export class MigrationCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite];

  constructor(private readonly migrator: SecretMigrator, private readonly log: Log) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    // Offered as quick fixes, and as rewrites when the refactor menu asks; never both at once,
    // which would list every action twice in the light bulb.
    const only = context.only;
    const kind = !only || vscode.CodeActionKind.QuickFix.intersects(only) ? vscode.CodeActionKind.QuickFix
      : vscode.CodeActionKind.RefactorRewrite.intersects(only) ? vscode.CodeActionKind.RefactorRewrite
        : undefined;
    if (!kind) return [];

    const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (diagnostics.length === 0) return [];
    const file = fileInput(document);
    const actions: vscode.CodeAction[] = [];
    const existing = new Map<MigrationTarget, Map<string, string>>();
    const sites = sitesIn(document);

    for (const diagnostic of diagnostics) {
      const site = siteAt(document, diagnostic.range, ruleIdOf(diagnostic), sites);
      // No finding there any more, or one outside a literal (a comment): nothing to migrate.
      if (!site || token.isCancellationRequested) continue;
      for (const { target, label } of TARGETS) {
        const unavailable = targetUnavailable(file, target);
        if (unavailable) {
          const action = new vscode.CodeAction(`Move to ${label}`, kind);
          action.disabled = { reason: unavailable };
          action.diagnostics = [diagnostic];
          actions.push(action);
          continue;
        }
        if (!existing.has(target)) existing.set(target, await this.entries(target, document.uri));
        const suggestion = suggestName({ ...file, target }, site, existing.get(target)!);
        if ('error' in suggestion) continue;
        const action = new vscode.CodeAction(
          `Move to ${label} as ${suggestion.name}${suggestion.reused ? ' (already there)' : ''}`, kind);
        action.diagnostics = [diagnostic];
        action.isPreferred = target === 'dotenv';
        const args: MoveSecretArgs = {
          uri: document.uri, range: diagnostic.range, version: document.version, target, ruleId: site.ruleId,
        };
        action.command = { command: MOVE_SECRET_COMMAND, title: action.title, arguments: [args] };
        actions.push(action);
      }
    }
    return actions;
  }

  private async entries(target: MigrationTarget, uri: vscode.Uri): Promise<Map<string, string>> {
    try {
      return await this.migrator.existingEntries(target, uri);
    } catch (e) {
      this.log.warn('migrate', `could not read the existing ${target} entries: ${(e as Error).message}`);
      return new Map();
    }
  }
}
