import * as vscode from 'vscode';
import type { Severity } from '../../core/scan/types';

export const SECTION = 'tokenWarden';

/** One user-defined rule as written in settings.json (validated by the engine before use). */
export interface CustomRuleSetting {
  id?: unknown;
  regex?: unknown;
  keywords?: unknown;
  severity?: unknown;
  title?: unknown;
}

export interface LeakSettings {
  liveEnabled: boolean;
  onStartup: boolean;
  minimumSeverity: Severity;
  exclude: string[];
  maxFileBytes: number;
  customRules: CustomRuleSetting[];
}

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * `scope` is the file or folder the resource-scoped settings apply to; `null` (not undefined) asks
 * for the workspace's values without VS Code logging a warning for each read.
 */
export function readLeakSettings(scope: vscode.ConfigurationScope | null = null): LeakSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const severity = config.get<string>('scan.minimumSeverity', 'low');
  const maxMB = config.get<number>('scan.maxFileSizeMB', 5);
  const customRules = config.get<unknown>('scan.customRules', []);
  return {
    liveEnabled: config.get<boolean>('scan.live.enabled', true),
    // Window-scoped: read without a resource, which VS Code warns about otherwise.
    onStartup: vscode.workspace.getConfiguration(SECTION).get<boolean>('scan.onStartup.enabled', true),
    minimumSeverity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : 'low',
    exclude: config.get<string[]>('scan.exclude', []).filter((g) => typeof g === 'string' && g.trim() !== ''),
    maxFileBytes: (Number.isFinite(maxMB) && maxMB > 0 ? maxMB : 5) * 1024 * 1024,
    customRules: Array.isArray(customRules) ? (customRules as CustomRuleSetting[]) : [],
  };
}

/** True when a configuration change touches a setting the scanners read. */
export function affectsScanning(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.scan`) || event.affectsConfiguration('files.exclude');
}
