import * as vscode from 'vscode';
import type { Log } from '../shared/log';
import type {
  Credential,
  CredentialType,
  Environment,
  OAuth2TokenSet,
  SecretStore,
} from '../../core/environments/model';
import type { EnvironmentStore } from '../../core/environments/environmentStore';
import type { AuthHandler } from '../../core/http/client';
import type { FileProblem } from '../../core/environments/environmentsFile';
import { EnvironmentsService } from './environmentsService';
import { registerEnvironmentsView } from './environmentsTree';
import { registerEnvironmentCommands } from './environmentCommands';
import { registerImportCommands } from './importCommands';

/**
 * Runs the OAuth2 flows for a credential. Supplied later by the OAuth2 feature through
 * `setOAuth2Provider`; until then the OAuth2 commands say OAuth2 is not available yet.
 * Returned token sets are cached by the environments feature (`storeTokenSet`); a provider may
 * also cache them itself.
 */
export interface OAuth2Provider {
  getToken(env: string, credentialName: string): Promise<OAuth2TokenSet | undefined>;
  refresh(env: string, credentialName: string): Promise<OAuth2TokenSet | undefined>;
  /** Revokes at the server; the cached tokens are forgotten afterwards by the caller. */
  revoke(env: string, credentialName: string): Promise<void>;
  /** Shows the current token (decoded, masked). */
  showToken(env: string, credentialName: string): Promise<void>;
  /**
   * Optional: attaches tokens to requests of `env` and renews a rejected one once, shared by
   * concurrent requests. The `.http` sender and the request panel prefer it when present.
   */
  authHandler?(env: string): AuthHandler;
}

/** What other features use of the environments model. */
export interface EnvironmentsApi {
  /** Hashed workspace folder URI; the first segment of every SecretStorage key. */
  readonly workspaceId: string;
  /** The SecretStore adapter over `context.secrets`. */
  readonly secretStore: SecretStore;
  /** The core store behind this API, for edits not covered below. */
  readonly store: EnvironmentStore;
  /** Resolves once the environments file has been read the first time. */
  readonly ready: Promise<void>;

  /** Name of the active environment (`default` until the user creates others). */
  activeEnvironment(): string;
  setActiveEnvironment(name: string): Promise<void>;
  readonly onDidChangeActiveEnvironment: vscode.Event<string>;
  /** Fires after the environments file or a secret changed. */
  readonly onDidChange: vscode.Event<void>;

  environmentNames(): string[];
  /** The environment (default: the active one), or undefined when it does not exist. */
  getEnvironment(name?: string): Environment | undefined;
  /** Problems in `.vscode/token-warden.json` as last read. */
  problems(): FileProblem[];

  /**
   * A variable's value or a credential's primary secret (`{{name}}`); `cred.field` reads one field
   * (`db.password`, `db.username`). An OAuth2 credential resolves to its cached access token.
   */
  resolve(name: string, env?: string): Promise<string | undefined>;
  getCredential(
    name: string,
    env?: string,
  ): Promise<{ credential: Credential; secrets: Record<string, string> } | undefined>;
  /**
   * Stores a value as a credential's primary secret; creates the environment and a credential of
   * `type` (default `secret`) when missing.
   */
  storeSecret(env: string, credentialName: string, value: string, type?: CredentialType): Promise<void>;
  /** Names of the credentials in an environment (default: active). */
  secretNames(env?: string): string[];
  /** Each credential's primary secret by name, e.g. for a terminal's environment variables. */
  secretValues(env?: string): Promise<Record<string, string>>;

  getTokenSet(credentialName: string, env?: string): Promise<OAuth2TokenSet | undefined>;
  storeTokenSet(credentialName: string, tokenSet: OAuth2TokenSet, env?: string): Promise<void>;
  forgetTokens(credentialName: string, env?: string): Promise<void>;

  setOAuth2Provider(provider: OAuth2Provider | undefined): vscode.Disposable;
  oauth2Provider(): OAuth2Provider | undefined;
}

export function registerEnvironments(context: vscode.ExtensionContext, log: Log): EnvironmentsApi {
  const service = new EnvironmentsService(context, log);
  context.subscriptions.push(service);
  const tree = registerEnvironmentsView(context, service);
  registerEnvironmentCommands(context, log, service, tree);
  registerImportCommands(context, log, service);
  return service;
}
