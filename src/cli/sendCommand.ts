import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import { parseEnvironmentsFile } from '../core/environments/environmentsFile';
import { secretKey, type Environment, type SecretStore } from '../core/environments/model';
import { primarySecretField } from '../core/environments/environmentStore';
import { sendRequest, maskUrl, type SendResult } from '../core/http/client';
import { CookieJar } from '../core/http/cookieJar';
import { parseHttpFile, type HttpRequestBlock } from '../core/http/parser';
import { formatRequestLogLine } from '../core/http/requestLog';
import { formatResponseText } from '../core/http/responseText';
import {
  findUnknownReferences,
  resolveRequest,
  type NamedExchange,
  type ResolvedCredential,
  type VariableEnvironment,
} from '../core/http/resolve';
import { Redactor } from '../core/redact';
import { OAuth2TokenManager, secretStoreTokenCache } from '../core/oauth/tokenManager';

const USAGE = `Usage: token-warden send FILE.http [options]

Sends the requests of a .http file in order and prints the responses with secrets masked.

Options:
  --request NAME     Send only the request with this @name or ### title (repeatable)
  --var NAME=VALUE   Set a request variable, e.g. for "# @prompt" (repeatable; masked in output)
  --env NAME         Environment whose values to use (default: the file's defaultEnvironment, else "default")
  --dotenv FILE      Read TOKEN_WARDEN_* values from this file (default: the .env next to FILE.http)
  --json             Print one JSON object per request instead of text
  --timeout SECONDS  Connect/headers/body timeout (default 60)
  --insecure         Do not verify TLS certificates
  -h, --help         Show this help

Values: {{NAME}} comes from the variable TOKEN_WARDEN_<ENV>_<NAME> (upper case, other characters
as "_"), e.g. TOKEN_WARDEN_DEV_API_TOKEN for {{API_TOKEN}} with --env dev, read from the process
environment, else from --dotenv FILE (default: the .env next to FILE.http). When .vscode/token-warden.json
exists (searched upwards from FILE.http), its variables and credential types apply and a
credential is only sent to its listed origins. Values not declared there are masked in output.

OAuth2 credentials (type "oauth2" in the environments file) get their token by running their
grant: the client secret comes from TOKEN_WARDEN_<ENV>_<NAME>_CLIENT_SECRET, a refresh token for
the refresh_token grant from TOKEN_WARDEN_<ENV>_<NAME>_REFRESH_TOKEN. Authorization code and
device code grants print the sign-in URL (and code) to stderr. A token set directly in
TOKEN_WARDEN_<ENV>_<NAME> is used as is. Tokens are kept in memory for the run only.

Exit codes: 0 all 2xx, 1 a non-2xx response or a refused/failed request, 2 usage, parse error or
unknown variable.
`;

interface SendArgs {
  file: string;
  requests: string[];
  variables: Record<string, string>;
  env?: string;
  dotenvFile?: string;
  json: boolean;
  timeoutSeconds: number;
  insecure: boolean;
}

class UsageError extends Error {}

function parseArgs(args: string[]): SendArgs | 'help' {
  const out: SendArgs = {
    file: '',
    requests: [],
    variables: {},
    json: false,
    timeoutSeconds: 60,
    insecure: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--request') out.requests.push(value());
    else if (arg === '--var') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError('--var needs NAME=VALUE');
      out.variables[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === '--env') out.env = value();
    else if (arg === '--dotenv') out.dotenvFile = value();
    else if (arg === '--json') out.json = true;
    else if (arg === '--insecure') out.insecure = true;
    else if (arg === '--timeout') {
      out.timeoutSeconds = Number(value());
      if (!(out.timeoutSeconds > 0)) throw new UsageError('--timeout needs a positive number of seconds');
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (!out.file) out.file = arg;
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  if (!out.file) throw new UsageError('missing FILE.http');
  return out;
}

/**
 * OAuth2 for one CLI run: the client secret comes from TOKEN_WARDEN_<ENV>_<NAME>_CLIENT_SECRET,
 * a stored refresh token from TOKEN_WARDEN_<ENV>_<NAME>_REFRESH_TOKEN; tokens live in memory only.
 * Interactive grants print the URL (and device code) to stderr for the user to open.
 */
function cliOAuth2(
  envName: string,
  declared: Environment | undefined,
  values: Record<string, string | undefined>,
): OAuth2TokenManager {
  const memory = new Map<string, string>();
  // A token given directly in TOKEN_WARDEN_<ENV>_<NAME> is used as is, without running the grant.
  for (const [name, credential] of Object.entries(declared?.credentials ?? {})) {
    const given = values[environmentVariableName(envName, name)];
    if (credential.type === 'oauth2' && given)
      memory.set(secretKey('cli', envName, name, 'tokenSet'), JSON.stringify({ accessToken: given }));
  }
  const store: SecretStore = {
    get: async (k) => memory.get(k),
    store: async (k, v) => void memory.set(k, v),
    delete: async (k) => void memory.delete(k),
  };
  return new OAuth2TokenManager({
    cache: secretStoreTokenCache(store, 'cli'),
    client: async (env, name) => {
      const credential = declared?.credentials[name];
      if (credential?.type !== 'oauth2') return undefined;
      return {
        credential,
        clientSecret: values[environmentVariableName(env, `${name}_CLIENT_SECRET`)],
        refreshToken: values[environmentVariableName(env, `${name}_REFRESH_TOKEN`)],
      };
    },
    interaction: {
      openBrowser: (url) => void process.stderr.write(`Sign in for ${envName} in a browser: ${url}\n`),
      showDeviceCode: ({ userCode, verificationUri }) =>
        void process.stderr.write(`Enter the code ${userCode} at ${verificationUri}\n`),
    },
  });
}

/** `TOKEN_WARDEN_<ENV>_<NAME>`: upper case, every character other than A-Z and 0-9 becomes `_`. */
export function environmentVariableName(env: string, name: string): string {
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return `TOKEN_WARDEN_${norm(env)}_${norm(name)}`;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function findEnvironmentsFile(startDir: string): Promise<string | undefined> {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.vscode', 'token-warden.json');
    if ((await readOptional(candidate)) !== undefined) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The resolver's environment for one run: values from TOKEN_WARDEN_<ENV>_<NAME>, credential types,
 * origins and plain variables from the environments file when there is one. Values the file does
 * not declare are returned as `undeclaredSecrets`, because nothing says they are safe to print.
 */
function cliEnvironment(
  envName: string,
  declared: Environment | undefined,
  values: Record<string, string | undefined>,
  oauth2?: OAuth2TokenManager,
): { environment: VariableEnvironment; undeclaredSecrets: string[] } {
  const valueOf = (name: string) => values[environmentVariableName(envName, name)];
  const credentials = declared?.credentials ?? {};
  const variables = declared?.variables ?? {};
  const declaredKeys = new Set(
    [...Object.keys(credentials), ...Object.keys(variables)].map((n) => environmentVariableName(envName, n)),
  );
  const prefix = environmentVariableName(envName, '');
  const undeclaredSecrets = Object.entries(values)
    .filter(([k, v]) => k.startsWith(prefix) && !declaredKeys.has(k) && v)
    .map(([, v]) => v!);

  const environment: VariableEnvironment = {
    name: envName,
    credentialNames: () => Object.keys(credentials),
    variableNames: () => Object.keys(variables),
    variable: (name) => valueOf(name) ?? variables[name],
    credential: async (name): Promise<ResolvedCredential | undefined> => {
      const credential = credentials[name];
      if (!credential) return undefined;
      // An OAuth2 credential without a token in TOKEN_WARDEN_<ENV>_<NAME> runs its grant.
      let value = valueOf(name);
      if (value === undefined && credential.type === 'oauth2' && oauth2)
        value = (await oauth2.getToken(envName, name)).accessToken;
      return { name, credential, secrets: { [primarySecretField(credential.type)]: value } };
    },
  };
  return { environment, undeclaredSecrets };
}

export async function runSend(args: string[]): Promise<number> {
  let parsed: SendArgs | 'help';
  try {
    parsed = parseArgs(args);
  } catch (err) {
    process.stderr.write(`token-warden send: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const opts = parsed;
  const httpPath = path.resolve(opts.file);
  const text = await readOptional(httpPath);
  if (text === undefined) {
    process.stderr.write(`token-warden send: ${opts.file}: no such file\n`);
    return 2;
  }

  const file = parseHttpFile(text);
  let selected: HttpRequestBlock[] = file.requests;
  if (opts.requests.length) {
    selected = file.requests.filter(
      (r) => opts.requests.includes(r.name ?? '') || opts.requests.includes(r.title ?? ''),
    );
    const missing = opts.requests.filter((n) => !file.requests.some((r) => r.name === n || r.title === n));
    if (missing.length) {
      process.stderr.write(
        `token-warden send: no request named ${missing.map((m) => `"${m}"`).join(', ')} in ${opts.file}\n`,
      );
      return 2;
    }
  }
  const syntaxErrors = [
    ...file.errors.filter((e) => !file.requests.some((r) => r.errors.includes(e))),
    ...selected.flatMap((r) => r.errors),
  ];
  if (syntaxErrors.length) {
    for (const e of syntaxErrors) process.stderr.write(`${opts.file}:${e.line + 1}: ${e.message}\n`);
    return 2;
  }
  if (!selected.length) {
    process.stderr.write(`token-warden send: ${opts.file} has no requests\n`);
    return 2;
  }

  const environmentsPath = await findEnvironmentsFile(path.dirname(httpPath));
  let declared: Environment | undefined;
  let envName = opts.env ?? 'default';
  if (environmentsPath) {
    const envFile = parseEnvironmentsFile((await readOptional(environmentsPath)) ?? '');
    if (envFile.hasErrors) {
      for (const p of envFile.problems)
        process.stderr.write(`${environmentsPath}:${p.line}:${p.column}: ${p.message}\n`);
      return 2;
    }
    envName = opts.env ?? envFile.file.defaultEnvironment ?? 'default';
    declared = envFile.file.environments[envName];
    if (opts.env && !declared) {
      process.stderr.write(`token-warden send: no environment "${opts.env}" in ${environmentsPath}\n`);
      return 2;
    }
  }

  const dotenvPath = opts.dotenvFile
    ? path.resolve(opts.dotenvFile)
    : path.join(path.dirname(httpPath), '.env');
  const dotenvText = await readOptional(dotenvPath);
  if (opts.dotenvFile && dotenvText === undefined) {
    process.stderr.write(`token-warden send: ${opts.dotenvFile}: no such file\n`);
    return 2;
  }
  const values = { ...(dotenvText ? dotenv.parse(dotenvText) : {}), ...process.env };
  const oauth2 = cliOAuth2(envName, declared, values);
  const { environment, undeclaredSecrets } = cliEnvironment(envName, declared, values, oauth2);

  const unknown = findUnknownReferences(file, environment, {
    dotenv: Object.keys(dotenv.parse((await readOptional(path.join(path.dirname(httpPath), '.env'))) ?? '')),
  }).filter(
    (ref) =>
      !(ref.name in opts.variables) &&
      (selected.some((r) => ref.line >= r.range.startLine && ref.line <= r.range.endLine) ||
        file.fileVariables.some((v) => v.line === ref.line)),
  );
  if (unknown.length) {
    const names = [...new Set(unknown.map((r) => r.name))];
    process.stderr.write(
      `${opts.file}:${unknown[0].line + 1}: unknown variable${names.length > 1 ? 's' : ''} ` +
        `${names.join(', ')} (environment "${envName}"; ` +
        `set ${environmentVariableName(envName, names[0].replace(/^\$\w+\s+/, ''))} ` +
        'or define it in the file)\n',
    );
    return 2;
  }

  const redactor = new Redactor().add(...undeclaredSecrets, ...Object.values(opts.variables));
  const jar = new CookieJar();
  const responses = new Map<string, NamedExchange>();
  const timeoutMs = opts.timeoutSeconds * 1000;
  let exitCode = 0;

  for (const block of selected) {
    let resolved: Awaited<ReturnType<typeof resolveRequest>>;
    try {
      resolved = await resolveRequest(file, block, {
        httpFilePath: httpPath,
        environment,
        responses,
        requestVariables: opts.variables,
        files: { readFile: (p) => fs.readFile(p) },
      });
    } catch (err) {
      // An OAuth2 grant that failed (wrong client secret, no sign-in) stops the run.
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${opts.file}:${block.requestLine + 1}: ${redactor.redact(message)}\n`);
      return 1;
    }
    if (!resolved.ok) {
      for (const e of resolved.errors) {
        process.stderr.write(
          `${opts.file}:${(e.line ?? block.requestLine) + 1}: ${redactor.redact(e.message)}\n`,
        );
      }
      return 2;
    }
    redactor.add(...resolved.request.secrets);
    const result = await sendRequest(resolved.request, {
      authHandlers: { oauth2: oauth2.authHandler(envName) },
      cookieJar: jar,
      timeouts: { connectMs: timeoutMs, headersMs: timeoutMs, bodyMs: timeoutMs },
      rejectUnauthorized: !opts.insecure,
    });
    exitCode = Math.max(
      exitCode,
      report(block, resolved.request.method, resolved.request.url, result, redactor, opts.json),
    );
    if (result.kind === 'response' && block.name) {
      responses.set(block.name, {
        request: { headers: result.response.request.headers },
        response: { headers: result.response.headers, body: result.response.text },
      });
    }
  }
  return exitCode;
}

function report(
  block: HttpRequestBlock,
  method: string,
  url: string,
  result: SendResult,
  redactor: Redactor,
  json: boolean,
): number {
  const label = block.name ?? block.title ?? `request ${block.index + 1}`;
  if (result.kind === 'needsConfirmation') {
    const message =
      `refused: credential "${result.credential}" is not allowed for ${result.origin} ` +
      `(allowed: ${result.allowedOrigins.join(', ') || 'none'}); add the origin in .vscode/token-warden.json`;
    if (json) process.stdout.write(`${JSON.stringify({ request: label, method, refused: message })}\n`);
    else process.stderr.write(`### ${label}\n${message}\n`);
    return 1;
  }
  if (result.kind === 'failed') {
    redactor.add(...result.secrets);
    const maskedUrl = redactor.redact(maskUrl(url, result.secrets));
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ request: label, method, url: maskedUrl, error: result.error })}\n`,
      );
    } else {
      process.stderr.write(
        `### ${label}\n${method} ${maskedUrl} failed (${result.error.code}): ${result.error.message}\n`,
      );
    }
    return 1;
  }
  const response = result.response;
  redactor.add(...response.secrets);
  const ok = response.status >= 200 && response.status < 300;
  if (json) {
    const mask = (s: string) => new Redactor().add(...response.secrets).redact(redactor.redact(s));
    process.stdout.write(
      `${JSON.stringify({
        request: label,
        method,
        url: mask(maskUrl(response.url, response.secrets)),
        status: response.status,
        statusText: response.statusText,
        headers: response.headers.map(([n, v]) => [n, mask(v)]),
        body: mask(response.text),
        timings: response.timings,
        size: response.size,
        redirects: response.redirects.length,
      })}\n`,
    );
  } else {
    const summary = formatRequestLogLine(
      {
        method,
        url,
        outcome: `${response.status} ${response.statusText}`.trim(),
        durationMs: response.timings.totalMs,
        redirects: response.redirects.length,
      },
      redactor,
      response.secrets,
    );
    process.stdout.write(`### ${label}\n${summary}\n\n${formatResponseText(response, redactor)}\n\n`);
  }
  return ok ? 0 : 1;
}
