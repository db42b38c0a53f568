import {
  ALNUM, BASE64, BASE64URL, HEX, LOWER_ALNUM, PADDING, chars, defineRule, text, uuid,
  type ProviderRule, type RuleSpec,
} from './tokenShape';
import type { Severity } from '../types';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule =>
  defineRule({ ...spec, category: 'payments' });

function stripe(id: string, prefix: string, title: string, severity: Severity,
  revokeUrl: string): ProviderRule {
  return rule({
    id, title, provider: 'Stripe', severity, revokeUrl, envName: 'STRIPE_SECRET_KEY',
    parts: [text(prefix), chars(ALNUM, 24, 247)],
  });
}

const BRAINTREE_REVOKE =
  'https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials';

export const PAYMENTS_RULES: readonly ProviderRule[] = [
  stripe('stripe-secret-key', 'sk_live_', 'Stripe live secret key', 'critical',
    'https://dashboard.stripe.com/apikeys'),
  stripe('stripe-restricted-key', 'rk_live_', 'Stripe live restricted key', 'high',
    'https://dashboard.stripe.com/apikeys'),
  stripe('stripe-test-secret-key', 'sk_test_', 'Stripe test-mode secret key', 'medium',
    'https://dashboard.stripe.com/test/apikeys'),
  stripe('stripe-test-restricted-key', 'rk_test_', 'Stripe test-mode restricted key', 'low',
    'https://dashboard.stripe.com/test/apikeys'),
  rule({
    id: 'stripe-webhook-secret', title: 'Stripe (or Svix) webhook signing secret', provider: 'Stripe',
    severity: 'high', revokeUrl: 'https://dashboard.stripe.com/webhooks', envName: 'STRIPE_WEBHOOK_SECRET',
    parts: [text('whsec_'), chars(BASE64, 32, 88), chars(PADDING, 0, 2)], minEntropy: 3.5,
  }),
  rule({
    id: 'square-access-token', title: 'Square access token', provider: 'Square', severity: 'critical',
    revokeUrl: 'https://developer.squareup.com/apps', envName: 'SQUARE_ACCESS_TOKEN',
    parts: [text('EAAA'), chars(BASE64URL, 60)],
  }),
  rule({
    id: 'square-access-token-legacy', title: 'Square access token (legacy)', provider: 'Square',
    severity: 'critical', revokeUrl: 'https://developer.squareup.com/apps', envName: 'SQUARE_ACCESS_TOKEN',
    parts: [text('sq0atp-'), chars(BASE64URL, 22)],
  }),
  rule({
    id: 'square-oauth-secret', title: 'Square OAuth application secret', provider: 'Square', severity: 'high',
    revokeUrl: 'https://developer.squareup.com/apps', envName: 'SQUARE_APPLICATION_SECRET',
    parts: [text('sq0csp-'), chars(BASE64URL, 43)],
  }),
  rule({
    id: 'paypal-braintree-access-token', title: 'PayPal / Braintree production access token',
    provider: 'PayPal / Braintree', severity: 'critical', revokeUrl: BRAINTREE_REVOKE,
    envName: 'BRAINTREE_ACCESS_TOKEN',
    parts: [text('access_token$production$'), chars(LOWER_ALNUM, 16), text('$'), chars(HEX, 32)],
  }),
  rule({
    id: 'paypal-braintree-sandbox-token', title: 'PayPal / Braintree sandbox access token',
    provider: 'PayPal / Braintree', severity: 'medium', revokeUrl: BRAINTREE_REVOKE,
    envName: 'BRAINTREE_ACCESS_TOKEN',
    parts: [text('access_token$sandbox$'), chars(LOWER_ALNUM, 16), text('$'), chars(HEX, 32)],
  }),
  rule({
    id: 'paypal-client-secret', title: 'PayPal REST client secret', provider: 'PayPal / Braintree',
    severity: 'high', revokeUrl: 'https://developer.paypal.com/dashboard/applications',
    envName: 'PAYPAL_CLIENT_SECRET', parts: [chars(BASE64URL, 80)], context: ['paypal'], minEntropy: 3.5,
  }),
  rule({
    id: 'braintree-private-key', title: 'Braintree private key', provider: 'PayPal / Braintree',
    severity: 'high', revokeUrl: BRAINTREE_REVOKE, envName: 'BRAINTREE_PRIVATE_KEY', parts: [chars(HEX, 32)],
    context: ['braintree'],
  }),
  rule({
    id: 'razorpay-key-id', title: 'Razorpay live key ID', provider: 'Razorpay', severity: 'medium',
    revokeUrl: 'https://dashboard.razorpay.com/app/website-app-settings/api-keys', envName: 'RAZORPAY_KEY_ID',
    parts: [text('rzp_live_'), chars(ALNUM, 14)],
  }),
  rule({
    id: 'razorpay-key-secret', title: 'Razorpay key secret', provider: 'Razorpay', severity: 'critical',
    revokeUrl: 'https://dashboard.razorpay.com/app/website-app-settings/api-keys',
    envName: 'RAZORPAY_KEY_SECRET', parts: [chars(ALNUM, 24)], context: ['razorpay'], minEntropy: 3.5,
  }),
  rule({
    id: 'flutterwave-secret-key', title: 'Flutterwave live secret key', provider: 'Flutterwave',
    severity: 'critical', revokeUrl: 'https://app.flutterwave.com/dashboard/settings/apis',
    envName: 'FLW_SECRET_KEY', parts: [text('FLWSECK-'), chars(HEX, 32), text('-X')],
  }),
  rule({
    id: 'plaid-secret', title: 'Plaid API secret', provider: 'Plaid', severity: 'high',
    revokeUrl: 'https://dashboard.plaid.com/developers/keys', envName: 'PLAID_SECRET',
    parts: [chars(HEX, 30)], context: ['plaid'],
  }),
  rule({
    id: 'plaid-access-token', title: 'Plaid access token', provider: 'Plaid', severity: 'high',
    revokeUrl: 'https://plaid.com/docs/api/items/#itemremove', envName: 'PLAID_ACCESS_TOKEN',
    parts: [text('access-production-'), ...uuid()],
  }),
  rule({
    id: 'gocardless-access-token', title: 'GoCardless live access token', provider: 'GoCardless',
    severity: 'critical', revokeUrl: 'https://manage.gocardless.com/developers',
    envName: 'GOCARDLESS_ACCESS_TOKEN', parts: [text('live_'), chars(BASE64URL, 40)], minEntropy: 3.5,
  }),
  rule({
    id: 'mollie-api-key', title: 'Mollie live API key', provider: 'Mollie', severity: 'critical',
    revokeUrl: 'https://my.mollie.com/dashboard/developers/api-keys', envName: 'MOLLIE_API_KEY',
    parts: [text('live_'), chars(ALNUM, 30)], minEntropy: 3.5,
  }),
  rule({
    id: 'easypost-api-key', title: 'EasyPost production API key', provider: 'EasyPost', severity: 'high',
    revokeUrl: 'https://www.easypost.com/account/api-keys', envName: 'EASYPOST_API_KEY',
    parts: [text('EZAK'), chars(ALNUM, 54)],
  }),
  rule({
    id: 'shippo-live-token', title: 'Shippo live API token', provider: 'Shippo', severity: 'high',
    revokeUrl: 'https://apps.goshippo.com/settings/api', envName: 'SHIPPO_API_TOKEN',
    parts: [text('shippo_live_'), chars(HEX, 40)],
  }),
  rule({
    id: 'shippo-test-token', title: 'Shippo test API token', provider: 'Shippo', severity: 'medium',
    revokeUrl: 'https://apps.goshippo.com/settings/api', envName: 'SHIPPO_API_TOKEN',
    parts: [text('shippo_test_'), chars(HEX, 40)],
  }),
  rule({
    id: 'duffel-live-token', title: 'Duffel live access token', provider: 'Duffel', severity: 'high',
    revokeUrl: 'https://app.duffel.com/', envName: 'DUFFEL_ACCESS_TOKEN',
    parts: [text('duffel_live_'), chars(BASE64URL, 43)],
  }),
];
