import * as vscode from 'vscode';
import { Redactor } from '../../core/redact';

/**
 * The extension's one log channel. Every line passes through a Redactor that knows the secret
 * values features have seen, so a value that slips into a message is still masked.
 */
export interface Log {
  readonly channel: vscode.LogOutputChannel;
  readonly redactor: Redactor;
  info(component: string, message: string): void;
  warn(component: string, message: string): void;
  error(component: string, message: string): void;
  /** Remembers values that must never appear in the log. */
  addSecrets(...values: (string | undefined)[]): void;
}

export function registerLog(context: vscode.ExtensionContext): Log {
  const channel = vscode.window.createOutputChannel('Token Warden', { log: true });
  const redactor = new Redactor();
  context.subscriptions.push(channel);
  const line = (component: string, message: string) => redactor.redact(`[${component}] ${message}`);
  return {
    channel,
    redactor,
    info: (c, m) => channel.info(line(c, m)),
    warn: (c, m) => channel.warn(line(c, m)),
    error: (c, m) => channel.error(line(c, m)),
    addSecrets: (...values) => void redactor.add(...values),
  };
}
