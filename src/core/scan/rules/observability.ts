import { isBase64JsonWithKeys } from './checksums';
import {
  ALNUM, BASE64, BASE64URL, DIGITS, HEX, PADDING, UPPER_ALNUM, chars, defineRule, optional, text, uuid,
  type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule =>
  defineRule({ ...spec, category: 'observability' });

const NEW_RELIC_KEYS = 'https://one.newrelic.com/api-keys';
const GRAFANA_ACCESS_POLICIES = 'https://grafana.com/docs/grafana-cloud/security-and-account-management/'
  + 'authentication-and-permissions/access-policies/';
const SENTRY_TOKENS = 'https://docs.sentry.io/account/auth-tokens/';
const LOWER = { label: 'lower-case letters', chars: 'abcdefghijklmnopqrstuvwxyz', regexClass: 'a-z' };

/** Grafana Cloud tokens are `glc_` + base64 of `{"o":org,"n":name,"k":key,...}`. */
function isGrafanaCloudToken(token: string): boolean {
  return isBase64JsonWithKeys(token.slice('glc_'.length), ['o', 'n', 'k']);
}

/** Legacy Grafana API keys are base64 of `{"k":key,"n":name,"id":org}`. */
function isGrafanaApiKey(token: string): boolean {
  return isBase64JsonWithKeys(token, ['k', 'n', 'id']);
}

/** Sentry org tokens: `sntrys_` + base64 JSON claims (issued-at, org) + `_` + the secret. */
function isSentryOrgToken(token: string): boolean {
  const body = token.slice('sntrys_'.length);
  return isBase64JsonWithKeys(body.slice(0, body.lastIndexOf('_')), ['iat', 'org']);
}

export const OBSERVABILITY_RULES: readonly ProviderRule[] = [
  rule({
    id: 'datadog-api-key', title: 'Datadog API key', provider: 'Datadog', severity: 'high',
    revokeUrl: 'https://app.datadoghq.com/organization-settings/api-keys', envName: 'DD_API_KEY',
    parts: [chars(HEX, 32)], context: ['datadog', 'dd_api', 'dd-api'],
  }),
  rule({
    id: 'datadog-app-key', title: 'Datadog application key', provider: 'Datadog', severity: 'high',
    revokeUrl: 'https://app.datadoghq.com/organization-settings/application-keys', envName: 'DD_APP_KEY',
    parts: [chars(HEX, 40)],
    context: ['dd_app', 'dd-app', 'dd_application', 'dd-application', 'datadog_app', 'datadog-app'],
  }),
  rule({
    id: 'new-relic-user-api-key', title: 'New Relic user API key', provider: 'New Relic',
    severity: 'critical',
    revokeUrl: NEW_RELIC_KEYS, envName: 'NEW_RELIC_API_KEY', parts: [text('NRAK-'), chars(UPPER_ALNUM, 27)],
  }),
  rule({
    id: 'new-relic-insert-key', title: 'New Relic insert key', provider: 'New Relic', severity: 'high',
    revokeUrl: NEW_RELIC_KEYS, envName: 'NEW_RELIC_INSERT_KEY', parts: [text('NRII-'), chars(BASE64URL, 32)],
  }),
  rule({
    id: 'new-relic-query-key', title: 'New Relic query key', provider: 'New Relic', severity: 'medium',
    revokeUrl: NEW_RELIC_KEYS, envName: 'NEW_RELIC_QUERY_KEY', parts: [text('NRIQ-'), chars(BASE64URL, 32)],
  }),
  rule({
    id: 'new-relic-browser-key', title: 'New Relic browser key', provider: 'New Relic', severity: 'low',
    revokeUrl: NEW_RELIC_KEYS, envName: 'NEW_RELIC_BROWSER_KEY', parts: [text('NRJS-'), chars(HEX, 19)],
  }),
  rule({
    id: 'new-relic-license-key', title: 'New Relic ingest license key', provider: 'New Relic',
    severity: 'high',
    revokeUrl: NEW_RELIC_KEYS, envName: 'NEW_RELIC_LICENSE_KEY', parts: [chars(HEX, 36), text('NRAL')],
  }),
  rule({
    id: 'sentry-org-token', title: 'Sentry organization auth token', provider: 'Sentry', severity: 'high',
    revokeUrl: SENTRY_TOKENS, envName: 'SENTRY_AUTH_TOKEN',
    parts: [text('sntrys_eyJ'), chars(BASE64, 40, 600), chars(PADDING, 0, 2), text('_'), chars(BASE64, 43)],
    validate: isSentryOrgToken,
    checkNote: 'The part before the last `_` must decode to JSON claims naming an organization.',
  }),
  rule({
    id: 'sentry-user-token', title: 'Sentry user auth token', provider: 'Sentry', severity: 'high',
    revokeUrl: SENTRY_TOKENS, envName: 'SENTRY_AUTH_TOKEN', parts: [text('sntryu_'), chars(HEX, 64)],
  }),
  rule({
    // A DSN only allows sending events, so it is low severity; it still invites spam and quota abuse.
    id: 'sentry-dsn', title: 'Sentry DSN', provider: 'Sentry', severity: 'low',
    revokeUrl: 'https://docs.sentry.io/concepts/key-terms/dsn-explainer/', envName: 'SENTRY_DSN',
    parts: [text('https://'), chars(HEX, 32), text('@o'), chars(DIGITS, 1, 20), text('.ingest.'),
      optional(chars(LOWER, 2), text('.')), text('sentry.io/'), chars(DIGITS, 1, 20)],
  }),
  rule({
    id: 'sentry-dsn-with-secret', title: 'Sentry DSN with secret key (legacy)', provider: 'Sentry',
    severity: 'medium', revokeUrl: 'https://docs.sentry.io/concepts/key-terms/dsn-explainer/',
    envName: 'SENTRY_DSN', parts: [text('https://'), chars(HEX, 32), text(':'), chars(HEX, 32), text('@')],
  }),
  rule({
    id: 'grafana-cloud-token', title: 'Grafana Cloud access policy token', provider: 'Grafana',
    severity: 'critical', envName: 'GRAFANA_CLOUD_TOKEN', revokeUrl: GRAFANA_ACCESS_POLICIES,
    parts: [text('glc_'), chars(BASE64, 32, 400), chars(PADDING, 0, 2)], validate: isGrafanaCloudToken,
    checkNote: 'The part after `glc_` must decode to JSON naming an org, a token name and a key.',
  }),
  rule({
    id: 'grafana-service-account-token', title: 'Grafana service account token', provider: 'Grafana',
    severity: 'high', revokeUrl: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/',
    envName: 'GRAFANA_TOKEN', parts: [text('glsa_'), chars(ALNUM, 32), text('_'), chars(HEX, 8)],
  }),
  rule({
    id: 'grafana-api-key', title: 'Grafana API key (legacy)', provider: 'Grafana', severity: 'high',
    revokeUrl: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/',
    envName: 'GRAFANA_API_KEY', parts: [text('eyJrIjoi'), chars(BASE64, 40, 120), chars(PADDING, 0, 2)],
    validate: isGrafanaApiKey,
    checkNote: 'The whole value must decode to JSON with a key, a name and an org id.',
  }),
  rule({
    id: 'dynatrace-api-token', title: 'Dynatrace API token', provider: 'Dynatrace', severity: 'critical',
    revokeUrl: 'https://docs.dynatrace.com/docs/manage/access-control/access-tokens', envName: 'DT_API_TOKEN',
    parts: [text('dt0c01.'), chars(UPPER_ALNUM, 24), text('.'), chars(UPPER_ALNUM, 64)],
  }),
  rule({
    id: 'honeycomb-api-key', title: 'Honeycomb API key', provider: 'Honeycomb', severity: 'high',
    revokeUrl: 'https://docs.honeycomb.io/get-started/configure/environments/manage-api-keys/',
    envName: 'HONEYCOMB_API_KEY', parts: [chars(ALNUM, 22)], context: ['honeycomb'], minEntropy: 3.5,
  }),
  rule({
    id: 'splunk-hec-token', title: 'Splunk HTTP Event Collector token', provider: 'Splunk', severity: 'high',
    revokeUrl: 'https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector',
    envName: 'SPLUNK_HEC_TOKEN', parts: uuid(), context: ['splunk', 'hec_token'],
  }),
  rule({
    id: 'sumo-logic-access-key', title: 'Sumo Logic access key', provider: 'Sumo Logic', severity: 'high',
    revokeUrl: 'https://help.sumologic.com/docs/manage/security/access-keys/',
    envName: 'SUMOLOGIC_ACCESS_KEY', parts: [chars(ALNUM, 64)], context: ['sumo'], minEntropy: 3.5,
  }),
  rule({
    id: 'rollbar-access-token', title: 'Rollbar access token', provider: 'Rollbar', severity: 'high',
    revokeUrl: 'https://docs.rollbar.com/docs/access-tokens', envName: 'ROLLBAR_ACCESS_TOKEN',
    parts: [chars(HEX, 32)], context: ['rollbar'],
  }),
  rule({
    id: 'bugsnag-api-key', title: 'Bugsnag (Insight Hub) API key', provider: 'Bugsnag', severity: 'medium',
    revokeUrl: 'https://docs.bugsnag.com/product/getting-started/', envName: 'BUGSNAG_API_KEY',
    parts: [chars(HEX, 32)], context: ['bugsnag'],
  }),
  rule({
    id: 'mezmo-ingestion-key', title: 'Mezmo (LogDNA) ingestion key', provider: 'Mezmo', severity: 'high',
    revokeUrl: 'https://docs.mezmo.com/docs/ingestion-key', envName: 'MEZMO_INGESTION_KEY',
    parts: [chars(HEX, 32)], context: ['logdna', 'mezmo'],
  }),
  rule({
    id: 'pagerduty-api-key', title: 'PagerDuty API key', provider: 'PagerDuty', severity: 'high',
    revokeUrl: 'https://support.pagerduty.com/main/docs/api-access-keys', envName: 'PAGERDUTY_TOKEN',
    parts: [chars(BASE64URL, 20)], context: ['pagerduty'], minEntropy: 3.5,
  }),
  rule({
    id: 'opsgenie-api-key', title: 'Opsgenie API key', provider: 'Opsgenie', severity: 'high',
    revokeUrl: 'https://support.atlassian.com/opsgenie/docs/api-key-management/', envName: 'OPSGENIE_API_KEY',
    parts: uuid(), context: ['opsgenie'],
  }),
  rule({
    id: 'posthog-personal-api-key', title: 'PostHog personal API key', provider: 'PostHog', severity: 'high',
    revokeUrl: 'https://us.posthog.com/settings/user-api-keys', envName: 'POSTHOG_PERSONAL_API_KEY',
    parts: [text('phx_'), chars(ALNUM, 43)],
  }),
  rule({
    id: 'mixpanel-api-secret', title: 'Mixpanel API secret', provider: 'Mixpanel', severity: 'medium',
    revokeUrl: 'https://mixpanel.com/settings/project', envName: 'MIXPANEL_API_SECRET',
    parts: [chars(HEX, 32)], context: ['mixpanel'],
  }),
  rule({
    id: 'amplitude-secret-key', title: 'Amplitude secret key', provider: 'Amplitude', severity: 'medium',
    revokeUrl: 'https://app.amplitude.com/', envName: 'AMPLITUDE_SECRET_KEY', parts: [chars(HEX, 32)],
    context: ['amplitude'],
  }),
  rule({
    id: 'segment-write-key', title: 'Segment write key', provider: 'Segment', severity: 'low',
    revokeUrl: 'https://segment.com/docs/connections/find-writekey/', envName: 'SEGMENT_WRITE_KEY',
    parts: [chars(ALNUM, 32)], context: ['segment_write', 'segmentwrite', 'segment-write'], minEntropy: 3.5,
  }),
  rule({
    id: 'axiom-api-token', title: 'Axiom API token', provider: 'Axiom', severity: 'high',
    revokeUrl: 'https://app.axiom.co/settings/api-tokens', envName: 'AXIOM_TOKEN',
    parts: [text('xaat-'), ...uuid()],
  }),
  rule({
    id: 'axiom-personal-token', title: 'Axiom personal token', provider: 'Axiom', severity: 'high',
    revokeUrl: 'https://app.axiom.co/settings/profile', envName: 'AXIOM_TOKEN',
    parts: [text('xapt-'), ...uuid()],
  }),
  rule({
    id: 'launchdarkly-sdk-key', title: 'LaunchDarkly server-side SDK key', provider: 'LaunchDarkly',
    severity: 'high', revokeUrl: 'https://app.launchdarkly.com/settings/projects',
    envName: 'LAUNCHDARKLY_SDK_KEY',
    // `sdk-` or `api-` + a UUID also names ordinary resources, so the name must say LaunchDarkly.
    parts: [text('sdk-'), ...uuid()], context: ['launchdarkly', 'ld_sdk', 'ld-sdk'],
  }),
  rule({
    id: 'launchdarkly-api-token', title: 'LaunchDarkly API access token', provider: 'LaunchDarkly',
    severity: 'high', revokeUrl: 'https://app.launchdarkly.com/settings/authorization',
    envName: 'LAUNCHDARKLY_ACCESS_TOKEN', parts: [text('api-'), ...uuid()],
    context: ['launchdarkly', 'ld_api', 'ld-api', 'ld_access'],
  }),
];
