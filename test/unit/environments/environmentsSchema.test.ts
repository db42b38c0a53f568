import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CREDENTIAL_TYPES, OAUTH2_GRANTS } from '../../../src/core/environments/model';
import { ENVIRONMENT_NAME_PATTERN, NAME_PATTERN } from '../../../src/core/environments/environmentsFile';

// The schema drives completion in the editor; the parser decides what the extension accepts.
const schema = JSON.parse(
  readFileSync(path.join(__dirname, '../../../media/schemas/token-warden.schema.json'), 'utf8'),
);

test('the JSON schema offers exactly the credential types and grants the parser accepts', () => {
  assert.deepEqual(schema.definitions.credential.properties.type.enum, [...CREDENTIAL_TYPES]);
  const oauth2 = schema.definitions.credential.allOf.find(
    (branch: { if: { properties: { type: { const: string } } } }) =>
      branch.if.properties.type.const === 'oauth2',
  );
  assert.deepEqual(oauth2.then.properties.grant.enum, [...OAUTH2_GRANTS]);
  const branches = schema.definitions.credential.allOf.map(
    (branch: { if: { properties: { type: { const: string } } } }) => branch.if.properties.type.const,
  );
  assert.deepEqual([...branches].sort(), [...CREDENTIAL_TYPES].sort());
});

test('the JSON schema uses the same name rules as the parser', () => {
  assert.equal(schema.definitions.name.pattern, NAME_PATTERN.source);
  assert.equal(schema.properties.environments.propertyNames.pattern, ENVIRONMENT_NAME_PATTERN.source);
});
