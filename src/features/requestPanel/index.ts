import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import type { EnvironmentsApi } from '../environments';

export function registerRequestPanel(_context: vscode.ExtensionContext, _log: Log, _environments: EnvironmentsApi): void {}
