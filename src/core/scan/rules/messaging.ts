import {
  ALNUM, BASE64URL, DIGITS, HEX, chars, defineRule, text, uuid, type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule =>
  defineRule({ ...spec, category: 'messaging' });

const MAILGUN_KEYS = 'https://app.mailgun.com/settings/api_security';
const TWILIO_KEYS = 'https://console.twilio.com/us1/account/keys-credentials/api-keys';

export const MESSAGING_RULES: readonly ProviderRule[] = [
  rule({
    id: 'sendgrid-api-key', title: 'SendGrid API key', provider: 'SendGrid', severity: 'critical',
    revokeUrl: 'https://app.sendgrid.com/settings/api_keys', envName: 'SENDGRID_API_KEY',
    parts: [text('SG.'), chars(BASE64URL, 22), text('.'), chars(BASE64URL, 43)],
  }),
  rule({
    id: 'mailgun-api-key', title: 'Mailgun private API key (legacy)', provider: 'Mailgun',
    severity: 'critical',
    revokeUrl: MAILGUN_KEYS, envName: 'MAILGUN_API_KEY', parts: [text('key-'), chars(HEX, 32)],
    // `key-` + 32 hex is also how many apps name cache or session keys, so the name must say Mailgun.
    context: ['mailgun'],
  }),
  rule({
    id: 'mailgun-private-key', title: 'Mailgun private API key', provider: 'Mailgun', severity: 'critical',
    revokeUrl: MAILGUN_KEYS, envName: 'MAILGUN_API_KEY',
    parts: [chars(HEX, 32), text('-'), chars(HEX, 8), text('-'), chars(HEX, 8)], context: ['mailgun'],
  }),
  rule({
    id: 'mailgun-webhook-signing-key', title: 'Mailgun webhook signing key', provider: 'Mailgun',
    severity: 'high',
    revokeUrl: MAILGUN_KEYS, envName: 'MAILGUN_WEBHOOK_SIGNING_KEY', parts: [chars(HEX, 32)],
    context: ['mailgun_webhook', 'mailgun_signing', 'webhook_signing_key'],
  }),
  rule({
    id: 'twilio-account-sid', title: 'Twilio account SID', provider: 'Twilio', severity: 'low',
    revokeUrl: 'https://console.twilio.com/', envName: 'TWILIO_ACCOUNT_SID',
    parts: [text('AC'), chars(HEX, 32)], minEntropy: 3,
  }),
  rule({
    id: 'twilio-api-key-sid', title: 'Twilio API key SID', provider: 'Twilio', severity: 'medium',
    revokeUrl: TWILIO_KEYS, envName: 'TWILIO_API_KEY', parts: [text('SK'), chars(HEX, 32)], minEntropy: 3,
  }),
  rule({
    id: 'twilio-auth-token', title: 'Twilio auth token', provider: 'Twilio', severity: 'critical',
    revokeUrl: 'https://console.twilio.com/', envName: 'TWILIO_AUTH_TOKEN', parts: [chars(HEX, 32)],
    context: ['twilio'],
  }),
  rule({
    id: 'twilio-api-key-secret', title: 'Twilio API key secret', provider: 'Twilio', severity: 'critical',
    revokeUrl: TWILIO_KEYS, envName: 'TWILIO_API_SECRET', parts: [chars(ALNUM, 32)],
    context: ['twilio_api_secret', 'twilio_secret'], minEntropy: 3.5,
  }),
  rule({
    id: 'postmark-server-token', title: 'Postmark server API token', provider: 'Postmark',
    severity: 'critical',
    revokeUrl: 'https://account.postmarkapp.com/servers', envName: 'POSTMARK_SERVER_TOKEN', parts: uuid(),
    context: ['postmark'],
  }),
  rule({
    id: 'mailchimp-api-key', title: 'Mailchimp API key', provider: 'Mailchimp', severity: 'high',
    revokeUrl: 'https://mailchimp.com/help/about-api-keys/', envName: 'MAILCHIMP_API_KEY',
    parts: [chars(HEX, 32), text('-us'), chars(DIGITS, 1, 2)],
  }),
  rule({
    id: 'mandrill-api-key', title: 'Mailchimp Transactional (Mandrill) API key', provider: 'Mailchimp',
    severity: 'high', revokeUrl: 'https://mandrillapp.com/settings', envName: 'MANDRILL_API_KEY',
    parts: [chars(BASE64URL, 22)], context: ['mandrill'], minEntropy: 3.5,
  }),
  rule({
    id: 'brevo-api-key', title: 'Brevo (Sendinblue) API key', provider: 'Brevo', severity: 'critical',
    revokeUrl: 'https://app.brevo.com/settings/keys/api', envName: 'BREVO_API_KEY',
    parts: [text('xkeysib-'), chars(HEX, 64), text('-'), chars(ALNUM, 16)],
  }),
  rule({
    id: 'brevo-smtp-key', title: 'Brevo (Sendinblue) SMTP key', provider: 'Brevo', severity: 'high',
    revokeUrl: 'https://app.brevo.com/settings/keys/smtp', envName: 'BREVO_SMTP_KEY',
    parts: [text('xsmtpsib-'), chars(HEX, 64), text('-'), chars(ALNUM, 16)],
  }),
  rule({
    id: 'mailjet-secret-key', title: 'Mailjet API secret key', provider: 'Mailjet', severity: 'high',
    revokeUrl: 'https://app.mailjet.com/account/apikeys', envName: 'MAILJET_SECRET_KEY',
    parts: [chars(HEX, 32)], context: ['mailjet'],
  }),
  rule({
    id: 'sparkpost-api-key', title: 'SparkPost API key', provider: 'SparkPost', severity: 'high',
    revokeUrl: 'https://app.sparkpost.com/account/api-keys', envName: 'SPARKPOST_API_KEY',
    parts: [chars(HEX, 40)], context: ['sparkpost'],
  }),
  rule({
    id: 'resend-api-key', title: 'Resend API key', provider: 'Resend', severity: 'high',
    revokeUrl: 'https://resend.com/api-keys', envName: 'RESEND_API_KEY',
    parts: [text('re_'), chars(ALNUM, 8), text('_'), chars(ALNUM, 24)], minEntropy: 3.5,
  }),
  rule({
    id: 'mailersend-api-token', title: 'MailerSend API token', provider: 'MailerSend', severity: 'high',
    revokeUrl: 'https://app.mailersend.com/api-tokens', envName: 'MAILERSEND_API_KEY',
    parts: [text('mlsn.'), chars(HEX, 64)],
  }),
  rule({
    id: 'messagebird-api-key', title: 'MessageBird (Bird) API key', provider: 'MessageBird', severity: 'high',
    revokeUrl: 'https://dashboard.messagebird.com/en/developers/access', envName: 'MESSAGEBIRD_API_KEY',
    parts: [chars(ALNUM, 25)], context: ['messagebird'], minEntropy: 3.5,
  }),
  rule({
    id: 'vonage-api-secret', title: 'Vonage (Nexmo) API secret', provider: 'Vonage', severity: 'high',
    revokeUrl: 'https://dashboard.nexmo.com/settings', envName: 'VONAGE_API_SECRET',
    parts: [chars(ALNUM, 16)], context: ['vonage', 'nexmo'], minEntropy: 3.3,
  }),
  rule({
    id: 'plivo-auth-token', title: 'Plivo auth token', provider: 'Plivo', severity: 'high',
    revokeUrl: 'https://console.plivo.com/dashboard/', envName: 'PLIVO_AUTH_TOKEN', parts: [chars(ALNUM, 40)],
    context: ['plivo'], minEntropy: 3.5,
  }),
  rule({
    id: 'pusher-app-secret', title: 'Pusher Channels app secret', provider: 'Pusher', severity: 'high',
    revokeUrl: 'https://dashboard.pusher.com/', envName: 'PUSHER_APP_SECRET', parts: [chars(HEX, 20)],
    context: ['pusher'],
  }),
  rule({
    id: 'ably-api-key', title: 'Ably API key', provider: 'Ably', severity: 'high',
    revokeUrl: 'https://ably.com/accounts', envName: 'ABLY_API_KEY',
    parts: [chars(BASE64URL, 6), text('.'), chars(BASE64URL, 6), text(':'), chars(BASE64URL, 43)],
    context: ['ably'], minEntropy: 3.5,
  }),
];
