import {
  ALNUM, BASE64URL, DIGITS, HEX, LOWER_ALNUM, UPPER_ALNUM, chars, choice, defineRule, optional, text, uuid,
  type CharSet, type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule => defineRule({ ...spec, category: 'chat' });

const SLACK_APPS = 'https://api.slack.com/apps';
const TEAMS_WEBHOOK_DOCS =
  'https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook';
const HOST_LABEL: CharSet = {
  label: 'lower-case letters, digits, `.` or `-`', chars: 'abcdefghijklmnopqrstuvwxyz0123456789.-',
  regexClass: 'a-z0-9.\\-',
};
const DATE_CHARS: CharSet = { label: 'digits or `-`', chars: '0123456789-', regexClass: '0-9\\-' };

export const CHAT_RULES: readonly ProviderRule[] = [
  rule({
    id: 'slack-bot-token', title: 'Slack bot token', provider: 'Slack', severity: 'critical',
    revokeUrl: SLACK_APPS, envName: 'SLACK_BOT_TOKEN',
    parts: [text('xoxb-'), chars(DIGITS, 10, 13), text('-'), chars(DIGITS, 10, 13), text('-'),
      chars(ALNUM, 24)],
  }),
  rule({
    id: 'slack-bot-token-legacy', title: 'Slack bot token (legacy)', provider: 'Slack', severity: 'high',
    revokeUrl: SLACK_APPS, envName: 'SLACK_BOT_TOKEN',
    parts: [text('xoxb-'), chars(DIGITS, 8, 14), text('-'), chars(ALNUM, 18, 26)],
  }),
  rule({
    id: 'slack-user-token', title: 'Slack user token', provider: 'Slack', severity: 'critical',
    revokeUrl: SLACK_APPS, envName: 'SLACK_USER_TOKEN',
    parts: [text('xoxp-'), chars(DIGITS, 10, 13), text('-'), chars(DIGITS, 10, 13), text('-'),
      chars(DIGITS, 10, 13), text('-'), chars(HEX, 32)],
  }),
  rule({
    id: 'slack-workspace-token', title: 'Slack workspace access token (legacy xoxa)', provider: 'Slack',
    severity: 'high', revokeUrl: SLACK_APPS, envName: 'SLACK_TOKEN',
    parts: [text('xoxa-'), optional(text('2-')), chars(DIGITS, 10, 13), text('-'), chars(DIGITS, 10, 13),
      text('-'), chars(DIGITS, 10, 13), text('-'), chars(HEX, 32, 64)],
  }),
  rule({
    id: 'slack-app-token', title: 'Slack app-level token', provider: 'Slack', severity: 'high',
    revokeUrl: SLACK_APPS, envName: 'SLACK_APP_TOKEN',
    parts: [text('xapp-1-'), chars(UPPER_ALNUM, 9, 11), text('-'), chars(DIGITS, 12, 13), text('-'),
      chars(HEX, 64)],
  }),
  rule({
    id: 'slack-config-token', title: 'Slack configuration access token', provider: 'Slack', severity: 'high',
    revokeUrl: SLACK_APPS, envName: 'SLACK_CONFIG_TOKEN',
    parts: [text('xoxe.'), choice('xoxb-', 'xoxp-'), text('1-'), chars(ALNUM, 150, 180)],
  }),
  rule({
    id: 'slack-config-refresh-token', title: 'Slack configuration refresh token', provider: 'Slack',
    severity: 'high', revokeUrl: SLACK_APPS, envName: 'SLACK_CONFIG_REFRESH_TOKEN',
    parts: [text('xoxe-1-'), chars(ALNUM, 140, 160)],
  }),
  rule({
    id: 'slack-webhook-url', title: 'Slack incoming webhook URL', provider: 'Slack', severity: 'high',
    revokeUrl: SLACK_APPS, envName: 'SLACK_WEBHOOK_URL',
    parts: [text('https://hooks.slack.com/services/T'), chars(UPPER_ALNUM, 8, 12), text('/B'),
      chars(UPPER_ALNUM, 8, 12), text('/'), chars(ALNUM, 24)],
  }),
  rule({
    id: 'slack-workflow-webhook-url', title: 'Slack workflow webhook URL', provider: 'Slack',
    severity: 'medium', revokeUrl: SLACK_APPS, envName: 'SLACK_WEBHOOK_URL',
    parts: [text('https://hooks.slack.com/'), choice('workflows/', 'triggers/'), text('T'),
      chars(UPPER_ALNUM, 8, 12),
      text('/A'), chars(UPPER_ALNUM, 8, 12), text('/'), chars(DIGITS, 15, 20), text('/'), chars(ALNUM, 32)],
  }),
  rule({
    // The first segment is the base64 of the bot's numeric id, so it starts with M, N or O.
    id: 'discord-bot-token', title: 'Discord bot token', provider: 'Discord', severity: 'critical',
    revokeUrl: 'https://discord.com/developers/applications', envName: 'DISCORD_BOT_TOKEN',
    parts: [choice('M', 'N', 'O'), chars(ALNUM, 23, 25), text('.'), chars(BASE64URL, 6), text('.'),
      chars(BASE64URL, 27, 38)],
    context: ['discord', 'bot'],
  }),
  rule({
    id: 'discord-webhook-url', title: 'Discord webhook URL', provider: 'Discord', severity: 'high',
    revokeUrl: 'https://support.discord.com/hc/en-us/articles/228383668', envName: 'DISCORD_WEBHOOK_URL',
    parts: [text('https://'),
      choice('discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com'),
      text('/api/webhooks/'), chars(DIGITS, 17, 20), text('/'), chars(BASE64URL, 60, 68)],
    keywords: ['/api/webhooks/'],
  }),
  rule({
    id: 'discord-client-secret', title: 'Discord OAuth client secret', provider: 'Discord', severity: 'high',
    revokeUrl: 'https://discord.com/developers/applications', envName: 'DISCORD_CLIENT_SECRET',
    parts: [chars(BASE64URL, 32)], context: ['discord_client_secret', 'discord_secret'], minEntropy: 3.5,
  }),
  rule({
    id: 'telegram-bot-token', title: 'Telegram bot token', provider: 'Telegram', severity: 'critical',
    revokeUrl: 'https://t.me/BotFather', envName: 'TELEGRAM_BOT_TOKEN',
    parts: [chars(DIGITS, 8, 10), text(':AA'), chars(BASE64URL, 33)],
  }),
  rule({
    id: 'microsoft-teams-webhook-url', title: 'Microsoft Teams incoming webhook URL',
    provider: 'Microsoft Teams', severity: 'high', envName: 'TEAMS_WEBHOOK_URL',
    revokeUrl: TEAMS_WEBHOOK_DOCS,
    parts: [text('https://'), chars(HOST_LABEL, 1, 63), text('.webhook.office.com/webhookb2/'), ...uuid(),
      text('@'), ...uuid(), text('/IncomingWebhook/'), chars(ALNUM, 32), text('/'), ...uuid()],
    keywords: ['webhook.office.com'],
  }),
  rule({
    id: 'microsoft-teams-workflow-url', title: 'Microsoft Teams / Power Automate workflow URL',
    provider: 'Microsoft Teams', severity: 'high', envName: 'TEAMS_WEBHOOK_URL',
    revokeUrl: 'https://learn.microsoft.com/power-automate/teams/overview',
    parts: [text('https://'), chars(HOST_LABEL, 5, 80), text('.logic.azure.com'), optional(text(':443')),
      text('/workflows/'), chars(HEX, 32), text('/triggers/manual/paths/invoke?api-version='),
      chars(DATE_CHARS, 10), text('&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig='), chars(BASE64URL, 43)],
    keywords: ['.logic.azure.com'],
  }),
  rule({
    id: 'mattermost-access-token', title: 'Mattermost personal access token', provider: 'Mattermost',
    severity: 'high', revokeUrl: 'https://docs.mattermost.com/developer/personal-access-tokens.html',
    envName: 'MATTERMOST_TOKEN', parts: [chars(LOWER_ALNUM, 26)], context: ['mattermost'], minEntropy: 3.5,
  }),
  rule({
    id: 'line-channel-secret', title: 'LINE Messaging API channel secret', provider: 'LINE', severity: 'high',
    revokeUrl: 'https://developers.line.biz/console/', envName: 'LINE_CHANNEL_SECRET',
    parts: [chars(HEX, 32)], context: ['line_channel_secret', 'linechannelsecret', 'channel_secret'],
  }),
];
