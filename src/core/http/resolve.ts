import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import { SECRET_FIELDS, type Credential } from '../environments/model';
import {
  findReferences,
  unclosedReferenceColumn,
  type HttpFile,
  type HttpRequestBlock,
  type VariableReference,
} from './parser';

/**
 * Turns a parsed request into one ready to send: every `{{reference}}` replaced, body includes read.
 *
 * Names are looked up in this order (first hit wins):
 *   1. request variables the caller passes for this one send (panel overrides, prompts);
 *   2. chained values from earlier named requests: `{{login.response.body.$.token}}`;
 *   3. file variables (`@name = value`; later definitions win; they may reference anything here);
 *   4. the active environment: credentials first, then plain variables, then `CRED.field`
 *      (`{{SVC.username}}`; a secret field such as `{{SVC.password}}` counts as a secret);
 *   5. system variables, which start with `$`.
 * A name found nowhere is an error: nothing is ever sent with a literal `{{name}}` in it.
 * Values that came from credentials, `.env`, the process environment or earlier responses are
 * listed in `secrets` so logs and output can mask them.
 */

export interface ResolvedCredential {
  name: string;
  credential: Credential;
  /** Secret fields (`value`, `token`, `password`, `accessToken`...) as far as they are set. */
  secrets: Record<string, string | undefined>;
}

/**
 * What the resolver needs from an environment. The extension adapts the environments feature to
 * it; the CLI builds one from `TOKEN_WARDEN_<ENV>_<NAME>` variables; tests use plain objects.
 */
export interface VariableEnvironment {
  readonly name?: string;
  variableNames(): string[];
  credentialNames(): string[];
  variable(name: string): string | undefined;
  /** The credential with its secret fields; undefined when no credential has this name. */
  credential(name: string): Promise<ResolvedCredential | undefined>;
}

export interface FileAccess {
  readFile(absolutePath: string): Promise<Uint8Array>;
}

/** The parts of an earlier exchange that `{{name.request|response.headers|body...}}` can read. */
export interface NamedExchange {
  request: { headers: [string, string][]; body?: string };
  response: { headers: [string, string][]; body: string };
}

export interface SystemSources {
  now?: () => Date;
  /** Uniform in [0, 1). */
  random?: () => number;
  uuid?: () => string;
  processEnv?: Record<string, string | undefined>;
}

export interface ResolveOptions {
  /** Absolute path of the `.http` file: body includes and `$dotenv` are relative to it. */
  httpFilePath?: string;
  environment?: VariableEnvironment;
  requestVariables?: Record<string, string>;
  responses?: ReadonlyMap<string, NamedExchange>;
  files?: FileAccess;
  system?: SystemSources;
}

export interface ResolvedRequest {
  index: number;
  name?: string;
  title?: string;
  metadata: Record<string, string>;
  method: string;
  url: string;
  httpVersion?: string;
  headers: [string, string][];
  body?: Uint8Array;
  /** The credential named by `# @auth NAME`, applied by the client according to its type. */
  auth?: ResolvedCredential;
  /** Every credential the request uses (`@auth` and `{{NAME}}`), for the origin check. */
  credentials: ResolvedCredential[];
  /** Resolved values that must never be shown. */
  secrets: string[];
  followRedirects: boolean;
  useCookieJar: boolean;
}

export type ResolveErrorKind = 'unknown' | 'cycle' | 'syntax' | 'include' | 'credential' | 'system';

export interface ResolveError {
  kind: ResolveErrorKind;
  message: string;
  line?: number;
  names?: string[];
}

export type ResolveResult = { ok: true; request: ResolvedRequest } | { ok: false; errors: ResolveError[] };

class ResolveFailure extends Error {
  constructor(readonly detail: ResolveError) {
    super(detail.message);
  }
}

// `$uuid` and `$isoTimestamp` are the JetBrains spellings.
const SYSTEM_NAMES = [
  '$guid',
  '$uuid',
  '$timestamp',
  '$isoTimestamp',
  '$randomInt',
  '$datetime',
  '$dotenv',
  '$processEnv',
];
const CHAINED = /^([\w-]+)\.(request|response)\.(headers|body)(?:\.(.*))?$/;

/** Resolves one request of a parsed file. Never throws; all problems are returned together. */
export async function resolveRequest(
  file: HttpFile,
  request: HttpRequestBlock,
  options: ResolveOptions = {},
): Promise<ResolveResult> {
  if (request.errors.length) {
    return {
      ok: false,
      errors: request.errors.map((e) => ({ kind: 'syntax', message: e.message, line: e.line })),
    };
  }
  const resolver = new Resolver(file, options);
  const errors: ResolveError[] = [];
  const unknown = new Map<string, number>();
  const attempt = async <T>(fn: () => Promise<T>, line: number): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ResolveFailure)) throw err;
      if (err.detail.kind === 'unknown') {
        for (const n of err.detail.names ?? []) if (!unknown.has(n)) unknown.set(n, line);
      } else if (!errors.some((e) => e.message === err.detail.message)) {
        errors.push({ ...err.detail, line: err.detail.line ?? line });
      }
      return undefined;
    }
  };

  let url = await attempt(() => resolver.substitute(request.url), request.requestLine);
  const headers: [string, string][] = [];
  for (const h of request.headers) {
    const value = await attempt(() => resolver.substitute(h.value), h.line);
    if (value === undefined) continue;
    // A line break from a variable would smuggle extra headers into the request.
    if (/[\r\n\0]/.test(value)) {
      errors.push({
        kind: 'syntax',
        line: h.line,
        message: `The value of header "${h.name}" contains a line break after resolving variables.`,
      });
      continue;
    }
    headers.push([h.name, value]);
  }
  const body = await attempt(() => resolver.body(request), request.requestLine);

  let auth: ResolvedCredential | undefined;
  const authName = request.metadata.auth;
  if (authName !== undefined) {
    auth = await attempt(() => resolver.credentialForAuth(authName), request.requestLine);
  }

  if (url !== undefined) {
    url = absoluteUrl(url, headers);
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      errors.push({
        kind: 'syntax',
        line: request.requestLine,
        message: url.startsWith('/')
          ? 'A URL starting with "/" needs a Host header.'
          : 'Not a valid http(s) URL after resolving variables.',
      });
    }
  }

  if (unknown.size) {
    const names = [...unknown.keys()];
    errors.unshift({
      kind: 'unknown',
      names,
      line: [...unknown.values()][0],
      message:
        `Unknown variable${names.length > 1 ? 's' : ''}: ${names.join(', ')}. ` +
        'Define it as a file variable (@name = value) or in the active environment.',
    });
  }
  if (errors.length || url === undefined) return { ok: false, errors };

  const credentials = [...resolver.credentialsUsed.values()];
  if (auth && !credentials.includes(auth)) credentials.push(auth);
  const secrets = new Set(resolver.secrets);
  for (const c of credentials) for (const v of Object.values(c.secrets)) if (v) secrets.add(v);

  return {
    ok: true,
    request: {
      index: request.index,
      name: request.name,
      title: request.title,
      metadata: request.metadata,
      method: request.method,
      url,
      httpVersion: request.httpVersion,
      headers,
      body,
      auth,
      credentials,
      secrets: [...secrets],
      followRedirects: !('no-redirect' in request.metadata),
      useCookieJar: !('no-cookie-jar' in request.metadata),
    },
  };
}

class Resolver {
  readonly secrets = new Set<string>();
  readonly credentialsUsed = new Map<string, ResolvedCredential>();
  private readonly fileValues = new Map<string, string>();
  private dotenvValues: Record<string, string> | undefined;

  constructor(
    private readonly file: HttpFile,
    private readonly options: ResolveOptions,
  ) {}

  /** Replaces every reference in `text`; collects all unknown names before failing. */
  async substitute(text: string, stack: string[] = []): Promise<string> {
    if (unclosedReferenceColumn(text) !== undefined) {
      throw new ResolveFailure({
        kind: 'syntax',
        message: `A "{{" is not closed with "}}"${stack.length ? ` in @${stack[stack.length - 1]}` : ''}.`,
      });
    }
    const refs = findReferences(text, 0);
    if (!refs.length) return text;
    const unknown: string[] = [];
    let out = '';
    let last = 0;
    for (const ref of refs) {
      out += text.slice(last, ref.start);
      last = ref.end;
      try {
        out += await this.value(ref.name, stack);
      } catch (err) {
        if (err instanceof ResolveFailure && err.detail.kind === 'unknown')
          unknown.push(...(err.detail.names ?? []));
        else throw err;
      }
    }
    if (unknown.length) throw unknownFailure(unknown);
    return out + text.slice(last);
  }

  private async value(name: string, stack: string[]): Promise<string> {
    const requestValue = this.options.requestVariables?.[name];
    if (requestValue !== undefined) return requestValue;

    const chained = CHAINED.exec(name);
    if (chained && this.options.responses?.has(chained[1])) {
      const v = chainedValue(this.options.responses.get(chained[1])!, chained, name);
      this.secrets.add(v);
      return v;
    }

    if (this.hasFileVariable(name)) return this.fileVariable(name, stack);

    const env = this.options.environment;
    if (env?.credentialNames().includes(name)) return this.credentialValue(name);
    const envValue = env?.variable(name);
    if (envValue !== undefined) return envValue;
    const field = credentialField(name, env);
    if (field) return this.credentialFieldValue(field.credential, field.field, name);

    if (name.startsWith('$')) return this.system(name);
    throw unknownFailure([name]);
  }

  private hasFileVariable(name: string): boolean {
    return this.file.fileVariables.some((v) => v.name === name);
  }

  private async fileVariable(name: string, stack: string[]): Promise<string> {
    const cached = this.fileValues.get(name);
    if (cached !== undefined) return cached;
    if (stack.includes(name)) {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      throw new ResolveFailure({
        kind: 'cycle',
        names: cycle,
        message: `File variables reference each other in a cycle: ${cycle.join(' -> ')}.`,
      });
    }
    const definitions = this.file.fileVariables.filter((v) => v.name === name);
    const definition = definitions[definitions.length - 1];
    try {
      const value = await this.substitute(definition.value, [...stack, name]);
      this.fileValues.set(name, value);
      return value;
    } catch (err) {
      if (err instanceof ResolveFailure && err.detail.line === undefined && err.detail.kind !== 'unknown') {
        throw new ResolveFailure({ ...err.detail, line: definition.line });
      }
      throw err;
    }
  }

  private async credentialValue(name: string): Promise<string> {
    const resolved = await this.lookupCredential(name);
    const value = primarySecret(resolved);
    if (value === undefined) {
      throw new ResolveFailure({
        kind: 'credential',
        names: [name],
        message: `Credential "${name}" has no value in environment "${this.environmentName()}".`,
      });
    }
    return value;
  }

  /** `{{SVC.username}}` reads a plain field, `{{SVC.password}}` a secret one. */
  private async credentialFieldValue(name: string, field: string, reference: string): Promise<string> {
    const resolved = await this.lookupCredential(name);
    if (field in resolved.secrets || SECRET_FIELDS[resolved.credential.type].includes(field)) {
      const value = resolved.secrets[field];
      if (value === undefined) {
        throw new ResolveFailure({
          kind: 'credential',
          names: [reference],
          message: `Credential "${name}" has no ${field} in environment "${this.environmentName()}".`,
        });
      }
      return value;
    }
    const plain = (resolved.credential as unknown as Record<string, unknown>)[field];
    if (typeof plain === 'string') return plain;
    if (Array.isArray(plain)) return plain.join(' ');
    throw unknownFailure([reference]);
  }

  private environmentName(): string {
    return this.options.environment?.name ?? 'default';
  }

  private async lookupCredential(name: string): Promise<ResolvedCredential> {
    const known = this.credentialsUsed.get(name);
    if (known) return known;
    const resolved = await this.options.environment?.credential(name);
    if (!resolved) throw unknownFailure([name]);
    this.credentialsUsed.set(name, resolved);
    return resolved;
  }

  async credentialForAuth(name: string): Promise<ResolvedCredential> {
    if (!name) {
      throw new ResolveFailure({
        kind: 'credential',
        message: '"@auth" needs a credential name, e.g. "# @auth API_TOKEN".',
      });
    }
    if (!this.options.environment?.credentialNames().includes(name)) {
      throw new ResolveFailure({
        kind: 'credential',
        names: [name],
        message:
          `"@auth ${name}": no credential with that name in environment ` +
          `"${this.options.environment?.name ?? 'default'}".`,
      });
    }
    return this.lookupCredential(name);
  }

  async body(request: HttpRequestBlock): Promise<Uint8Array | undefined> {
    if (!request.body.length) return undefined;
    const chunks: Uint8Array[] = [];
    const eol = Buffer.from(this.file.eol);
    for (const [i, part] of request.body.entries()) {
      if (i > 0) chunks.push(eol);
      if (part.kind === 'text') {
        chunks.push(Buffer.from(await this.substitute(part.text), 'utf8'));
        continue;
      }
      const bytes = await this.readRelative(part.path, part.line);
      chunks.push(
        part.substituteVariables
          ? Buffer.from(await this.substitute(Buffer.from(bytes).toString('utf8')))
          : bytes,
      );
    }
    return Buffer.concat(chunks);
  }

  private async readRelative(file: string, line?: number): Promise<Uint8Array> {
    const base = this.options.httpFilePath ? path.dirname(this.options.httpFilePath) : undefined;
    if (!this.options.files || (!base && !path.isAbsolute(file))) {
      throw new ResolveFailure({
        kind: 'include',
        line,
        message: `Cannot read "${file}": the .http file has no folder.`,
      });
    }
    const absolute = base ? path.resolve(base, file) : file;
    try {
      return await this.options.files.readFile(absolute);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ResolveFailure({
        kind: 'include',
        line,
        message: `Cannot read "${file}"${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`,
      });
    }
  }

  private async system(reference: string): Promise<string> {
    const [name, ...args] = reference.split(/\s+/);
    const sys = this.options.system ?? {};
    const now = sys.now?.() ?? new Date();
    switch (name) {
      case '$guid':
      case '$uuid':
        return sys.uuid?.() ?? randomUUID();
      case '$isoTimestamp':
        return now.toISOString();
      case '$timestamp':
        return String(Math.floor(applyOffset(now, args, reference).getTime() / 1000));
      case '$datetime':
        return formatDatetime(now, args, reference);
      case '$randomInt':
        return randomInt(args, reference, sys.random ?? Math.random);
      case '$processEnv': {
        const key = requireArg(args, reference);
        const value = (sys.processEnv ?? process.env)[key];
        if (value === undefined) throw unknownFailure([reference]);
        this.secrets.add(value);
        return value;
      }
      case '$dotenv': {
        const key = requireArg(args, reference);
        const values = await this.dotenv();
        const value = values[key];
        if (value === undefined) throw unknownFailure([reference]);
        this.secrets.add(value);
        return value;
      }
      default:
        throw new ResolveFailure({
          kind: 'unknown',
          names: [reference],
          message: `Unknown system variable ${name}; known: ${SYSTEM_NAMES.join(', ')}.`,
        });
    }
  }

  private async dotenv(): Promise<Record<string, string>> {
    if (this.dotenvValues) return this.dotenvValues;
    try {
      const bytes = await this.readRelative('.env');
      this.dotenvValues = dotenv.parse(Buffer.from(bytes));
    } catch {
      // A missing .env makes every `$dotenv` reference unknown, which is reported by name.
      this.dotenvValues = {};
    }
    return this.dotenvValues;
  }
}

function credentialField(
  name: string,
  env?: VariableEnvironment,
): { credential: string; field: string } | undefined {
  const dot = name.indexOf('.');
  if (dot <= 0 || !env?.credentialNames().includes(name.slice(0, dot))) return undefined;
  return { credential: name.slice(0, dot), field: name.slice(dot + 1) };
}

/**
 * `example.com/x` gets `http://`, as REST Client does; `/x` takes its host from the Host header
 * (`https` when that names port 443).
 */
function absoluteUrl(url: string, headers: [string, string][]): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  if (!url.startsWith('/')) return `http://${url}`;
  const host = headers.find(([n]) => n.toLowerCase() === 'host')?.[1].trim();
  if (!host) return url;
  return `${host.endsWith(':443') ? 'https' : 'http'}://${host.replace(/:443$/, '')}${url}`;
}

function unknownFailure(names: string[]): ResolveFailure {
  return new ResolveFailure({ kind: 'unknown', names, message: `Unknown variables: ${names.join(', ')}` });
}

function requireArg(args: string[], reference: string): string {
  if (!args[0]) {
    throw new ResolveFailure({
      kind: 'system',
      message: `{{${reference}}} needs a name, e.g. {{${reference} API_KEY}}.`,
    });
  }
  return args[0];
}

/** The value `{{NAME}}` stands for: the credential's main secret field. */
export function primarySecret(resolved: ResolvedCredential): string | undefined {
  const s = resolved.secrets;
  switch (resolved.credential.type) {
    case 'secret':
    case 'apiKey':
      return s.value;
    case 'bearer':
      return s.token;
    case 'basic':
      return s.password;
    case 'oauth2':
      return s.accessToken;
  }
}

const OFFSET_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

function applyOffset(now: Date, args: string[], reference: string): Date {
  if (!args.length) return now;
  const [amountText, unit] = args;
  const amount = Number(amountText);
  if (!Number.isInteger(amount) || !unit || !(unit in OFFSET_UNITS || unit === 'M' || unit === 'y')) {
    throw new ResolveFailure({
      kind: 'system',
      message:
        `{{${reference}}}: an offset is "<integer> <unit>", ` + 'unit one of y M w d h m s ms (e.g. "-1 d").',
    });
  }
  const date = new Date(now.getTime());
  if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + amount);
  else if (unit === 'M') date.setUTCMonth(date.getUTCMonth() + amount);
  else date.setTime(date.getTime() + amount * OFFSET_UNITS[unit]);
  return date;
}

function formatDatetime(now: Date, args: string[], reference: string): string {
  const [format, ...offset] = args;
  const date = applyOffset(now, offset, reference);
  if (format === 'iso8601') return date.toISOString();
  if (format === 'rfc1123') return date.toUTCString();
  throw new ResolveFailure({
    kind: 'system',
    message: `{{${reference}}}: the format must be iso8601 or rfc1123 (custom formats are not supported).`,
  });
}

function randomInt(args: string[], reference: string, random: () => number): string {
  // Without bounds, as in JetBrains: 0 to 999.
  const min = args.length ? Number(args[0]) : 0;
  const max = args.length ? Number(args[1]) : 1000;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
    throw new ResolveFailure({
      kind: 'system',
      message: `{{${reference}}}: use "$randomInt MIN MAX" with integers, MIN < MAX (MAX is excluded).`,
    });
  }
  return String(min + Math.floor(random() * (max - min)));
}

function chainedValue(exchange: NamedExchange, match: RegExpExecArray, reference: string): string {
  const [, , side, part, selector] = match;
  const source = side === 'request' ? exchange.request : exchange.response;
  if (part === 'headers') {
    const wanted = (selector ?? '').toLowerCase();
    const found = source.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
    if (!found.length) throw unknownFailure([reference]);
    return found.join(', ');
  }
  const body = source.body ?? '';
  if (!selector || selector === '*') return body;
  if (!selector.startsWith('$')) {
    throw new ResolveFailure({
      kind: 'system',
      message: `{{${reference}}}: only JSONPath selectors ($.a.b[0]) are supported.`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ResolveFailure({ kind: 'system', message: `{{${reference}}}: the response body is not JSON.` });
  }
  for (const step of jsonPathSteps(selector)) {
    if (value === null || typeof value !== 'object' || !(step in (value as object)))
      throw unknownFailure([reference]);
    value = (value as Record<string, unknown>)[step];
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `$.a.b[0]["c d"]` -> ['a', 'b', '0', 'c d']; only the plain member/index subset of JSONPath. */
function jsonPathSteps(selector: string): string[] {
  const steps: string[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(selector.slice(1)))) steps.push(m[1] ?? m[2] ?? m[3]);
  return steps;
}

/**
 * References that cannot be resolved, without reading any secret: for diagnostics and for a
 * quick refusal before sending. System variables are checked by name only; `$dotenv` and
 * `$processEnv` by the names given in `known`.
 */
export function findUnknownReferences(
  file: HttpFile,
  environment?: VariableEnvironment,
  known: { dotenv?: string[]; processEnv?: Record<string, string | undefined>; responses?: string[] } = {},
): VariableReference[] {
  const fileNames = new Set(file.fileVariables.map((v) => v.name));
  const envNames = new Set([
    ...(environment?.variableNames() ?? []),
    ...(environment?.credentialNames() ?? []),
  ]);
  const isKnown = (name: string): boolean => {
    if (fileNames.has(name) || envNames.has(name) || environment?.variable(name) !== undefined) return true;
    if (credentialField(name, environment)) return true;
    const chained = CHAINED.exec(name);
    if (chained)
      return file.requests.some((r) => r.name === chained[1]) || !!known.responses?.includes(chained[1]);
    if (!name.startsWith('$')) return false;
    const [sys, arg] = name.split(/\s+/);
    if (sys === '$dotenv') return known.dotenv ? known.dotenv.includes(arg) : true;
    if (sys === '$processEnv') return (known.processEnv ?? process.env)[arg] !== undefined;
    return SYSTEM_NAMES.includes(sys);
  };
  const unknownInRequests = file.requests.flatMap((request) => {
    const prompted = new Set(request.prompts.map((p) => p.name));
    return request.references.filter((r) => !prompted.has(r.name) && !isKnown(r.name));
  });
  return [
    ...file.fileVariables.flatMap((v) => v.references).filter((r) => !isKnown(r.name)),
    ...unknownInRequests,
  ];
}
