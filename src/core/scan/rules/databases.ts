import {
  ALNUM, BASE64URL, HEX, PADDING, chars, defineRule, text, uuid, type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule =>
  defineRule({ ...spec, category: 'database' });

const PLANETSCALE_REVOKE = 'https://planetscale.com/docs/concepts/service-tokens';

export const DATABASE_RULES: readonly ProviderRule[] = [
  rule({
    id: 'planetscale-service-token', title: 'PlanetScale service token', provider: 'PlanetScale',
    severity: 'high', revokeUrl: PLANETSCALE_REVOKE, envName: 'PLANETSCALE_SERVICE_TOKEN',
    parts: [text('pscale_tkn_'), chars(BASE64URL, 43)],
  }),
  rule({
    id: 'planetscale-password', title: 'PlanetScale database password', provider: 'PlanetScale',
    severity: 'critical', revokeUrl: 'https://planetscale.com/docs/concepts/connection-strings',
    envName: 'DATABASE_PASSWORD', parts: [text('pscale_pw_'), chars(BASE64URL, 43)],
  }),
  rule({
    id: 'planetscale-oauth-token', title: 'PlanetScale OAuth token', provider: 'PlanetScale',
    severity: 'high', revokeUrl: PLANETSCALE_REVOKE, envName: 'PLANETSCALE_TOKEN',
    parts: [text('pscale_oauth_'), chars(BASE64URL, 43)],
  }),
  rule({
    id: 'supabase-management-token', title: 'Supabase personal access token', provider: 'Supabase',
    severity: 'critical', revokeUrl: 'https://supabase.com/dashboard/account/tokens',
    envName: 'SUPABASE_ACCESS_TOKEN', parts: [text('sbp_'), chars(HEX, 40)],
  }),
  rule({
    id: 'supabase-secret-key', title: 'Supabase secret API key', provider: 'Supabase', severity: 'critical',
    revokeUrl: 'https://supabase.com/docs/guides/api/api-keys', envName: 'SUPABASE_SECRET_KEY',
    parts: [text('sb_secret_'), chars(BASE64URL, 24, 64)], minEntropy: 3.5,
  }),
  rule({
    id: 'mongodb-atlas-private-key', title: 'MongoDB Atlas API private key', provider: 'MongoDB Atlas',
    severity: 'high', revokeUrl: 'https://www.mongodb.com/docs/atlas/configure-api-access/',
    envName: 'MONGODB_ATLAS_PRIVATE_KEY', parts: uuid(),
    context: ['atlas_private', 'mongodb_atlas', 'atlas_api'],
  }),
  rule({
    id: 'firebase-database-secret', title: 'Firebase Realtime Database secret (legacy)', provider: 'Firebase',
    severity: 'high', revokeUrl: 'https://console.firebase.google.com/', envName: 'FIREBASE_DATABASE_SECRET',
    parts: [chars(ALNUM, 40)], context: ['firebase_secret', 'firebase_database_secret', 'database_secret'],
    minEntropy: 3.5,
  }),
  rule({
    id: 'fauna-secret', title: 'Fauna secret', provider: 'Fauna', severity: 'high',
    revokeUrl: 'https://docs.fauna.com/fauna/current/learn/security/keys/', envName: 'FAUNA_SECRET',
    parts: [text('fn'), chars(BASE64URL, 38)], context: ['fauna'], minEntropy: 3.5,
  }),
  rule({
    id: 'upstash-redis-token', title: 'Upstash Redis REST token', provider: 'Upstash', severity: 'high',
    revokeUrl: 'https://console.upstash.com/', envName: 'UPSTASH_REDIS_REST_TOKEN',
    parts: [chars(BASE64URL, 40, 120), chars(PADDING, 0, 2)], context: ['upstash'], minEntropy: 3.5,
  }),
  rule({
    id: 'influxdb-token', title: 'InfluxDB API token', provider: 'InfluxDB', severity: 'high',
    revokeUrl: 'https://docs.influxdata.com/influxdb/cloud/admin/tokens/delete-token/',
    envName: 'INFLUXDB_TOKEN',
    parts: [chars(BASE64URL, 86), text('==')], context: ['influx'], minEntropy: 3.5,
  }),
  rule({
    id: 'neon-api-key', title: 'Neon API key', provider: 'Neon', severity: 'high',
    revokeUrl: 'https://console.neon.tech/app/settings/api-keys', envName: 'NEON_API_KEY',
    parts: [chars(ALNUM, 64)], context: ['neon_api', 'neon-api'], minEntropy: 3.5,
  }),
];
