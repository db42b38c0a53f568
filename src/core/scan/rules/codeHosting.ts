import { hasCrc32Base62Tail } from './checksums';
import {
  ALNUM, BASE64URL, DIGITS, HEX, HEX_ANY, LOWER_ALNUM, LOWER_BASE32, chars, defineRule, optional, text,
  type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule =>
  defineRule({ ...spec, category: 'code-hosting' });

const GITHUB_CHECK =
  'The last 6 characters must be the base62 CRC32 of the 30 before them, as GitHub issues them.';
const AZURE_DEVOPS_PATS = 'https://learn.microsoft.com/azure/devops/organizations/accounts/'
  + 'use-personal-access-tokens-to-authenticate';
// Spring properties write the name dotted (`azure.devops.pat`), Key Vault secret names kebab-case.
const ADO_CONTEXT = ['azure_devops', 'azure.devops', 'azure-devops', 'azuredevops', 'ado_pat', 'azdo', 'vsts'];

function githubClassic(id: string, prefix: string, title: string, severity: 'critical' | 'high',
  revokeUrl: string): ProviderRule {
  return rule({
    id, title, provider: 'GitHub', severity, revokeUrl, envName: 'GITHUB_TOKEN',
    parts: [text(prefix), chars(ALNUM, 36)], validate: hasCrc32Base62Tail, checkNote: GITHUB_CHECK,
  });
}

const GITLAB_TOKENS = 'https://docs.gitlab.com/ee/security/tokens/';

function gitlab(id: string, prefix: string, title: string, severity: 'critical' | 'high' | 'medium' | 'low',
  length: number): ProviderRule {
  return rule({
    id, title, provider: 'GitLab', severity, revokeUrl: GITLAB_TOKENS, envName: 'GITLAB_TOKEN',
    parts: [text(prefix), chars(BASE64URL, length)],
  });
}

/**
 * Routable tokens (GitLab 17.x+) carry a base64url routing payload, then `.`, a 2-digit format
 * version, `.`, and 9 base-36 characters (payload length and CRC32). Longest payload: 131.
 */
function routable(id: string, prefix: string, title: string, severity: 'critical' | 'high'): ProviderRule {
  return rule({
    id, title, provider: 'GitLab', severity, revokeUrl: GITLAB_TOKENS, envName: 'GITLAB_TOKEN',
    parts: [text(prefix), chars(BASE64URL, 24, 140), text('.'), chars(DIGITS, 2), text('.'),
      chars(LOWER_ALNUM, 9)],
  });
}

export const CODE_HOSTING_RULES: readonly ProviderRule[] = [
  githubClassic('github-pat-classic', 'ghp_', 'GitHub personal access token (classic)', 'critical',
    'https://github.com/settings/tokens'),
  githubClassic('github-oauth-token', 'gho_', 'GitHub OAuth access token', 'critical',
    'https://github.com/settings/applications'),
  githubClassic('github-app-user-token', 'ghu_', 'GitHub App user-to-server token', 'high',
    'https://github.com/settings/apps'),
  githubClassic('github-app-installation-token', 'ghs_', 'GitHub App installation token', 'high',
    'https://github.com/settings/apps'),
  githubClassic('github-app-refresh-token', 'ghr_', 'GitHub App refresh token', 'high',
    'https://github.com/settings/apps'),
  rule({
    id: 'github-pat-fine-grained', title: 'GitHub fine-grained personal access token', provider: 'GitHub',
    severity: 'critical', revokeUrl: 'https://github.com/settings/personal-access-tokens',
    envName: 'GITHUB_TOKEN', parts: [text('github_pat_'), chars(ALNUM, 22), text('_'), chars(ALNUM, 59)],
  }),
  rule({
    id: 'github-oauth-client-secret', title: 'GitHub OAuth app client secret', provider: 'GitHub',
    severity: 'high', revokeUrl: 'https://github.com/settings/developers', envName: 'GITHUB_CLIENT_SECRET',
    parts: [chars(HEX, 40)], context: ['github_client_secret', 'gh_client_secret', 'github_oauth_secret'],
  }),
  gitlab('gitlab-pat', 'glpat-', 'GitLab personal, project or group access token', 'critical', 20),
  routable('gitlab-pat-routable', 'glpat-', 'GitLab routable personal, project or group access token',
    'critical'),
  routable('gitlab-runner-token-routable', 'glrt-', 'GitLab routable runner authentication token', 'high'),
  gitlab('gitlab-deploy-token', 'gldt-', 'GitLab deploy token', 'high', 20),
  gitlab('gitlab-runner-token', 'glrt-', 'GitLab runner authentication token', 'high', 20),
  gitlab('gitlab-runner-registration-token', 'GR1348941', 'GitLab runner registration token', 'high', 20),
  gitlab('gitlab-feed-token', 'glft-', 'GitLab feed token', 'medium', 20),
  gitlab('gitlab-incoming-mail-token', 'glimt-', 'GitLab incoming mail token', 'medium', 25),
  gitlab('gitlab-agent-token', 'glagent-', 'GitLab agent for Kubernetes token', 'high', 50),
  gitlab('gitlab-oauth-app-secret', 'gloas-', 'GitLab OAuth application secret', 'high', 64),
  gitlab('gitlab-scim-token', 'glsoat-', 'GitLab SCIM token', 'high', 20),
  gitlab('gitlab-feature-flags-client-token', 'glffct-', 'GitLab feature flags client token', 'low', 20),
  rule({
    id: 'gitlab-pipeline-trigger-token', title: 'GitLab pipeline trigger token', provider: 'GitLab',
    severity: 'high', revokeUrl: GITLAB_TOKENS, envName: 'GITLAB_TRIGGER_TOKEN',
    parts: [text('glptt-'), chars(HEX, 40)],
  }),
  rule({
    id: 'gitlab-ci-build-token', title: 'GitLab CI/CD job token', provider: 'GitLab', severity: 'medium',
    revokeUrl: GITLAB_TOKENS, envName: 'CI_JOB_TOKEN',
    parts: [text('glcbt-'), chars(HEX_ANY, 1, 5), text('_'), chars(BASE64URL, 20)],
  }),
  rule({
    id: 'bitbucket-app-password', title: 'Bitbucket app password', provider: 'Bitbucket', severity: 'high',
    revokeUrl: 'https://bitbucket.org/account/settings/app-passwords/', envName: 'BITBUCKET_APP_PASSWORD',
    parts: [text('ATBB'), chars(ALNUM, 32)],
  }),
  rule({
    id: 'bitbucket-oauth-secret', title: 'Bitbucket OAuth consumer secret', provider: 'Bitbucket',
    severity: 'high',
    revokeUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/use-oauth-on-bitbucket-cloud/',
    envName: 'BITBUCKET_CLIENT_SECRET', parts: [chars(ALNUM, 32)], context: ['bitbucket'],
  }),
  rule({
    id: 'azure-devops-pat', title: 'Azure DevOps personal access token', provider: 'Azure DevOps',
    severity: 'critical', envName: 'AZURE_DEVOPS_PAT', revokeUrl: AZURE_DEVOPS_PATS,
    parts: [chars(LOWER_BASE32, 52)], context: ADO_CONTEXT,
  }),
  rule({
    id: 'azure-devops-pat-v2', title: 'Azure DevOps personal access token (84 characters)',
    provider: 'Azure DevOps', severity: 'critical', envName: 'AZURE_DEVOPS_PAT', revokeUrl: AZURE_DEVOPS_PATS,
    parts: [chars(ALNUM, 84)], context: ADO_CONTEXT,
  }),
  rule({
    id: 'sourcegraph-access-token', title: 'Sourcegraph access token', provider: 'Sourcegraph',
    severity: 'high', revokeUrl: 'https://sourcegraph.com/user/settings/tokens', envName: 'SRC_ACCESS_TOKEN',
    parts: [text('sgp_'), optional(chars(HEX, 16), text('_')), chars(HEX, 40)],
  }),
  rule({
    id: 'gitea-access-token', title: 'Gitea / Forgejo access token', provider: 'Gitea', severity: 'high',
    revokeUrl: 'https://docs.gitea.com/development/api-usage', envName: 'GITEA_TOKEN',
    parts: [chars(HEX, 40)], context: ['gitea', 'forgejo'],
  }),
  rule({
    id: 'gitlab-runner-token-legacy', title: 'GitLab runner registration token (legacy, in config)',
    provider: 'GitLab', severity: 'medium', revokeUrl: GITLAB_TOKENS, envName: 'GITLAB_RUNNER_TOKEN',
    parts: [chars(BASE64URL, 20)], context: ['registration_token', 'runner_token'], minEntropy: 3.5,
  }),
];
