import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OAuth2Credential } from '../../../src/core/environments/model';
import { authorizationServerFor, isLoopbackUrl } from '../../../src/core/oauth/authorizationServer';

const base: OAuth2Credential = { type: 'oauth2', grant: 'client_credentials', clientId: 'c', origins: [] };

test('only loopback hosts count as loopback', () => {
  for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/', 'http://[::1]:3000/', 'http://127.1.2.3/'])
    assert.equal(isLoopbackUrl(new URL(url)), true, url);
  for (const url of ['http://127.0.0.1.example.test/', 'http://10.0.0.1/', 'http://localhost.example.test/'])
    assert.equal(isLoopbackUrl(new URL(url)), false, url);
});

test('endpoints given directly are used without discovery; plain http elsewhere is refused', async () => {
  const server = await authorizationServerFor({ ...base, tokenEndpoint: 'https://id.example.test/oauth/token' });
  assert.equal(server.token_endpoint, 'https://id.example.test/oauth/token');
  assert.equal(server.issuer, 'https://id.example.test');

  await assert.rejects(
    authorizationServerFor({ ...base, tokenEndpoint: 'http://id.example.test/token' }),
    /must use https/,
  );
  await assert.rejects(authorizationServerFor(base), /needs an issuer .* or a token endpoint/);
});
