import * as vscode from 'vscode';
import { relativeTime } from '../../core/jwt/claims';
import { tryDecodeToken, type DecodedJws } from '../../core/jwt/decode';
import { printable } from '../../core/jwt/render';
import { verifyToken, type KeySource, type VerifyResult } from '../../core/jwt/verify';
import type { EnvironmentsApi } from '../environments';
import type { Log } from '../shared/log';
import { jwtSettings, type TokenCommandArgs } from './jwtSettings';
import { tokenForCommand } from './tokenSource';

/** A key chosen without prompts: for tests, other features and keybindings with arguments. */
export type VerifyKeyArg =
  | { kind: 'secret'; secret: string }
  | { kind: 'storedSecret'; name: string }
  | { kind: 'environmentCredential'; name: string; environment?: string }
  | { kind: 'keyFile'; path: string }
  | { kind: 'jwksUrl'; url: string }
  | { kind: 'discovery'; issuer: string };

interface VerifyOptionsArg {
  key?: VerifyKeyArg;
  issuer?: string;
  audience?: string;
}

export type VerifyArgs = string | (Exclude<TokenCommandArgs, string> & VerifyOptionsArg);

const HMAC_PREFIX = 'tokenWarden/jwt-hmac/';
const HMAC_NAMES_STATE = 'tokenWarden.jwt.hmacSecretNames';

export function hmacSecretKey(name: string): string {
  return `${HMAC_PREFIX}${encodeURIComponent(name)}`;
}

interface KeyPick extends vscode.QuickPickItem {
  choose: () => Promise<{ source: KeySource; remote: boolean } | undefined>;
}

export class JwtVerifier {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly environments: EnvironmentsApi,
  ) {}

  /** Runs the command; resolves to the result (undefined when cancelled or not a signed token). */
  async run(args?: VerifyArgs): Promise<VerifyResult | undefined> {
    const input = await tokenForCommand(args, 'Token Warden: Verify JWT');
    if (input === undefined) return undefined;
    const decoded = tryDecodeToken(input);
    if (!decoded.ok) {
      const { part, message } = decoded.error;
      void vscode.window.showErrorMessage(printable(`Not a valid JWT (${part}): ${plain(message)}`, 400));
      return undefined;
    }
    if (decoded.token.kind === 'jwe') {
      void vscode.window.showErrorMessage(
        'This token is encrypted (JWE); it needs decrypting, not verifying.',
      );
      return undefined;
    }
    const token = decoded.token;
    const options: VerifyOptionsArg = typeof args === 'object' ? args : {};

    const chosen = options.key ? await this.sourceFromArg(options.key) : await this.pickSource(token);
    if (!chosen) return undefined;
    if (chosen.remote && !vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        'Fetching keys is disabled in an untrusted workspace. Trust it, or use a key file.',
      );
      return undefined;
    }

    const expected = options.key
      ? { issuer: options.issuer, audience: options.audience }
      : await this.askExpectations(token);
    if (!expected) return undefined;

    const settings = jwtSettings(vscode.window.activeTextEditor?.document.uri);
    const result = await verifyToken(token.compact, chosen.source, {
      ...expected,
      clockToleranceSeconds: settings.clockToleranceSeconds,
    });
    this.log.info(
      'jwt',
      // alg, kid and key names come from the token or a fetched JWKS: keep them to one short line.
      printable(
        `verify ${result.alg ?? '?'}: ${result.status}; key ${result.keyDescription ?? '-'}; ` +
          `fetched ${result.fetched.length > 0 ? result.fetched.join(', ') : 'nothing'}`,
        500,
      ),
    );
    void this.report(result, token);
    return result;
  }

  private async report(result: VerifyResult, token: DecodedJws): Promise<void> {
    if (result.status === 'verified') {
      const kid = result.kid ? ` (kid "${result.kid}")` : '';
      const exp = typeof token.payload?.exp === 'number' ? ` It ${expiryPhrase(token.payload.exp)}.` : '';
      // Key names and kids come from files, JWKS documents or the token: shown as plain text.
      const message = `JWT verified with ${result.keyDescription}${kid}, ${result.alg}.${exp}`;
      void vscode.window.showInformationMessage(printable(message, 400));
      return;
    }
    const message = printable(`JWT not verified: ${plain(result.message)}`, 400);
    const choice = await vscode.window.showWarningMessage(message, 'Show Log');
    if (choice === 'Show Log') this.log.channel.show(true);
  }

  private async sourceFromArg(
    key: VerifyKeyArg,
  ): Promise<{ source: KeySource; remote: boolean } | undefined> {
    switch (key.kind) {
      case 'secret':
        this.log.addSecrets(key.secret);
        return {
          source: { kind: 'secret', secret: key.secret, label: 'the given HMAC secret' },
          remote: false,
        };
      case 'storedSecret':
        return this.storedSecret(key.name);
      case 'environmentCredential':
        return this.environmentSecret(key.name, key.environment);
      case 'keyFile':
        return this.keyFile(vscode.Uri.file(key.path));
      case 'jwksUrl':
        return { source: { kind: 'jwksUrl', url: key.url }, remote: true };
      case 'discovery':
        return { source: { kind: 'discovery', issuer: key.issuer }, remote: true };
    }
  }

  private async pickSource(token: DecodedJws): Promise<{ source: KeySource; remote: boolean } | undefined> {
    const alg = typeof token.header.alg === 'string' ? token.header.alg : '';
    const hmac = alg.startsWith('HS');
    const picks: KeyPick[] = [];

    if (hmac) {
      for (const { name, environment } of this.environmentCredentials()) {
        picks.push({
          label: `$(key) ${name}`,
          description: `credential in environment "${environment}"`,
          choose: () => this.environmentSecret(name, environment),
        });
      }
      for (const name of this.storedNames()) {
        picks.push({
          label: `$(lock) ${name}`,
          description: 'HMAC secret kept in Token Warden',
          choose: () => this.storedSecret(name),
        });
      }
      picks.push({
        label: '$(add) Enter an HMAC Secret…',
        description: 'kept in SecretStorage',
        choose: () => this.newSecret(token),
      });
    }
    picks.push({
      label: '$(file) Key File…',
      description: 'PEM public key, X.509 certificate, JWK or JWKS',
      choose: () => this.pickKeyFile(),
    });
    picks.push({
      label: '$(globe) JWKS URL…',
      description: 'fetches public keys only',
      choose: () => this.askJwksUrl(),
    });
    const iss = token.payload?.iss;
    if (typeof iss === 'string' && /^https?:\/\//i.test(iss)) {
      const discovery = `${iss.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      picks.push({
        label: "$(cloud-download) Issuer's Discovery Document",
        description: discovery,
        detail: 'Reads jwks_uri from the issuer named in the token and fetches those public keys.',
        choose: async () => ({ source: { kind: 'discovery', issuer: iss }, remote: true }),
      });
    }

    const picked = await vscode.window.showQuickPick(picks, {
      title: `Verify ${alg || 'JWT'} signature with…`,
      placeHolder: 'The token itself is never sent anywhere.',
      matchOnDescription: true,
    });
    return picked?.choose();
  }

  private environmentCredentials(): { name: string; environment: string }[] {
    try {
      const environment = this.environments.activeEnvironment();
      const credentials = this.environments.getEnvironment()?.credentials ?? {};
      return Object.entries(credentials)
        .filter(([, c]) => c.type === 'secret' || c.type === 'bearer')
        .map(([name]) => ({ name, environment }));
    } catch {
      return []; // environments not loaded yet: the other choices still work
    }
  }

  private async environmentSecret(name: string, environment?: string) {
    const found = await this.environments.getCredential(name, environment);
    const secret = found?.secrets.value ?? found?.secrets.token;
    if (!secret) {
      void vscode.window.showErrorMessage(
        `The credential "${name}" has no stored value in this environment.`,
      );
      return undefined;
    }
    this.log.addSecrets(secret);
    return { source: { kind: 'secret' as const, secret, label: `credential "${name}"` }, remote: false };
  }

  private storedNames(): string[] {
    return this.context.globalState.get<string[]>(HMAC_NAMES_STATE, []);
  }

  private async storedSecret(name: string) {
    const secret = await this.context.secrets.get(hmacSecretKey(name));
    if (!secret) {
      void vscode.window.showErrorMessage(printable(`No HMAC secret named "${name}" is stored.`));
      return undefined;
    }
    this.log.addSecrets(secret);
    return { source: { kind: 'secret' as const, secret, label: `stored secret "${name}"` }, remote: false };
  }

  private async newSecret(token: DecodedJws) {
    const iss = typeof token.payload?.iss === 'string' ? token.payload.iss : undefined;
    const name = await vscode.window.showInputBox({
      title: 'Name for this HMAC secret',
      prompt: 'Token Warden keeps the secret in SecretStorage under this name for next time.',
      value: iss ? hostOf(iss) : 'default',
      validateInput: (v) => (v.trim() ? undefined : 'Enter a name'),
    });
    if (!name) return undefined;
    const secret = await vscode.window.showInputBox({
      title: `HMAC secret "${name.trim()}"`,
      prompt: 'The secret is stored in SecretStorage, never in settings or files.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v ? undefined : 'Enter the secret'),
    });
    if (!secret) return undefined;
    this.log.addSecrets(secret);
    await this.context.secrets.store(hmacSecretKey(name.trim()), secret);
    const names = new Set(this.storedNames());
    names.add(name.trim());
    await this.context.globalState.update(HMAC_NAMES_STATE, [...names].sort());
    return {
      source: { kind: 'secret' as const, secret, label: `stored secret "${name.trim()}"` },
      remote: false,
    };
  }

  private async pickKeyFile() {
    const picked = await vscode.window.showOpenDialog({
      title: 'Public key, certificate, JWK or JWKS',
      canSelectMany: false,
      filters: {
        'Keys and certificates': ['pem', 'crt', 'cer', 'pub', 'key', 'json', 'jwk', 'jwks'],
        'All files': ['*'],
      },
    });
    return picked?.[0] ? this.keyFile(picked[0]) : undefined;
  }

  private async keyFile(uri: vscode.Uri) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      void vscode.window.showErrorMessage(`Cannot read ${uri.fsPath}: ${(err as Error).message}`);
      return undefined;
    }
    const label = vscode.workspace.asRelativePath(uri, false);
    return { source: { kind: 'keyText' as const, text, label }, remote: false };
  }

  private async askJwksUrl() {
    const url = await vscode.window.showInputBox({
      title: 'JWKS URL',
      prompt: 'Only this URL is fetched (a GET for public keys); the token is not sent.',
      placeHolder: 'https://id.example.com/.well-known/jwks.json',
      validateInput: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? undefined : 'Enter an http(s) URL'),
    });
    return url ? { source: { kind: 'jwksUrl' as const, url: url.trim() }, remote: true } : undefined;
  }

  private async askExpectations(
    token: DecodedJws,
  ): Promise<{ issuer?: string; audience?: string } | undefined> {
    const mode = await vscode.window.showQuickPick(
      [
        { label: 'Check Signature and Time', id: 'basic' },
        { label: 'Also Require Issuer and Audience…', id: 'claims' },
      ],
      {
        title: 'What to check',
        placeHolder: `Clock tolerance comes from the tokenWarden.jwt.clockToleranceSeconds setting`,
      },
    );
    if (!mode) return undefined;
    if (mode.id === 'basic') return {};
    const issuer = await vscode.window.showInputBox({
      title: 'Expected issuer (iss)',
      value: typeof token.payload?.iss === 'string' ? token.payload.iss : '',
      prompt: 'Leave empty to skip the issuer check.',
    });
    if (issuer === undefined) return undefined;
    const aud = token.payload?.aud;
    const audience = await vscode.window.showInputBox({
      title: 'Expected audience (aud)',
      value: typeof aud === 'string' ? aud : Array.isArray(aud) && typeof aud[0] === 'string' ? aud[0] : '',
      prompt: 'Leave empty to skip the audience check.',
    });
    if (audience === undefined) return undefined;
    return { issuer: issuer.trim() || undefined, audience: audience.trim() || undefined };
  }
}

function plain(message: string): string {
  return message.replace(/`/g, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'default';
  } catch {
    return 'default';
  }
}

function expiryPhrase(exp: number): string {
  const ms = exp * 1000;
  return ms > Date.now()
    ? `expires ${relativeTime(ms, Date.now())}`
    : `expired ${relativeTime(ms, Date.now())}`;
}
