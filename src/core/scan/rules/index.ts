import type { Rule } from '../types';
import { AI_RULES } from './ai';
import { CHAT_RULES } from './chat';
import { CLOUD_RULES } from './cloud';
import { CODE_HOSTING_RULES } from './codeHosting';
import { DATABASE_RULES } from './databases';
import { INFRASTRUCTURE_RULES } from './infrastructure';
import { MESSAGING_RULES } from './messaging';
import { OBSERVABILITY_RULES } from './observability';
import { PACKAGE_REGISTRY_RULES } from './packageRegistries';
import { PAYMENTS_RULES } from './payments';
import { SAAS_RULES } from './saas';
import type { ProviderRule } from './tokenShape';

/** Every provider format with the description it was built from (for docs/rules.md and test generators). */
export const PROVIDER_RULE_DETAILS: readonly ProviderRule[] = [
  ...CLOUD_RULES,
  ...CODE_HOSTING_RULES,
  ...CHAT_RULES,
  ...PAYMENTS_RULES,
  ...MESSAGING_RULES,
  ...PACKAGE_REGISTRY_RULES,
  ...AI_RULES,
  ...OBSERVABILITY_RULES,
  ...SAAS_RULES,
  ...INFRASTRUCTURE_RULES,
  ...DATABASE_RULES,
];

/** The provider catalogue the detection engine runs, in a stable order. */
export const PROVIDER_RULES: readonly Rule[] = PROVIDER_RULE_DETAILS;

export type { ProviderRule } from './tokenShape';
