import {
  ALNUM, AZURE_SECRET, BASE32, BASE64, BASE64URL, DIGITS, HEX, PADDING, UPPER_ALNUM, chars, choice,
  defineRule,
  text, uuid, type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule => defineRule({ ...spec, category: 'cloud' });

const AWS_CREDENTIALS = 'https://console.aws.amazon.com/iam/home#/security_credentials';
const GCP_CREDENTIALS = 'https://console.cloud.google.com/apis/credentials';
const AZURE_PORTAL = 'https://portal.azure.com/';

export const CLOUD_RULES: readonly ProviderRule[] = [
  rule({
    id: 'aws-access-key-id', title: 'AWS access key ID', provider: 'AWS', severity: 'high',
    revokeUrl: AWS_CREDENTIALS, envName: 'AWS_ACCESS_KEY_ID',
    parts: [choice('AKIA', 'ABIA', 'ACCA'), chars(BASE32, 16)],
  }),
  rule({
    id: 'aws-temporary-access-key-id', title: 'AWS temporary (STS) access key ID', provider: 'AWS',
    severity: 'medium', revokeUrl: AWS_CREDENTIALS, envName: 'AWS_ACCESS_KEY_ID',
    parts: [text('ASIA'), chars(BASE32, 16)],
  }),
  rule({
    id: 'aws-secret-access-key', title: 'AWS secret access key', provider: 'AWS', severity: 'critical',
    revokeUrl: AWS_CREDENTIALS, envName: 'AWS_SECRET_ACCESS_KEY', parts: [chars(BASE64, 40)],
    context: ['aws_secret', 'secret_access_key', 'secretaccesskey', 'aws-secret'], minEntropy: 3.5,
  }),
  rule({
    id: 'aws-session-token', title: 'AWS session token', provider: 'AWS', severity: 'high',
    revokeUrl: AWS_CREDENTIALS, envName: 'AWS_SESSION_TOKEN',
    parts: [chars(BASE64, 100, 1200), chars(PADDING, 0, 2)],
    context: ['aws_session_token', 'session_token', 'sessiontoken', 'aws_security_token'],
  }),
  rule({
    id: 'aws-bedrock-api-key', title: 'Amazon Bedrock API key', provider: 'AWS', severity: 'high',
    revokeUrl: 'https://console.aws.amazon.com/bedrock/home#/api-keys', envName: 'AWS_BEARER_TOKEN_BEDROCK',
    parts: [text('ABSK'), chars(BASE64, 100, 400), chars(PADDING, 0, 2)], minEntropy: 4,
  }),
  rule({
    id: 'aws-mws-auth-token', title: 'Amazon MWS auth token', provider: 'AWS', severity: 'high',
    revokeUrl: 'https://sellercentral.amazon.com/apps/manage', envName: 'MWS_AUTH_TOKEN',
    parts: [text('amzn.mws.'), ...uuid()],
  }),
  rule({
    id: 'gcp-api-key', title: 'Google Cloud API key', provider: 'GCP', severity: 'high',
    revokeUrl: GCP_CREDENTIALS, envName: 'GOOGLE_API_KEY', parts: [text('AIza'), chars(BASE64URL, 35)],
  }),
  rule({
    id: 'gcp-oauth-client-secret', title: 'Google OAuth client secret', provider: 'GCP', severity: 'high',
    revokeUrl: GCP_CREDENTIALS, envName: 'GOOGLE_CLIENT_SECRET',
    parts: [text('GOCSPX-'), chars(BASE64URL, 28)],
  }),
  rule({
    id: 'gcp-oauth-access-token', title: 'Google OAuth access token', provider: 'GCP', severity: 'medium',
    revokeUrl: 'https://myaccount.google.com/permissions', envName: 'GOOGLE_ACCESS_TOKEN',
    parts: [text('ya29.'), chars(BASE64URL, 30, 2048)], minEntropy: 4,
  }),
  rule({
    id: 'gcp-oauth-refresh-token', title: 'Google OAuth refresh token', provider: 'GCP', severity: 'high',
    revokeUrl: 'https://myaccount.google.com/permissions', envName: 'GOOGLE_REFRESH_TOKEN',
    parts: [text('1//0'), chars(BASE64URL, 40, 400)], minEntropy: 4,
  }),
  rule({
    id: 'firebase-cloud-messaging-server-key', title: 'Firebase Cloud Messaging legacy server key',
    provider: 'GCP', severity: 'high', revokeUrl: 'https://console.firebase.google.com/',
    envName: 'FCM_SERVER_KEY',
    parts: [text('AAAA'), chars(BASE64URL, 7), text(':APA91b'), chars(BASE64URL, 134)],
  }),
  rule({
    id: 'azure-storage-account-key', title: 'Azure storage / Cosmos DB account key', provider: 'Azure',
    severity: 'critical', revokeUrl: AZURE_PORTAL, envName: 'AZURE_STORAGE_KEY',
    parts: [chars(BASE64, 86), text('==')],
    context: ['accountkey', 'account_key', 'storage_key', 'primarykey'], minEntropy: 4,
  }),
  rule({
    // Keys Azure issues since 2023 embed a fixed signature so scanners can spot them without context.
    id: 'azure-storage-identifiable-key', title: 'Azure storage account key (identifiable)',
    provider: 'Azure', severity: 'critical', revokeUrl: AZURE_PORTAL, envName: 'AZURE_STORAGE_KEY',
    parts: [chars(BASE64, 76), text('+ASt'), chars(BASE64, 6), text('==')],
  }),
  rule({
    id: 'azure-cosmosdb-identifiable-key', title: 'Azure Cosmos DB key (identifiable)', provider: 'Azure',
    severity: 'critical', revokeUrl: AZURE_PORTAL, envName: 'COSMOS_KEY',
    parts: [chars(BASE64, 76), text('ACDb'), chars(BASE64, 6), text('==')],
  }),
  rule({
    id: 'azure-container-registry-key', title: 'Azure Container Registry password (identifiable)',
    provider: 'Azure', severity: 'high', revokeUrl: AZURE_PORTAL, envName: 'ACR_PASSWORD',
    parts: [chars(BASE64, 42), text('+ACR'), chars(ALNUM, 6)],
  }),
  rule({
    id: 'azure-shared-access-key', title: 'Azure Service Bus / Event Hubs shared access key',
    provider: 'Azure', severity: 'critical', revokeUrl: AZURE_PORTAL, envName: 'AZURE_SERVICEBUS_KEY',
    parts: [chars(BASE64, 43), text('=')], context: ['sharedaccesskey', 'shared_access_key'], minEntropy: 4,
  }),
  rule({
    id: 'azure-ad-client-secret', title: 'Microsoft Entra ID (Azure AD) client secret', provider: 'Azure',
    severity: 'critical', envName: 'AZURE_CLIENT_SECRET',
    revokeUrl: 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
    parts: [chars(AZURE_SECRET, 3), chars(DIGITS, 1), text('Q~'), chars(AZURE_SECRET, 31, 34)],
    minEntropy: 3.5,
  }),
  rule({
    id: 'azure-cognitive-services-key', title: 'Azure AI services / API Management subscription key',
    provider: 'Azure', severity: 'high', revokeUrl: AZURE_PORTAL, envName: 'AZURE_OPENAI_API_KEY',
    parts: [chars(HEX, 32)],
    context: ['azure_openai', 'azureopenai', 'ocp-apim-subscription-key', 'cognitive', 'azure_ai',
      'speech_key'],
  }),
  rule({
    id: 'alibaba-access-key-id', title: 'Alibaba Cloud AccessKey ID', provider: 'Alibaba Cloud',
    severity: 'high',
    revokeUrl: 'https://ram.console.aliyun.com/manage/ak', envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    parts: [text('LTAI'), chars(ALNUM, 12, 20)], minEntropy: 3,
  }),
  rule({
    id: 'alibaba-access-key-secret', title: 'Alibaba Cloud AccessKey secret', provider: 'Alibaba Cloud',
    severity: 'critical', revokeUrl: 'https://ram.console.aliyun.com/manage/ak',
    envName: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', parts: [chars(ALNUM, 30)],
    context: ['alibaba', 'aliyun', 'accesskeysecret', 'access_key_secret'], minEntropy: 3.5,
  }),
  rule({
    id: 'tencent-cloud-secret-id', title: 'Tencent Cloud SecretId', provider: 'Tencent Cloud',
    severity: 'high',
    revokeUrl: 'https://console.cloud.tencent.com/cam/capi', envName: 'TENCENTCLOUD_SECRET_ID',
    parts: [text('AKID'), chars(ALNUM, 32)],
  }),
  rule({
    id: 'tencent-cloud-secret-key', title: 'Tencent Cloud SecretKey', provider: 'Tencent Cloud',
    severity: 'critical', revokeUrl: 'https://console.cloud.tencent.com/cam/capi',
    envName: 'TENCENTCLOUD_SECRET_KEY', parts: [chars(ALNUM, 32)], context: ['tencent', 'qcloud'],
    minEntropy: 3.5,
  }),
  rule({
    id: 'ibm-cloud-api-key', title: 'IBM Cloud API key', provider: 'IBM Cloud', severity: 'critical',
    revokeUrl: 'https://cloud.ibm.com/iam/apikeys', envName: 'IBMCLOUD_API_KEY',
    parts: [chars(BASE64URL, 44)],
    context: ['ibmcloud', 'ibm_cloud', 'ibm_api', 'ibm-api', 'bluemix', 'ibm_iam'], minEntropy: 3.5,
  }),
  rule({
    id: 'oracle-cloud-auth-token', title: 'Oracle Cloud (OCI) customer secret key', provider: 'Oracle Cloud',
    severity: 'high', envName: 'OCI_SECRET_KEY',
    revokeUrl: 'https://docs.oracle.com/en-us/iaas/Content/Identity/access/managing-user-credentials.htm',
    parts: [chars(BASE64, 43), chars(PADDING, 0, 1)], context: ['oci_secret', 'oci-secret', 'oracle_secret'],
    minEntropy: 3.5,
  }),
  rule({
    id: 'yandex-cloud-api-key', title: 'Yandex Cloud API key', provider: 'Yandex Cloud', severity: 'high',
    revokeUrl: 'https://yandex.cloud/en/docs/iam/operations/api-key/delete', envName: 'YC_API_KEY',
    parts: [text('AQVN'), chars(BASE64URL, 35, 38)],
  }),
  rule({
    id: 'yandex-cloud-iam-token', title: 'Yandex Cloud IAM token', provider: 'Yandex Cloud',
    severity: 'medium',
    revokeUrl: 'https://yandex.cloud/en/docs/iam/concepts/authorization/iam-token', envName: 'YC_IAM_TOKEN',
    parts: [text('t1.'), chars(BASE64URL, 20, 400), chars(PADDING, 0, 2), text('.'), chars(BASE64URL, 86),
      chars(PADDING, 0, 2)],
  }),
  rule({
    id: 'yandex-cloud-static-key-secret', title: 'Yandex Cloud static access key secret',
    provider: 'Yandex Cloud',
    severity: 'high', revokeUrl: 'https://yandex.cloud/en/docs/iam/operations/sa/delete-access-key',
    envName: 'YC_SECRET_ACCESS_KEY', parts: [text('YC'), chars(BASE64URL, 38)],
    context: ['yandex', 'secret_access_key', 'secret_key', 'yc_secret'], minEntropy: 3.5,
  }),
  rule({
    id: 'scaleway-access-key', title: 'Scaleway access key', provider: 'Scaleway', severity: 'medium',
    revokeUrl: 'https://console.scaleway.com/iam/api-keys', envName: 'SCW_ACCESS_KEY',
    parts: [text('SCW'), chars(UPPER_ALNUM, 17)], minEntropy: 3,
  }),
  rule({
    id: 'scaleway-secret-key', title: 'Scaleway secret key', provider: 'Scaleway', severity: 'critical',
    revokeUrl: 'https://console.scaleway.com/iam/api-keys', envName: 'SCW_SECRET_KEY', parts: uuid(),
    context: ['scw_secret', 'scaleway'],
  }),
  rule({
    id: 'linode-token', title: 'Linode (Akamai) personal access token', provider: 'Linode',
    severity: 'critical',
    revokeUrl: 'https://cloud.linode.com/profile/tokens', envName: 'LINODE_TOKEN', parts: [chars(HEX, 64)],
    context: ['linode'],
  }),
  rule({
    id: 'vultr-api-key', title: 'Vultr API key', provider: 'Vultr', severity: 'critical',
    revokeUrl: 'https://my.vultr.com/settings/#settingsapi', envName: 'VULTR_API_KEY',
    parts: [chars(UPPER_ALNUM, 36)], context: ['vultr'],
  }),
  rule({
    id: 'digitalocean-pat', title: 'DigitalOcean personal access token', provider: 'DigitalOcean',
    severity: 'critical', revokeUrl: 'https://cloud.digitalocean.com/account/api/tokens',
    envName: 'DIGITALOCEAN_TOKEN', parts: [text('dop_v1_'), chars(HEX, 64)],
  }),
  rule({
    id: 'digitalocean-oauth-token', title: 'DigitalOcean OAuth access token', provider: 'DigitalOcean',
    severity: 'high', revokeUrl: 'https://cloud.digitalocean.com/account/api/tokens',
    envName: 'DIGITALOCEAN_TOKEN', parts: [text('doo_v1_'), chars(HEX, 64)],
  }),
  rule({
    id: 'digitalocean-refresh-token', title: 'DigitalOcean OAuth refresh token', provider: 'DigitalOcean',
    severity: 'high', revokeUrl: 'https://cloud.digitalocean.com/account/api/tokens',
    envName: 'DIGITALOCEAN_REFRESH_TOKEN', parts: [text('dor_v1_'), chars(HEX, 64)],
  }),
  rule({
    id: 'heroku-api-key', title: 'Heroku API key', provider: 'Heroku', severity: 'critical',
    revokeUrl: 'https://dashboard.heroku.com/account/applications', envName: 'HEROKU_API_KEY',
    parts: [text('HRKU-AA'), chars(BASE64URL, 58)],
  }),
  rule({
    id: 'heroku-api-key-legacy', title: 'Heroku API key (legacy UUID)', provider: 'Heroku', severity: 'high',
    revokeUrl: 'https://dashboard.heroku.com/account', envName: 'HEROKU_API_KEY', parts: uuid(),
    context: ['heroku'],
  }),
  rule({
    id: 'cloudflare-api-token', title: 'Cloudflare API token', provider: 'Cloudflare', severity: 'critical',
    revokeUrl: 'https://dash.cloudflare.com/profile/api-tokens', envName: 'CLOUDFLARE_API_TOKEN',
    parts: [chars(BASE64URL, 40)], context: ['cloudflare', 'cf_api', 'cf_token', 'cf-api'], minEntropy: 3.5,
  }),
  rule({
    id: 'cloudflare-global-api-key', title: 'Cloudflare global API key', provider: 'Cloudflare',
    severity: 'critical', revokeUrl: 'https://dash.cloudflare.com/profile/api-tokens',
    envName: 'CLOUDFLARE_API_KEY',
    parts: [chars(HEX, 37)], context: ['cloudflare', 'cf_api_key', 'x-auth-key', 'cf_key'],
  }),
  rule({
    id: 'cloudflare-origin-ca-key', title: 'Cloudflare Origin CA key', provider: 'Cloudflare',
    severity: 'high',
    revokeUrl: 'https://dash.cloudflare.com/profile/api-tokens', envName: 'CLOUDFLARE_ORIGIN_CA_KEY',
    parts: [text('v1.0-'), chars(HEX, 24), text('-'), chars(HEX, 146)],
  }),
  rule({
    id: 'vercel-token', title: 'Vercel access token', provider: 'Vercel', severity: 'critical',
    revokeUrl: 'https://vercel.com/account/tokens', envName: 'VERCEL_TOKEN', parts: [chars(ALNUM, 24)],
    context: ['vercel'], minEntropy: 3.5,
  }),
  rule({
    id: 'vercel-prefixed-token', title: 'Vercel token (prefixed format)', provider: 'Vercel',
    severity: 'critical', revokeUrl: 'https://vercel.com/account/tokens', envName: 'VERCEL_TOKEN',
    parts: [choice('vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'), chars(ALNUM, 24, 80)], minEntropy: 3.5,
  }),
  rule({
    id: 'netlify-pat', title: 'Netlify personal access token', provider: 'Netlify', severity: 'critical',
    revokeUrl: 'https://app.netlify.com/user/applications', envName: 'NETLIFY_AUTH_TOKEN',
    parts: [text('nfp_'), chars(ALNUM, 36)],
  }),
  rule({
    id: 'netlify-token-legacy', title: 'Netlify access token (legacy)', provider: 'Netlify', severity: 'high',
    revokeUrl: 'https://app.netlify.com/user/applications', envName: 'NETLIFY_AUTH_TOKEN',
    parts: [chars(BASE64URL, 43)], context: ['netlify'], minEntropy: 3.5,
  }),
  rule({
    id: 'fly-io-token', title: 'Fly.io access token', provider: 'Fly.io', severity: 'critical',
    revokeUrl: 'https://fly.io/docs/security/tokens/', envName: 'FLY_API_TOKEN',
    parts: [choice('fm1a_', 'fm1r_', 'fm2_', 'fo1_'), chars(BASE64, 100, 2000), chars(PADDING, 0, 2)],
    minEntropy: 4,
  }),
  rule({
    id: 'render-api-key', title: 'Render API key', provider: 'Render', severity: 'critical',
    revokeUrl: 'https://dashboard.render.com/u/settings#api-keys', envName: 'RENDER_API_KEY',
    parts: [text('rnd_'), chars(ALNUM, 32)], minEntropy: 3.5,
  }),
];
