import * as vscode from 'vscode';
import type { Log } from '../shared/log';

export function registerLeaks(_context: vscode.ExtensionContext, _log: Log): void {}
