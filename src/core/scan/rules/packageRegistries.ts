import { hasCrc32Base62Tail } from './checksums';
import {
  ALNUM, BASE64URL, HEX, LOWER_ALNUM, chars, defineRule, text, uuid, type ProviderRule, type RuleSpec,
} from './tokenShape';

const rule = (spec: Omit<RuleSpec, 'category'>): ProviderRule =>
  defineRule({ ...spec, category: 'package-registry' });

export const PACKAGE_REGISTRY_RULES: readonly ProviderRule[] = [
  rule({
    id: 'npm-access-token', title: 'npm access token', provider: 'npm', severity: 'critical',
    revokeUrl: 'https://docs.npmjs.com/revoking-access-tokens', envName: 'NPM_TOKEN',
    parts: [text('npm_'), chars(ALNUM, 36)], validate: hasCrc32Base62Tail,
    checkNote: 'The last 6 characters must be the base62 CRC32 of the 30 before them, as npm issues them.',
  }),
  rule({
    id: 'npm-legacy-auth-token', title: 'npm auth token (legacy UUID in .npmrc)', provider: 'npm',
    severity: 'high', revokeUrl: 'https://docs.npmjs.com/revoking-access-tokens', envName: 'NPM_TOKEN',
    parts: uuid(), context: ['_authtoken', 'npm_token'],
  }),
  rule({
    // A PyPI token is a macaroon whose serialized header names the issuing index.
    id: 'pypi-upload-token', title: 'PyPI API token', provider: 'PyPI', severity: 'critical',
    revokeUrl: 'https://pypi.org/manage/account/token/', envName: 'PYPI_API_TOKEN',
    parts: [text('pypi-AgEIcHlwaS5vcmc'), chars(BASE64URL, 50, 1000)],
  }),
  rule({
    id: 'pypi-test-upload-token', title: 'TestPyPI API token', provider: 'PyPI', severity: 'medium',
    revokeUrl: 'https://test.pypi.org/manage/account/token/', envName: 'TEST_PYPI_API_TOKEN',
    parts: [text('pypi-AgENdGVzdC5weXBpLm9yZw'), chars(BASE64URL, 50, 1000)],
  }),
  rule({
    id: 'docker-hub-pat', title: 'Docker Hub personal access token', provider: 'Docker Hub',
    severity: 'critical',
    revokeUrl: 'https://app.docker.com/settings/personal-access-tokens', envName: 'DOCKERHUB_TOKEN',
    parts: [text('dckr_pat_'), chars(BASE64URL, 27)],
  }),
  rule({
    id: 'docker-hub-org-token', title: 'Docker Hub organization access token', provider: 'Docker Hub',
    severity: 'critical', revokeUrl: 'https://docs.docker.com/security/for-admins/access-tokens/',
    envName: 'DOCKERHUB_TOKEN', parts: [text('dckr_oat_'), chars(BASE64URL, 27, 40)],
  }),
  rule({
    id: 'nuget-api-key', title: 'NuGet API key', provider: 'NuGet', severity: 'critical',
    revokeUrl: 'https://www.nuget.org/account/apikeys', envName: 'NUGET_API_KEY',
    parts: [text('oy2'), chars(LOWER_ALNUM, 43)],
  }),
  rule({
    id: 'rubygems-api-key', title: 'RubyGems API key', provider: 'RubyGems', severity: 'critical',
    revokeUrl: 'https://rubygems.org/profile/api_keys', envName: 'GEM_HOST_API_KEY',
    parts: [text('rubygems_'), chars(HEX, 48)],
  }),
  rule({
    id: 'crates-io-token', title: 'crates.io API token', provider: 'crates.io', severity: 'high',
    revokeUrl: 'https://crates.io/settings/tokens', envName: 'CARGO_REGISTRY_TOKEN',
    parts: [text('cio'), chars(ALNUM, 32)], minEntropy: 3.5,
  }),
  rule({
    id: 'clojars-token', title: 'Clojars deploy token', provider: 'Clojars', severity: 'high',
    revokeUrl: 'https://clojars.org/tokens', envName: 'CLOJARS_PASSWORD',
    parts: [text('CLOJARS_'), chars(LOWER_ALNUM, 60)],
  }),
  rule({
    id: 'gradle-plugin-portal-secret', title: 'Gradle Plugin Portal publishing secret', provider: 'Gradle',
    severity: 'high', revokeUrl: 'https://plugins.gradle.org/', envName: 'GRADLE_PUBLISH_SECRET',
    parts: [chars(ALNUM, 32)], context: ['gradle.publish.secret', 'gradle_publish_secret'], minEntropy: 3.5,
  }),
  rule({
    id: 'hex-pm-api-key', title: 'Hex.pm API key', provider: 'Hex', severity: 'high',
    revokeUrl: 'https://hex.pm/dashboard/keys', envName: 'HEX_API_KEY', parts: [chars(HEX, 32)],
    context: ['hex_api_key', 'hexpm'],
  }),
];
