import * as vscode from 'vscode';
import type { Log } from '../shared/log';

/** What other features use of the environments model. Filled in by the environments feature. */
export interface EnvironmentsApi {
  /** Name of the active environment (`default` until the user creates others). */
  activeEnvironment(): string;
}

export function registerEnvironments(_context: vscode.ExtensionContext, _log: Log): EnvironmentsApi {
  return { activeEnvironment: () => 'default' };
}
