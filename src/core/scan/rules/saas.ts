import { isBase64JsonWithKeys } from './checksums';
import {
  ALNUM, BASE64, BASE64URL, DIGITS, HEX, HEX_ANY, LOWER_ALNUM, PADDING, UPPER_ALNUM, chars, choice,
  defineRule, optional, text, uuid, type CharSet, type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule => defineRule({ ...spec, category: 'saas' });

const SHOPIFY_REVOKE = 'https://help.shopify.com/en/manual/apps/app-types/custom-apps';
const ATLASSIAN_REVOKE = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const URL_ENCODED: CharSet = { label: 'letters, digits or `%`', chars: ALNUM.chars + '%',
  regexClass: 'A-Za-z0-9%' };
const BASE64URL_EQ: CharSet = {
  label: 'URL-safe base64 characters or `=`', chars: BASE64URL.chars + '=', regexClass: 'A-Za-z0-9_\\-=',
};
const SALESFORCE_TAIL: CharSet = {
  label: 'letters, digits, `.` or `_`', chars: ALNUM.chars + '._', regexClass: 'A-Za-z0-9._',
};

/** Mapbox secret tokens are `sk.` + a base64url JSON payload naming the user + `.` + a signature. */
function isMapboxSecretToken(token: string): boolean {
  const payload = token.slice('sk.'.length, token.lastIndexOf('.'));
  return isBase64JsonWithKeys(payload, ['u']);
}

function shopify(id: string, prefix: string, title: string, severity: 'critical' | 'high'): ProviderRule {
  return rule({
    id, title, provider: 'Shopify', severity, revokeUrl: SHOPIFY_REVOKE, envName: 'SHOPIFY_ACCESS_TOKEN',
    parts: [text(prefix), chars(HEX_ANY, 32)],
  });
}

export const SAAS_RULES: readonly ProviderRule[] = [
  shopify('shopify-access-token', 'shpat_', 'Shopify Admin API access token', 'critical'),
  shopify('shopify-custom-app-token', 'shpca_', 'Shopify custom app access token', 'critical'),
  shopify('shopify-private-app-token', 'shppa_', 'Shopify private app password', 'critical'),
  shopify('shopify-shared-secret', 'shpss_', 'Shopify app shared secret', 'high'),
  rule({
    id: 'atlassian-api-token', title: 'Atlassian API token', provider: 'Atlassian', severity: 'critical',
    revokeUrl: ATLASSIAN_REVOKE, envName: 'ATLASSIAN_API_TOKEN',
    // Atlassian documents a varying length; issued tokens are 192 characters today.
    parts: [text('ATATT3'), chars(BASE64URL_EQ, 150, 300)], minEntropy: 4,
  }),
  rule({
    id: 'atlassian-access-token', title: 'Atlassian / Bitbucket access token', provider: 'Atlassian',
    severity: 'high', revokeUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/',
    envName: 'BITBUCKET_ACCESS_TOKEN', parts: [text('ATCTT3'), chars(BASE64URL_EQ, 150, 300)], minEntropy: 4,
  }),
  rule({
    id: 'linear-api-key', title: 'Linear API key', provider: 'Linear', severity: 'high',
    revokeUrl: 'https://linear.app/settings/account/security', envName: 'LINEAR_API_KEY',
    parts: [text('lin_api_'), chars(ALNUM, 40)],
  }),
  rule({
    id: 'linear-oauth-token', title: 'Linear OAuth access token', provider: 'Linear', severity: 'high',
    revokeUrl: 'https://linear.app/settings/api', envName: 'LINEAR_ACCESS_TOKEN',
    parts: [text('lin_oauth_'), chars(HEX, 64)],
  }),
  rule({
    id: 'notion-integration-token', title: 'Notion integration token', provider: 'Notion', severity: 'high',
    revokeUrl: 'https://www.notion.so/my-integrations', envName: 'NOTION_TOKEN',
    parts: [text('ntn_'), chars(ALNUM, 46)],
  }),
  rule({
    id: 'notion-integration-token-legacy', title: 'Notion integration token (legacy)', provider: 'Notion',
    severity: 'high', revokeUrl: 'https://www.notion.so/my-integrations', envName: 'NOTION_TOKEN',
    parts: [text('secret_'), chars(ALNUM, 43)], minEntropy: 3.5,
  }),
  rule({
    id: 'airtable-pat', title: 'Airtable personal access token', provider: 'Airtable', severity: 'high',
    revokeUrl: 'https://airtable.com/create/tokens', envName: 'AIRTABLE_TOKEN',
    parts: [text('pat'), chars(ALNUM, 14), text('.'), chars(HEX, 64)],
  }),
  rule({
    id: 'airtable-api-key-legacy', title: 'Airtable API key (legacy)', provider: 'Airtable',
    severity: 'medium', revokeUrl: 'https://airtable.com/create/tokens', envName: 'AIRTABLE_API_KEY',
    parts: [text('key'), chars(ALNUM, 14)], context: ['airtable'],
  }),
  rule({
    id: 'okta-api-token', title: 'Okta API token', provider: 'Okta', severity: 'critical',
    revokeUrl: 'https://help.okta.com/en-us/content/topics/security/api.htm', envName: 'OKTA_API_TOKEN',
    parts: [text('00'), chars(BASE64URL, 40)], context: ['okta'], minEntropy: 3.5,
  }),
  rule({
    id: 'auth0-client-secret', title: 'Auth0 client secret', provider: 'Auth0', severity: 'critical',
    revokeUrl: 'https://manage.auth0.com/#/applications', envName: 'AUTH0_CLIENT_SECRET',
    parts: [chars(BASE64URL, 64)], context: ['auth0'], minEntropy: 3.5,
  }),
  rule({
    id: 'asana-pat', title: 'Asana personal access token', provider: 'Asana', severity: 'high',
    revokeUrl: 'https://app.asana.com/0/my-apps', envName: 'ASANA_ACCESS_TOKEN',
    parts: [chars(DIGITS, 1), text('/'), chars(DIGITS, 13, 19), optional(text('/'), chars(DIGITS, 13, 19)),
      text(':'), chars(HEX, 32)],
    context: ['asana'],
  }),
  rule({
    id: 'clickup-api-token', title: 'ClickUp personal API token', provider: 'ClickUp', severity: 'high',
    revokeUrl: 'https://app.clickup.com/settings/apps', envName: 'CLICKUP_API_TOKEN',
    parts: [text('pk_'), chars(DIGITS, 6, 10), text('_'), chars(UPPER_ALNUM, 32)],
  }),
  rule({
    id: 'contentful-pat', title: 'Contentful personal access token', provider: 'Contentful', severity: 'high',
    revokeUrl: 'https://app.contentful.com/account/profile/cma_tokens',
    envName: 'CONTENTFUL_MANAGEMENT_TOKEN', parts: [text('CFPAT-'), chars(BASE64URL, 43)],
  }),
  rule({
    id: 'contentful-delivery-token', title: 'Contentful delivery / preview token', provider: 'Contentful',
    severity: 'medium', revokeUrl: 'https://app.contentful.com/', envName: 'CONTENTFUL_ACCESS_TOKEN',
    parts: [chars(BASE64URL, 43)], context: ['contentful'], minEntropy: 3.5,
  }),
  rule({
    id: 'algolia-admin-key', title: 'Algolia admin API key', provider: 'Algolia', severity: 'high',
    revokeUrl: 'https://dashboard.algolia.com/account/api-keys', envName: 'ALGOLIA_ADMIN_KEY',
    parts: [chars(HEX, 32)], context: ['algolia'],
  }),
  rule({
    id: 'figma-pat', title: 'Figma personal access token', provider: 'Figma', severity: 'high',
    revokeUrl: 'https://help.figma.com/hc/en-us/articles/8085703771159', envName: 'FIGMA_TOKEN',
    parts: [text('figd_'), chars(BASE64URL, 38, 44)], minEntropy: 3.5,
  }),
  rule({
    id: 'mapbox-secret-token', title: 'Mapbox secret access token', provider: 'Mapbox', severity: 'critical',
    revokeUrl: 'https://account.mapbox.com/access-tokens/', envName: 'MAPBOX_SECRET_TOKEN',
    parts: [text('sk.eyJ'), chars(BASE64URL, 40, 300), text('.'), chars(BASE64URL, 20, 30)],
    validate: isMapboxSecretToken, checkNote: 'The middle part must decode to JSON naming a Mapbox user.',
  }),
  rule({
    id: 'postman-api-key', title: 'Postman API key', provider: 'Postman', severity: 'high',
    revokeUrl: 'https://go.postman.co/settings/me/api-keys', envName: 'POSTMAN_API_KEY',
    parts: [text('PMAK-'), chars(HEX, 24), text('-'), chars(HEX, 34)],
  }),
  rule({
    id: 'dropbox-short-lived-token', title: 'Dropbox short-lived access token', provider: 'Dropbox',
    severity: 'medium', revokeUrl: 'https://www.dropbox.com/account/connected_apps',
    envName: 'DROPBOX_ACCESS_TOKEN',
    parts: [text('sl.'), optional(text('u.')), chars(BASE64URL, 130, 1500)], minEntropy: 4,
  }),
  rule({
    id: 'dropbox-long-lived-token', title: 'Dropbox long-lived access token', provider: 'Dropbox',
    severity: 'high',
    revokeUrl: 'https://www.dropbox.com/account/connected_apps', envName: 'DROPBOX_ACCESS_TOKEN',
    parts: [chars(LOWER_ALNUM, 11), text('AAAAAAAAAA'), chars(BASE64URL, 43)], context: ['dropbox'],
  }),
  rule({
    id: 'twitch-access-token', title: 'Twitch API access token', provider: 'Twitch', severity: 'high',
    revokeUrl: 'https://dev.twitch.tv/console/apps', envName: 'TWITCH_ACCESS_TOKEN',
    parts: [chars(LOWER_ALNUM, 30)], context: ['twitch'], minEntropy: 3.5,
  }),
  rule({
    id: 'zendesk-api-token', title: 'Zendesk API token', provider: 'Zendesk', severity: 'high',
    revokeUrl: 'https://support.zendesk.com/hc/en-us/articles/4408889192858', envName: 'ZENDESK_API_TOKEN',
    parts: [chars(ALNUM, 40)], context: ['zendesk'], minEntropy: 3.5,
  }),
  rule({
    id: 'hubspot-private-app-token', title: 'HubSpot private app access token', provider: 'HubSpot',
    severity: 'critical', revokeUrl: 'https://developers.hubspot.com/docs/api/private-apps',
    envName: 'HUBSPOT_ACCESS_TOKEN', parts: [text('pat-'), choice('na1-', 'na2-', 'eu1-', 'ap1-'), ...uuid()],
  }),
  rule({
    id: 'hubspot-api-key-legacy', title: 'HubSpot API key (legacy)', provider: 'HubSpot', severity: 'high',
    revokeUrl: 'https://developers.hubspot.com/docs/api/private-apps', envName: 'HUBSPOT_API_KEY',
    parts: uuid(), context: ['hubspot', 'hapikey'],
  }),
  rule({
    // base64 of "tok:" followed by the token id and secret.
    id: 'intercom-access-token', title: 'Intercom access token', provider: 'Intercom', severity: 'high',
    revokeUrl: 'https://app.intercom.com/a/apps/_/developer-hub', envName: 'INTERCOM_ACCESS_TOKEN',
    parts: [text('dG9rOj'), chars(BASE64, 50, 60), chars(PADDING, 0, 2)], minEntropy: 4,
  }),
  rule({
    id: 'typeform-pat', title: 'Typeform personal access token', provider: 'Typeform', severity: 'high',
    revokeUrl: 'https://admin.typeform.com/user/tokens', envName: 'TYPEFORM_TOKEN',
    parts: [text('tfp_'), chars(BASE64URL, 40, 60)], minEntropy: 3.5,
  }),
  rule({
    id: 'facebook-access-token', title: 'Facebook / Meta access token', provider: 'Meta', severity: 'high',
    revokeUrl: 'https://developers.facebook.com/apps/', envName: 'FACEBOOK_ACCESS_TOKEN',
    parts: [text('EAA'), choice('B', 'C', 'D', 'G', 'I', 'J', 'L', 'M', 'N', 'P', 'Q', 'S', 'W', 'Z'),
      chars(ALNUM, 100, 300)],
    minEntropy: 4,
  }),
  rule({
    id: 'facebook-app-secret', title: 'Facebook / Meta app secret', provider: 'Meta', severity: 'high',
    revokeUrl: 'https://developers.facebook.com/apps/', envName: 'FACEBOOK_APP_SECRET',
    parts: [chars(HEX, 32)], context: ['facebook', 'fb_app_secret', 'fb_secret'],
  }),
  rule({
    id: 'twitter-bearer-token', title: 'X (Twitter) app bearer token', provider: 'X (Twitter)',
    severity: 'high',
    revokeUrl: 'https://developer.x.com/en/portal/dashboard', envName: 'TWITTER_BEARER_TOKEN',
    parts: [text('AAAAAAAAAAAAAAAAAAAAA'), chars(URL_ENCODED, 50, 150)], minEntropy: 3.5,
  }),
  rule({
    id: 'twitter-api-secret', title: 'X (Twitter) API secret', provider: 'X (Twitter)', severity: 'high',
    revokeUrl: 'https://developer.x.com/en/portal/dashboard', envName: 'TWITTER_API_SECRET',
    parts: [chars(ALNUM, 45, 50)],
    context: ['twitter_api_secret', 'twitter_secret', 'twitter_consumer_secret'], minEntropy: 3.5,
  }),
  rule({
    id: 'trello-token', title: 'Trello API token', provider: 'Trello', severity: 'high',
    revokeUrl: 'https://trello.com/my/account', envName: 'TRELLO_TOKEN',
    parts: [text('ATTA'), chars(HEX_ANY, 60, 72)],
  }),
  rule({
    id: 'zoom-client-secret', title: 'Zoom app client secret', provider: 'Zoom', severity: 'high',
    revokeUrl: 'https://marketplace.zoom.us/user/build', envName: 'ZOOM_CLIENT_SECRET',
    parts: [chars(ALNUM, 32)], context: ['zoom'], minEntropy: 3.5,
  }),
  rule({
    id: 'salesforce-access-token', title: 'Salesforce access token', provider: 'Salesforce', severity: 'high',
    revokeUrl: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm',
    envName: 'SALESFORCE_ACCESS_TOKEN',
    parts: [text('00D'), chars(ALNUM, 12, 15), text('!'), chars(SALESFORCE_TAIL, 80, 110)], minEntropy: 4,
  }),
  rule({
    id: 'pipedrive-api-token', title: 'Pipedrive API token', provider: 'Pipedrive', severity: 'high',
    revokeUrl: 'https://app.pipedrive.com/settings/api', envName: 'PIPEDRIVE_API_TOKEN',
    parts: [chars(HEX, 40)], context: ['pipedrive'],
  }),
  rule({
    id: 'spotify-client-secret', title: 'Spotify client secret', provider: 'Spotify', severity: 'medium',
    revokeUrl: 'https://developer.spotify.com/dashboard', envName: 'SPOTIFY_CLIENT_SECRET',
    parts: [chars(HEX, 32)], context: ['spotify'],
  }),
  rule({
    id: 'linkedin-client-secret', title: 'LinkedIn client secret', provider: 'LinkedIn', severity: 'medium',
    revokeUrl: 'https://www.linkedin.com/developers/apps', envName: 'LINKEDIN_CLIENT_SECRET',
    parts: [chars(ALNUM, 16)], context: ['linkedin'], minEntropy: 3.3,
  }),
  rule({
    id: 'frameio-token', title: 'Frame.io developer token', provider: 'Frame.io', severity: 'high',
    revokeUrl: 'https://developer.frame.io/app/tokens', envName: 'FRAMEIO_TOKEN',
    parts: [text('fio-u-'), chars(BASE64URL, 64)],
  }),
  rule({
    id: 'freshdesk-api-key', title: 'Freshdesk API key', provider: 'Freshdesk', severity: 'medium',
    revokeUrl: 'https://support.freshdesk.com/support/solutions/articles/215517',
    envName: 'FRESHDESK_API_KEY', parts: [chars(ALNUM, 20)], context: ['freshdesk'], minEntropy: 3.5,
  }),
  rule({
    id: 'adafruit-io-key', title: 'Adafruit IO key', provider: 'Adafruit', severity: 'medium',
    revokeUrl: 'https://io.adafruit.com/', envName: 'ADAFRUIT_IO_KEY',
    parts: [text('aio_'), chars(ALNUM, 28)], minEntropy: 3.5,
  }),
];
