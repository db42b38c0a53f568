import { hasValidBech32Checksum } from './checksums';
import {
  ALNUM, BASE64URL, BECH32_UPPER, DIGITS, HEX, UPPER_ALNUM, chars, choice, defineRule, optional, text, uuid,
  type CharSet, type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule =>
  defineRule({ ...spec, category: 'infrastructure' });

const DOPPLER_SLUG: CharSet = {
  label: 'lower-case letters, digits, `_` or `-`', chars: 'abcdefghijklmnopqrstuvwxyz0123456789_-',
  regexClass: 'a-z0-9_\\-',
};
const BASE64URL_EQ: CharSet = {
  label: 'URL-safe base64 characters or `=`', chars: BASE64URL.chars + '=', regexClass: 'A-Za-z0-9_\\-=',
};

const VAULT_REVOKE = 'https://developer.hashicorp.com/vault/docs/commands/token/revoke';
const SONAR_REVOKE = 'https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/';

function doppler(id: string, kind: string, title: string, severity: 'critical' | 'high'): ProviderRule {
  return rule({
    id, title, provider: 'Doppler', severity, revokeUrl: 'https://docs.doppler.com/docs/service-tokens',
    envName: 'DOPPLER_TOKEN', parts: [text(`dp.${kind}.`), chars(ALNUM, 40, 44)],
  });
}

function sonar(id: string, prefix: string, title: string): ProviderRule {
  return rule({
    id, title, provider: 'SonarQube', severity: 'high', revokeUrl: SONAR_REVOKE, envName: 'SONAR_TOKEN',
    parts: [text(prefix), chars(HEX, 40)],
  });
}

export const INFRASTRUCTURE_RULES: readonly ProviderRule[] = [
  rule({
    id: 'vault-service-token', title: 'HashiCorp Vault service token', provider: 'HashiCorp Vault',
    severity: 'critical', revokeUrl: VAULT_REVOKE, envName: 'VAULT_TOKEN',
    parts: [text('hvs.'), chars(BASE64URL, 24, 300)], minEntropy: 3.5,
  }),
  rule({
    id: 'vault-batch-token', title: 'HashiCorp Vault batch token', provider: 'HashiCorp Vault',
    severity: 'high',
    revokeUrl: VAULT_REVOKE, envName: 'VAULT_TOKEN', parts: [text('hvb.'), chars(BASE64URL, 100, 400)],
    minEntropy: 3.5,
  }),
  rule({
    id: 'vault-recovery-token', title: 'HashiCorp Vault recovery token', provider: 'HashiCorp Vault',
    severity: 'high', revokeUrl: VAULT_REVOKE, envName: 'VAULT_TOKEN',
    parts: [text('hvr.'), chars(BASE64URL, 24, 300)], minEntropy: 3.5,
  }),
  rule({
    id: 'vault-legacy-token', title: 'HashiCorp Vault token (legacy format)', provider: 'HashiCorp Vault',
    severity: 'high', revokeUrl: VAULT_REVOKE, envName: 'VAULT_TOKEN',
    parts: [choice('s.', 'b.'), chars(ALNUM, 24)], context: ['vault'], minEntropy: 3.5,
  }),
  doppler('doppler-personal-token', 'pt', 'Doppler personal token', 'critical'),
  rule({
    id: 'doppler-service-token', title: 'Doppler service token', provider: 'Doppler', severity: 'critical',
    revokeUrl: 'https://docs.doppler.com/docs/service-tokens', envName: 'DOPPLER_TOKEN',
    parts: [text('dp.st.'), optional(chars(DOPPLER_SLUG, 2, 35), text('.')), chars(ALNUM, 40, 44)],
  }),
  doppler('doppler-service-account-token', 'sa', 'Doppler service account token', 'critical'),
  doppler('doppler-cli-token', 'ct', 'Doppler CLI token', 'critical'),
  doppler('doppler-scim-token', 'scim', 'Doppler SCIM token', 'high'),
  doppler('doppler-audit-token', 'audit', 'Doppler audit token', 'high'),
  rule({
    id: 'terraform-cloud-token', title: 'HCP Terraform (Terraform Cloud) API token',
    provider: 'HashiCorp Terraform',
    severity: 'critical', revokeUrl: 'https://app.terraform.io/app/settings/tokens',
    envName: 'TF_TOKEN_app_terraform_io',
    parts: [chars(ALNUM, 14), text('.atlasv1.'), chars(BASE64URL_EQ, 60, 70)],
  }),
  rule({
    id: 'pulumi-access-token', title: 'Pulumi access token', provider: 'Pulumi', severity: 'critical',
    revokeUrl: 'https://app.pulumi.com/account/tokens', envName: 'PULUMI_ACCESS_TOKEN',
    parts: [text('pul-'), chars(HEX, 40)],
  }),
  rule({
    id: 'databricks-token', title: 'Databricks personal access token', provider: 'Databricks',
    severity: 'critical',
    revokeUrl: 'https://docs.databricks.com/en/dev-tools/auth/pat.html', envName: 'DATABRICKS_TOKEN',
    parts: [text('dapi'), chars(HEX, 32), optional(text('-'), chars(DIGITS, 1))],
  }),
  rule({
    id: 'databricks-oauth-secret', title: 'Databricks service principal OAuth secret', provider: 'Databricks',
    severity: 'critical', revokeUrl: 'https://docs.databricks.com/en/dev-tools/auth/oauth-m2m.html',
    envName: 'DATABRICKS_CLIENT_SECRET', parts: [text('dose'), chars(HEX, 32)],
  }),
  rule({
    id: 'age-secret-key', title: 'age encryption secret key', provider: 'age', severity: 'critical',
    revokeUrl: 'https://age-encryption.org/', envName: 'AGE_SECRET_KEY',
    parts: [text('AGE-SECRET-KEY-1'), chars(BECH32_UPPER, 58)], validate: hasValidBech32Checksum,
    checkNote: 'The bech32 checksum (the last 6 characters) must be intact.',
  }),
  rule({
    id: 'buildkite-token', title: 'Buildkite API access token', provider: 'Buildkite', severity: 'high',
    revokeUrl: 'https://buildkite.com/user/api-access-tokens', envName: 'BUILDKITE_API_TOKEN',
    parts: [text('bkua_'), chars(HEX, 40)],
  }),
  rule({
    id: 'buildkite-agent-token', title: 'Buildkite agent token', provider: 'Buildkite', severity: 'high',
    revokeUrl: 'https://buildkite.com/docs/agent/v3/tokens', envName: 'BUILDKITE_AGENT_TOKEN',
    parts: [text('bkat_'), chars(ALNUM, 40, 60)], minEntropy: 3.5,
  }),
  rule({
    id: 'circleci-personal-token', title: 'CircleCI personal API token', provider: 'CircleCI',
    severity: 'high', revokeUrl: 'https://app.circleci.com/settings/user/tokens', envName: 'CIRCLECI_TOKEN',
    parts: [text('CCIPAT_'), chars(ALNUM, 22), text('_'), chars(HEX, 40)],
  }),
  rule({
    id: 'circleci-project-token', title: 'CircleCI project API token', provider: 'CircleCI', severity: 'high',
    revokeUrl: 'https://circleci.com/docs/managing-api-tokens/', envName: 'CIRCLECI_TOKEN',
    parts: [text('CCIPRJ_'), chars(ALNUM, 22), text('_'), chars(HEX, 40)],
  }),
  rule({
    id: 'circleci-token-legacy', title: 'CircleCI API token (legacy)', provider: 'CircleCI', severity: 'high',
    revokeUrl: 'https://app.circleci.com/settings/user/tokens', envName: 'CIRCLECI_TOKEN',
    parts: [chars(HEX, 40)], context: ['circleci', 'circle_token', 'circle-token'],
  }),
  rule({
    id: 'travis-ci-token', title: 'Travis CI API token', provider: 'Travis CI', severity: 'high',
    revokeUrl: 'https://app.travis-ci.com/account/preferences', envName: 'TRAVIS_TOKEN',
    parts: [chars(BASE64URL, 22)], context: ['travis'], minEntropy: 3.5,
  }),
  rule({
    id: 'jfrog-identity-token', title: 'JFrog access / identity token', provider: 'JFrog',
    severity: 'critical',
    revokeUrl: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
    envName: 'JFROG_ACCESS_TOKEN', parts: [text('cmVmdGtuOjAxOj'), chars(ALNUM, 50)],
  }),
  rule({
    id: 'artifactory-api-key', title: 'JFrog Artifactory API key', provider: 'JFrog', severity: 'high',
    revokeUrl: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-key',
    envName: 'ARTIFACTORY_API_KEY', parts: [text('AKCp'), chars(ALNUM, 69)],
  }),
  rule({
    id: 'jenkins-api-token', title: 'Jenkins API token', provider: 'Jenkins', severity: 'high',
    revokeUrl: 'https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/',
    envName: 'JENKINS_API_TOKEN', parts: [chars(HEX, 34)], context: ['jenkins'],
  }),
  sonar('sonarqube-user-token', 'squ_', 'SonarQube user token'),
  sonar('sonarqube-project-token', 'sqp_', 'SonarQube project analysis token'),
  sonar('sonarqube-global-token', 'sqa_', 'SonarQube global analysis token'),
  rule({
    id: 'sonarcloud-token', title: 'SonarQube Cloud token', provider: 'SonarQube', severity: 'high',
    revokeUrl: 'https://sonarcloud.io/account/security', envName: 'SONAR_TOKEN', parts: [chars(HEX, 40)],
    context: ['sonar'],
  }),
  rule({
    id: 'snyk-api-token', title: 'Snyk API token', provider: 'Snyk', severity: 'high',
    revokeUrl: 'https://app.snyk.io/account', envName: 'SNYK_TOKEN', parts: uuid(), context: ['snyk'],
  }),
  rule({
    id: 'octopus-deploy-api-key', title: 'Octopus Deploy API key', provider: 'Octopus Deploy',
    severity: 'high', revokeUrl: 'https://octopus.com/docs/octopus-rest-api/how-to-create-an-api-key',
    envName: 'OCTOPUS_API_KEY', parts: [text('API-'), chars(UPPER_ALNUM, 25, 32)], minEntropy: 3.5,
  }),
  rule({
    id: 'codecov-token', title: 'Codecov upload token', provider: 'Codecov', severity: 'medium',
    revokeUrl: 'https://app.codecov.io/', envName: 'CODECOV_TOKEN', parts: uuid(), context: ['codecov'],
  }),
  rule({
    id: 'ngrok-authtoken', title: 'ngrok authtoken', provider: 'ngrok', severity: 'high',
    revokeUrl: 'https://dashboard.ngrok.com/get-started/your-authtoken', envName: 'NGROK_AUTHTOKEN',
    parts: [chars({ ...ALNUM, label: 'letters, digits or `_`', chars: ALNUM.chars + '_',
      regexClass: 'A-Za-z0-9_' }, 40, 60)], context: ['ngrok'], minEntropy: 3.5,
  }),
  rule({
    id: 'tailscale-key', title: 'Tailscale auth or API key', provider: 'Tailscale', severity: 'critical',
    revokeUrl: 'https://login.tailscale.com/admin/settings/keys', envName: 'TS_AUTHKEY',
    parts: [text('tskey-'), choice('api-', 'auth-', 'client-', 'scim-', 'webhook-'), chars(ALNUM, 10, 20),
      text('-'), chars(ALNUM, 30, 40)],
  }),
  rule({
    id: 'onepassword-service-account-token', title: '1Password service account token', provider: '1Password',
    severity: 'critical', envName: 'OP_SERVICE_ACCOUNT_TOKEN',
    revokeUrl: 'https://developer.1password.com/docs/service-accounts/manage-service-accounts/',
    parts: [text('ops_eyJ'), chars(BASE64URL, 100, 1000)], minEntropy: 4,
  }),
  rule({
    id: 'prefect-api-key', title: 'Prefect Cloud API key', provider: 'Prefect', severity: 'high',
    revokeUrl: 'https://app.prefect.cloud/my/api-keys', envName: 'PREFECT_API_KEY',
    parts: [text('pnu_'), chars(ALNUM, 36)],
  }),
  rule({
    id: 'infracost-api-key', title: 'Infracost API key', provider: 'Infracost', severity: 'medium',
    revokeUrl: 'https://dashboard.infracost.io/', envName: 'INFRACOST_API_KEY',
    parts: [text('ico-'), chars(ALNUM, 32)], minEntropy: 3.5,
  }),
];
