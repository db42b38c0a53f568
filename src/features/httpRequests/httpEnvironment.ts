import type { AuthHandler } from '../../core/http/client';
import type { ResolvedCredential, VariableEnvironment } from '../../core/http/resolve';
import type { EnvironmentsApi } from '../environments';

/**
 * The resolver's view of one environment, read through the environments feature. An OAuth2
 * credential without a cached access token asks the OAuth2 provider (when one is registered).
 */
export function environmentForResolver(api: EnvironmentsApi, envName: string): VariableEnvironment {
  const env = () => api.getEnvironment(envName);
  return {
    name: envName,
    variableNames: () => Object.keys(env()?.variables ?? {}),
    credentialNames: () => Object.keys(env()?.credentials ?? {}),
    variable: (name) => {
      const variables = env()?.variables ?? {};
      return Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
    },
    credential: async (name): Promise<ResolvedCredential | undefined> => {
      const found = await api.getCredential(name, envName);
      if (!found) return undefined;
      const secrets: Record<string, string | undefined> = { ...found.secrets };
      // The provider returns the cached token while it is fresh and renews it otherwise.
      const provider = api.oauth2Provider();
      if (found.credential.type === 'oauth2' && (provider?.authHandler || !secrets.accessToken)) {
        secrets.accessToken = (await provider?.getToken(envName, name))?.accessToken ?? secrets.accessToken;
      }
      return { name, credential: found.credential, secrets };
    },
  };
}

/**
 * OAuth2 through the provider the OAuth2 feature registers: attach its current token, and on a
 * 401 refresh once and retry. Without a provider the client's built-in handling (a cached access
 * token as Bearer) applies.
 */
export function oauth2AuthHandler(api: EnvironmentsApi, envName: string): AuthHandler | undefined {
  const provider = api.oauth2Provider();
  if (!provider) return undefined;
  if (provider.authHandler) return provider.authHandler(envName);
  return {
    apply: async (request, credential) => {
      const token =
        credential.secrets.accessToken ??
        (await api.oauth2Provider()?.getToken(envName, credential.name))?.accessToken;
      if (!token)
        throw new Error(`OAuth2 credential "${credential.name}" has no access token; sign in first.`);
      request.secrets.add(token);
      const others = request.headers.filter(([n]) => n.toLowerCase() !== 'authorization');
      request.headers.splice(0, request.headers.length, ...others, ['Authorization', `Bearer ${token}`]);
    },
    onUnauthorized: async (credential) => {
      const refreshed = await api.oauth2Provider()?.refresh(envName, credential.name);
      if (!refreshed?.accessToken) return false;
      credential.secrets.accessToken = refreshed.accessToken;
      return true;
    },
  };
}
