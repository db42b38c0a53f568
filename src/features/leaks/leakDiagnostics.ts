import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { leakMessage } from '../../core/leaks/leakMessage';
import type { Finding, Severity } from '../../core/scan/types';
import type { FileLeaks } from './leakStore';

export const DIAGNOSTIC_SOURCE = 'Token Warden';

export function diagnosticSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'critical':
    case 'high':
      return vscode.DiagnosticSeverity.Error;
    case 'medium':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

export function findingRange(finding: Finding): vscode.Range {
  return new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
}

/**
 * Links a rule id to its section of docs/rules.md inside the installed extension, so the link works
 * offline. The editor's file opener understands `#L<line>` fragments, so the link lands on the rule's
 * heading; ids the page does not describe (custom rules) open the page at the top.
 */
export class RuleDocs {
  private readonly page: vscode.Uri;
  private lines: Map<string, number> | undefined;

  constructor(extensionUri: vscode.Uri) {
    this.page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
  }

  link(ruleId: string): vscode.Uri {
    const line = this.anchorLines().get(ruleId);
    return line === undefined ? this.page : this.page.with({ fragment: `L${line}` });
  }

  private anchorLines(): Map<string, number> {
    if (this.lines) return this.lines;
    this.lines = new Map();
    try {
      const text = fs.readFileSync(this.page.fsPath, 'utf8');
      text.split(/\r?\n/).forEach((line, index) => {
        // Explicit anchors (`<a id="...">`) and headings that name the id in backticks both count.
        for (const match of line.matchAll(
          /<a\s+(?:id|name)="([^"]+)"|^#{1,6}\s.*?`([a-z0-9][a-z0-9-]*)`/gi,
        )) {
          const id = match[1] ?? match[2];
          if (id && !this.lines!.has(id)) this.lines!.set(id, index + 1);
        }
      });
    } catch {
      // A development checkout before the rules page is generated: links open the (missing) page.
    }
    return this.lines;
  }
}

export function createDiagnostic(leaks: FileLeaks, index: number, docs: RuleDocs): vscode.Diagnostic {
  const finding = leaks.findings[index];
  const diagnostic = new vscode.Diagnostic(
    findingRange(finding),
    leakMessage(finding, leaks.origins[index], leaks.uri.path),
    diagnosticSeverity(finding.severity),
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: docs.link(finding.ruleId) };
  return diagnostic;
}
