import * as vscode from 'vscode';
import { DEFAULT_MAX_LIFETIME_HOURS } from '../../core/jwt/claims';

export const DECODE_COMMAND = 'tokenWarden.decodeJwt';
export const VERIFY_COMMAND = 'tokenWarden.verifyJwt';

export interface JwtSettings {
  hoverEnabled: boolean;
  maxLifetimeHours: number;
  clockToleranceSeconds: number;
}

export function jwtSettings(scope?: vscode.ConfigurationScope): JwtSettings {
  const config = vscode.workspace.getConfiguration('tokenWarden.jwt', scope);
  const number = (key: string, fallback: number) => {
    const value = config.get<number>(key, fallback);
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    hoverEnabled: config.get<boolean>('hover.enabled', true) !== false,
    maxLifetimeHours: number('maxLifetimeHours', DEFAULT_MAX_LIFETIME_HOURS),
    clockToleranceSeconds: number('clockToleranceSeconds', 0),
  };
}

/**
 * Where a command finds its token: passed directly (tests, other features), or a position in a
 * document (hover links pass this so the token itself never travels in a command URI).
 */
export type TokenCommandArgs = string | { token?: string; uri?: string; line?: number; character?: number };

/** A `command:` URI for our own commands; the hover trusts only these ids. */
export function commandUri(command: string, args: TokenCommandArgs): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([args]))}`;
}
