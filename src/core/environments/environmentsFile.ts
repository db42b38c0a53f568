import * as jsonc from 'jsonc-parser';
import {
  CREDENTIAL_TYPES,
  OAUTH2_GRANTS,
  SECRET_FIELDS,
  OAUTH2_TOKEN_FIELDS,
  type Credential,
  type Environment,
  type EnvironmentsFile,
} from './model';
import { isSecret } from './secretClassifier';

/** A problem in `.vscode/token-warden.json`; line and column are 1-based, as editors show them. */
export interface FileProblem {
  message: string;
  severity: 'error' | 'warning';
  offset: number;
  length: number;
  line: number;
  column: number;
}

export interface ParsedEnvironmentsFile {
  /** The usable part of the file; environments with errors are left out. */
  file: EnvironmentsFile;
  problems: FileProblem[];
  /** True when at least one problem is an error: such a file is never written. */
  hasErrors: boolean;
}

/** Environment, variable and credential names: usable in `{{name}}` and as shell variable names. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
export const ENVIRONMENT_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/**
 * Names such as `__proto__`, `constructor` or `toString`: as keys of the plain objects of the model
 * they would be lost (`__proto__`) or found where nothing was defined (`"toString" in {}`).
 */
export function isReservedName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(Object.prototype, name);
}

export function emptyEnvironmentsFile(): EnvironmentsFile {
  return { version: 1, environments: {} };
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  return lineColumnLocator(text)(offset);
}

/**
 * Finds 1-based line and column of offsets in one text. Line starts are indexed once, so a file
 * with thousands of problems is not rescanned from the top for each of them.
 */
export function lineColumnLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

/** Formats a problem as `line:column message`, the way it appears in notifications and the CLI. */
export function describeProblem(p: FileProblem): string {
  return `${p.line}:${p.column} ${p.message}`;
}

const PARSE_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace expected',
  CloseBracketExpected: 'closing bracket expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character',
};

const COMMON_CREDENTIAL_KEYS = ['type', 'origins', 'description'];
const CREDENTIAL_KEYS: Record<string, string[]> = {
  secret: [],
  apiKey: ['in', 'name'],
  bearer: [],
  basic: ['username'],
  oauth2: [
    'grant',
    'issuer',
    'authorizationEndpoint',
    'tokenEndpoint',
    'deviceAuthorizationEndpoint',
    'revocationEndpoint',
    'clientId',
    'scopes',
    'audience',
    'redirectUri',
  ],
};
const SECRET_LIKE_KEYS = new Set([
  ...Object.values(SECRET_FIELDS).flat(),
  ...OAUTH2_TOKEN_FIELDS,
  'secret',
  'apiKey',
  'key',
]);

/** Parses and validates the environments file. Comments and trailing commas are allowed. */
export function parseEnvironmentsFile(text: string): ParsedEnvironmentsFile {
  const problems: FileProblem[] = [];
  const locate = lineColumnLocator(text);
  const report = (
    node: { offset: number; length: number } | undefined,
    message: string,
    severity: FileProblem['severity'] = 'error',
  ) => {
    const offset = node?.offset ?? 0;
    problems.push({ message, severity, offset, length: node?.length ?? 0, ...locate(offset) });
  };
  const file = emptyEnvironmentsFile();

  if (text.trim() === '') return { file, problems, hasErrors: false };

  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    report(e, `JSON syntax: ${PARSE_MESSAGES[jsonc.printParseErrorCode(e.error)] ?? 'invalid JSON'}`);
  }
  if (errors.length > 0 || !root) return done();
  if (root.type !== 'object') {
    report(root, 'the file must contain a JSON object');
    return done();
  }
  // JSON readers keep the last of two equal keys but edits find the first: a value would be lost.
  for (const key of duplicateKeys(root)) report(key, `duplicate key "${String(key.value)}"`);

  for (const prop of root.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    const key = keyNode?.value as string;
    if (key === '$schema') continue;
    if (key === 'version') {
      if (valueNode?.value !== 1) report(valueNode, '"version" must be 1');
    } else if (key === 'defaultEnvironment') {
      if (valueNode?.type !== 'string') report(valueNode, '"defaultEnvironment" must be a string');
      else file.defaultEnvironment = valueNode.value as string;
    } else if (key === 'environments') {
      readEnvironments(valueNode);
    } else {
      report(keyNode, `unknown property "${key}"`, 'warning');
    }
  }
  if (!jsonc.findNodeAtLocation(root, ['version'])) report(root, 'missing "version": 1', 'warning');
  if (file.defaultEnvironment !== undefined && !(file.defaultEnvironment in file.environments)) {
    report(
      jsonc.findNodeAtLocation(root, ['defaultEnvironment']),
      `"defaultEnvironment" names "${file.defaultEnvironment}", which is not defined`,
      'warning',
    );
  }
  return done();

  function done(): ParsedEnvironmentsFile {
    return { file, problems, hasErrors: problems.some((p) => p.severity === 'error') };
  }

  function readEnvironments(node: jsonc.Node | undefined) {
    if (node?.type !== 'object') {
      report(node, '"environments" must be an object of environments');
      return;
    }
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      const name = keyNode.value as string;
      if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
        report(keyNode, `environment name "${name}" must use letters, digits, "_", "-" or "." (max 64)`);
      }
      if (isReservedName(name)) {
        report(keyNode, `"${name}" is a reserved name; choose another`);
        continue;
      }
      const env = readEnvironment(name, valueNode);
      if (env) file.environments[name] = env;
    }
  }

  function readEnvironment(envName: string, node: jsonc.Node | undefined): Environment | undefined {
    if (node?.type !== 'object') {
      report(node, `environment "${envName}" must be an object`);
      return undefined;
    }
    const env: Environment = { variables: {}, credentials: {} };
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      const key = keyNode.value as string;
      if (key === 'variables') readVariables(envName, env, valueNode);
      else if (key === 'credentials') readCredentials(envName, env, valueNode);
      else report(keyNode, `unknown property "${key}" in environment "${envName}"`, 'warning');
    }
    return env;
  }

  function readVariables(envName: string, env: Environment, node: jsonc.Node | undefined) {
    if (node?.type !== 'object') {
      report(node, `"variables" of "${envName}" must be an object`);
      return;
    }
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      const name = keyNode.value as string;
      if (!NAME_PATTERN.test(name))
        report(keyNode, `variable name "${name}" must match ${NAME_PATTERN.source}`);
      if (isReservedName(name)) {
        report(keyNode, `"${name}" is a reserved name; choose another`);
        continue;
      }
      if (valueNode?.type !== 'string') {
        report(valueNode, `variable "${name}" must be a string`);
        continue;
      }
      env.variables[name] = valueNode.value as string;
      if (isSecret(name, valueNode.value as string)) {
        report(
          valueNode,
          `variable "${name}" looks like a secret, and this file is meant to be committed; ` +
            'make it a credential so that its value is kept in SecretStorage',
          'warning',
        );
      }
    }
  }

  function readCredentials(envName: string, env: Environment, node: jsonc.Node | undefined) {
    if (node?.type !== 'object') {
      report(node, `"credentials" of "${envName}" must be an object`);
      return;
    }
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      const name = keyNode.value as string;
      if (!NAME_PATTERN.test(name))
        report(keyNode, `credential name "${name}" must match ${NAME_PATTERN.source}`);
      if (isReservedName(name)) {
        report(keyNode, `"${name}" is a reserved name; choose another`);
        continue;
      }
      if (name in env.variables)
        report(keyNode, `"${name}" is both a variable and a credential in "${envName}"`);
      const credential = readCredential(name, valueNode);
      if (credential) env.credentials[name] = credential;
    }
  }

  function readCredential(name: string, node: jsonc.Node | undefined): Credential | undefined {
    if (node?.type !== 'object') {
      report(node, `credential "${name}" must be an object`);
      return undefined;
    }
    const value = jsonc.getNodeValue(node) as Record<string, unknown>;
    const typeNode = jsonc.findNodeAtLocation(node, ['type']);
    const type = value.type as string;
    if (!CREDENTIAL_TYPES.includes(type as Credential['type'])) {
      report(typeNode ?? node, `credential "${name}" needs "type": one of ${CREDENTIAL_TYPES.join(', ')}`);
      return undefined;
    }
    let ok = true;
    const fail = (path: string, message: string) => {
      ok = false;
      report(jsonc.findNodeAtLocation(node, [path]) ?? node, `credential "${name}": ${message}`);
    };
    const allowed = new Set([...COMMON_CREDENTIAL_KEYS, ...CREDENTIAL_KEYS[type]]);
    for (const prop of node.children ?? []) {
      const keyNode = prop.children?.[0];
      const key = keyNode?.value as string;
      if (allowed.has(key)) continue;
      if (SECRET_LIKE_KEYS.has(key)) {
        ok = false;
        report(
          keyNode,
          `credential "${name}": "${key}" looks like a secret value; secret values belong in ` +
            'SecretStorage, not in this file (remove it and use "Edit Credential")',
        );
      } else {
        report(keyNode, `credential "${name}": unknown property "${key}"`, 'warning');
      }
    }
    const origins = value.origins ?? [];
    if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string')) {
      fail('origins', '"origins" must be an array of origins such as "https://api.example.com"');
    }
    if (value.description !== undefined && typeof value.description !== 'string') {
      fail('description', '"description" must be a string');
    }
    if (type === 'apiKey') {
      if (value.in !== 'header' && value.in !== 'query') fail('in', '"in" must be "header" or "query"');
      if (typeof value.name !== 'string' || value.name === '')
        fail('name', '"name" must name the header or parameter');
    } else if (type === 'basic') {
      if (typeof value.username !== 'string') fail('username', '"username" must be a string');
    } else if (type === 'oauth2') {
      if (!OAUTH2_GRANTS.includes(value.grant as never))
        fail('grant', `"grant" must be one of ${OAUTH2_GRANTS.join(', ')}`);
      if (typeof value.clientId !== 'string') fail('clientId', '"clientId" must be a string');
      for (const key of [
        'issuer',
        'authorizationEndpoint',
        'tokenEndpoint',
        'deviceAuthorizationEndpoint',
        'revocationEndpoint',
        'audience',
        'redirectUri',
      ]) {
        if (value[key] !== undefined && typeof value[key] !== 'string')
          fail(key, `"${key}" must be a string`);
      }
      if (
        value.scopes !== undefined &&
        (!Array.isArray(value.scopes) || value.scopes.some((s) => typeof s !== 'string'))
      ) {
        fail('scopes', '"scopes" must be an array of strings');
      }
      if (value.issuer === undefined && value.tokenEndpoint === undefined) {
        fail('type', 'give an "issuer" or a "tokenEndpoint"');
      }
    }
    if (!ok) return undefined;
    const credential = { ...value, origins } as Credential;
    return credential;
  }
}

/** Key nodes repeated within one object, anywhere in the tree (each one after the first). */
function duplicateKeys(root: jsonc.Node): jsonc.Node[] {
  const found: jsonc.Node[] = [];
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const seen = new Set<string>();
    for (const child of node.children ?? []) {
      const key = node.type === 'object' ? child.children?.[0] : undefined;
      if (key && seen.has(String(key.value))) found.push(key);
      if (key) seen.add(String(key.value));
      pending.push(...(child.type === 'property' ? (child.children?.slice(1) ?? []) : [child]));
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Indentation and line endings of an existing file, so that edits match the user's style. */
export function detectFormatting(text: string): jsonc.FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text);
  if (indented?.[1].startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? indented[1].length : 2, eol };
}

/** Sets (or with `undefined`, removes) one value, keeping comments and formatting elsewhere. */
export function editEnvironmentsText(text: string, path: jsonc.JSONPath, value: unknown): string {
  const base = text.trim() === '' ? serializeEnvironmentsFile(emptyEnvironmentsFile()) : text;
  const edits = jsonc.modify(base, path, value, {
    formattingOptions: detectFormatting(base),
    // New top-level keys go before the (long) environments object, as in a new file.
    getInsertionIndex: (properties) => {
      const environments = properties.indexOf('environments');
      return path.length === 1 && environments >= 0 ? environments : properties.length;
    },
  });
  return jsonc.applyEdits(base, edits);
}

/**
 * Renames a property in place by rewriting only its key, so the value, its comments and its
 * position stay as the user wrote them.
 */
export function renameKeyInText(text: string, path: jsonc.JSONPath, newKey: string): string {
  const root = jsonc.parseTree(text, [], { allowTrailingComma: true });
  const valueNode = root && jsonc.findNodeAtLocation(root, path);
  const keyNode = valueNode?.parent?.type === 'property' ? valueNode.parent.children?.[0] : undefined;
  if (!keyNode) throw new Error(`nothing to rename at ${path.join('/')}`);
  return text.slice(0, keyNode.offset) + JSON.stringify(newKey) + text.slice(keyNode.offset + keyNode.length);
}

/** The stable form of a new file: fixed key order, two-space indent, final newline. */
export function serializeEnvironmentsFile(file: EnvironmentsFile): string {
  const ordered: Record<string, unknown> = {};
  if (file.$schema) ordered.$schema = file.$schema;
  ordered.version = 1;
  if (file.defaultEnvironment) ordered.defaultEnvironment = file.defaultEnvironment;
  ordered.environments = file.environments;
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** `https://api.example.com/v1` → `https://api.example.com`; undefined for what is not an http(s) URL. */
export function normalizeOrigin(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
