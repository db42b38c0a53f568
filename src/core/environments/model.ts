/**
 * The environments model shared by the tree view, the `.http` client, OAuth2, JWT verification
 * and the secret migrations. The structure is stored in `.vscode/token-warden.json` and is safe
 * to commit; secret values are never part of it and live only in a SecretStore.
 */

export interface EnvironmentsFile {
  $schema?: string;
  version: 1;
  /** Name of the environment used when none is chosen in this VS Code window. */
  defaultEnvironment?: string;
  environments: Record<string, Environment>;
}

export interface Environment {
  /** Plain, non-secret values such as `baseUrl`. */
  variables: Record<string, string>;
  credentials: Record<string, Credential>;
}

interface CredentialBase {
  /**
   * Origins (`https://api.example.com`) this credential may be sent to. Empty means
   * "ask before sending anywhere" in the editor and "refuse" in the CLI.
   */
  origins: string[];
  description?: string;
}

/** A bare secret value, referenced as `{{NAME}}` and exposable as an environment variable. */
export interface SecretCredential extends CredentialBase {
  type: 'secret';
}

export interface ApiKeyCredential extends CredentialBase {
  type: 'apiKey';
  in: 'header' | 'query';
  /** Header or query parameter name, e.g. `X-API-Key` or `api_key`. */
  name: string;
}

export interface BearerCredential extends CredentialBase {
  type: 'bearer';
}

export interface BasicCredential extends CredentialBase {
  type: 'basic';
  username: string;
}

export type OAuth2Grant = 'client_credentials' | 'authorization_code' | 'refresh_token' | 'device_code';

export interface OAuth2Credential extends CredentialBase {
  type: 'oauth2';
  grant: OAuth2Grant;
  /** Issuer whose `/.well-known/openid-configuration` (or RFC 8414 metadata) gives the endpoints. */
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  revocationEndpoint?: string;
  clientId: string;
  scopes?: string[];
  audience?: string;
  /** Redirect URI for the authorization code grant; a loopback URI is chosen when absent. */
  redirectUri?: string;
}

export type Credential =
  | SecretCredential
  | ApiKeyCredential
  | BearerCredential
  | BasicCredential
  | OAuth2Credential;

export type CredentialType = Credential['type'];

export const CREDENTIAL_TYPES: readonly CredentialType[] = ['secret', 'apiKey', 'bearer', 'basic', 'oauth2'];

export const OAUTH2_GRANTS: readonly OAuth2Grant[] =
  ['client_credentials', 'authorization_code', 'refresh_token', 'device_code'];

/** The environment used before the user has created any. */
export const DEFAULT_ENVIRONMENT = 'default';

/**
 * Secret fields per credential type, stored in SecretStorage under
 * `secretKey(workspaceId, environment, credential, field)`.
 * OAuth2 also caches `accessToken`, `refreshToken` and `tokenSet` (JSON with expiry).
 */
export const SECRET_FIELDS: Record<CredentialType, readonly string[]> = {
  secret: ['value'],
  apiKey: ['value'],
  bearer: ['token'],
  basic: ['password'],
  oauth2: ['clientSecret'],
};

/** Fields under which obtained OAuth2 tokens are cached; never copied to another environment. */
export const OAUTH2_TOKEN_FIELDS: readonly string[] = ['accessToken', 'refreshToken', 'tokenSet'];

/** What the `tokenSet` field holds (as JSON). Times are epoch milliseconds. */
export interface OAuth2TokenSet {
  accessToken: string;
  tokenType?: string;
  refreshToken?: string;
  idToken?: string;
  scope?: string;
  expiresAt?: number;
  obtainedAt?: number;
}

/** Minimal async key-value store; the extension adapts `context.secrets`, tests use a Map. */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function secretKey(workspaceId: string, environment: string, credential: string, field: string): string {
  return `tokenWarden/${encodeURIComponent(workspaceId)}/${encodeURIComponent(environment)}/` +
    `${encodeURIComponent(credential)}/${field}`;
}
