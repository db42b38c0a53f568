import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanText } from '../../core/scan';
import { compileCustomRules } from '../../core/scan/customRules';
import { readIfExists, writeFileAtomic } from '../../core/files/atomicWrite';
import { appendDotenvEntry, appendExampleEntry, readDotenvEntries } from '../../core/migrate/dotenvFile';
import { isValidEnvName } from '../../core/migrate/envName';
import { gitignoreWithEntry } from '../../core/migrate/gitignoreFile';
import {
  declarationEdit, FileInput, FilePlan, MigrationTarget, planFile, PlannedSecret, SecretSite, suggestName,
  targetUnavailable,
} from '../../core/migrate/migrationPlan';
import { migrationLanguage, planReplacement } from '../../core/migrate/replacement';
import type { EnvironmentsApi } from '../environments';
import type { Log } from '../shared/log';
import {
  dirtyDocument, dotenvFilesFor, dotenvNeedsIgnoring, DotenvFiles, dotenvTracked,
} from './projectFiles';

const COMPONENT = 'migrate';

interface PlainPosition {
  line: number;
  character: number;
}

/** Arguments of `tokenWarden.moveSecret`, as put in a code action or passed by a test. */
export interface MoveSecretArgs {
  uri: vscode.Uri | string;
  /** The diagnostic's range; the finding is recomputed from the document there. */
  range: vscode.Range | { start: PlainPosition; end: PlainPosition };
  /** `document.version` when the fix was offered; a different version refuses the fix. */
  version?: number;
  target: MigrationTarget;
  ruleId?: string;
  /** Skips the input box (tests, scripted use). */
  name?: string;
}

/** Arguments of `tokenWarden.migrateSecrets`; each missing one is asked for. */
export interface MigrateSecretsArgs {
  scope?: 'file' | 'workspace';
  target?: MigrationTarget;
  uri?: vscode.Uri | string;
  /** False applies without VS Code's refactor preview (tests); the default shows it. */
  preview?: boolean;
}

export interface MigrationResult {
  ok: boolean;
  reason?: string;
  /** Secrets moved: name, key in the store, where, and whether an existing entry was reused. */
  moved: { file: string; name: string; envKey: string; reused: boolean }[];
  skipped: { file: string; line: number; reason: string }[];
  /** The environment SecretStorage values went to. */
  environment?: string;
  /** When the preview was discarded: what would have moved. */
  planned?: MigrationResult['moved'];
}

/** A refusal whose message is safe to show (it never contains a value). */
class Refusal extends Error {}

const TRACKED_DOTENV = '.env is tracked by git, so a secret written there would be committed. ' +
  'Untrack it (git rm --cached .env, then commit) or move the secret to SecretStorage.';

const toUri = (uri: vscode.Uri | string) =>
  typeof uri === 'string'
    ? (uri.includes('://') ? vscode.Uri.parse(uri) : vscode.Uri.file(uri))
    : vscode.Uri.from(uri);

const toRange = (r: MoveSecretArgs['range']) =>
  new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

const targetLabel = (target: MigrationTarget) => (target === 'dotenv' ? '.env' : 'SecretStorage');

export function fileInput(document: vscode.TextDocument, target?: MigrationTarget): FileInput {
  return { text: document.getText(), languageId: document.languageId, fileName: document.uri.fsPath, target };
}

export function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/**
 * The secrets the engine finds in a document, as migration sites, with the user's custom rules
 * (`tokenWarden.scan.customRules`; invalid ones are reported by the leaks feature and skipped here).
 */
export function sitesIn(document: vscode.TextDocument): SecretSite[] {
  const custom = vscode.workspace.getConfiguration('tokenWarden', document.uri)
    .get<unknown>('scan.customRules', []);
  const extraRules = compileCustomRules(custom).rules;
  return scanText(document.getText(), { path: relativePath(document.uri), extraRules })
    .map((f) => ({ start: f.start, end: f.end, ruleId: f.ruleId, envName: f.envName }));
}

/** The finding under a diagnostic's range, recomputed from the document's current text. */
export function siteAt(document: vscode.TextDocument, range: vscode.Range, ruleId?: string,
  sites = sitesIn(document)): SecretSite | undefined {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  const overlapping = sites.filter((s) => s.start < Math.max(end, start + 1) && start < s.end);
  return overlapping.find((s) => s.start === start && s.end === end && (!ruleId || s.ruleId === ruleId))
    ?? overlapping.find((s) => !ruleId || s.ruleId === ruleId)
    ?? overlapping[0];
}

export class SecretMigrator {
  constructor(private readonly log: Log, private readonly environments: EnvironmentsApi) {}

  /** What the target store holds (key → value), for name choice and reuse. */
  async existingEntries(target: MigrationTarget, document: vscode.Uri): Promise<Map<string, string>> {
    if (target === 'dotenv') return readDotenvEntries(await readIfExists(dotenvFilesFor(document).dotenv));
    await this.environments.ready;
    const values = await this.environments.secretValues(this.environments.activeEnvironment());
    return new Map(Object.entries(values));
  }

  /** The quick fix: moves one secret, asking for its name unless `args.name` is given. */
  async moveSecret(args: MoveSecretArgs): Promise<MigrationResult> {
    try {
      return await this.moveOne(args);
    } catch (e) {
      return this.refused(e);
    }
  }

  /** "Move All Secrets": every finding in a file or the workspace,
    as one edit shown in the refactor preview. */
  async migrateSecrets(args: MigrateSecretsArgs = {}): Promise<MigrationResult> {
    try {
      return await this.moveAll(args);
    } catch (e) {
      return this.refused(e);
    }
  }

  private refused(e: unknown): MigrationResult {
    const reason = e instanceof Refusal
      ? e.message
      : `Moving the secret failed: ${(e as Error).message ?? e}`;
    const safe = this.log.redactor.redact(reason);
    this.log.warn(COMPONENT, safe);
    void vscode.window.showWarningMessage(`Token Warden: ${safe}`, 'Show Log').then((pick) => {
      if (pick) this.log.channel.show();
    });
    return { ok: false, reason: safe, moved: [], skipped: [] };
  }

  private async moveOne(args: MoveSecretArgs): Promise<MigrationResult> {
    if (!args?.uri || !args.range || (args.target !== 'dotenv' && args.target !== 'secretStorage')) {
      throw new Refusal('This fix needs a file, a range and a target (dotenv or secretStorage).');
    }
    const document = await vscode.workspace.openTextDocument(toUri(args.uri));
    const offered = args.version ?? document.version;
    if (document.version !== offered) {
      throw new Refusal('The file changed since this fix was offered. ' +
        'Open the light bulb again for a fresh fix.');
    }
    const site = siteAt(document, toRange(args.range), args.ruleId);
    if (!site) throw new Refusal('There is no secret at that place any more (moved already?).');
    const file = fileInput(document, args.target);
    const unavailable = targetUnavailable(file, args.target);
    if (unavailable) throw new Refusal(unavailable);

    const existing = await this.existingEntries(args.target, document.uri);
    const suggestion = suggestName(file, site, existing);
    if ('error' in suggestion) throw new Refusal(suggestion.error);
    const name = args.name ?? await this.askName(args.target, suggestion.name, file, site, existing);
    if (name === undefined) return { ok: false, reason: 'cancelled', moved: [], skipped: [] };
    if (document.version !== offered) {
      throw new Refusal('The file changed while the name was being chosen; nothing was moved.');
    }

    const plan = planFile(file, [site], existing, new Map([[0, name]]));
    if (plan.skipped.length > 0) throw new Refusal(plan.skipped[0].reason);
    const secret = plan.secrets[0];
    this.log.addSecrets(secret.value);

    // The value is stored first: if anything after this fails, the literal is still in the file.
    const environment = await this.store(args.target, document.uri, plan.secrets);
    const edit = new vscode.WorkspaceEdit();
    await this.addCodeEdits(edit, document, plan);
    if (!await vscode.workspace.applyEdit(edit)) {
      throw new Refusal(`VS Code did not apply the edit. ${secret.envKey} is in ` +
        `${targetLabel(args.target)}; ` +
        'the file is unchanged.');
    }
    this.log.info(COMPONENT, `moved a ${site.ruleId} secret in ${relativePath(document.uri)} to ` +
      `${targetLabel(args.target)} as ${secret.envKey}${secret.reused ? ' (already there)' : ''}`);
    return {
      ok: true, environment,
      moved: [{ file: relativePath(document.uri), name: secret.name, envKey: secret.envKey,
        reused: secret.reused }],
      skipped: [],
    };
  }

  private askName(target: MigrationTarget, suggested: string, file: FileInput, site: SecretSite,
    existing: Map<string, string>): Thenable<string | undefined> {
    const language = migrationLanguage(file.languageId, file.fileName);
    const probe = planReplacement({ ...file, start: site.start, end: site.end, name: suggested });
    const value = 'error' in probe ? undefined : probe.value;
    return vscode.window.showInputBox({
      title: `Move to ${targetLabel(target)}`,
      prompt: 'Environment variable name',
      value: suggested,
      validateInput: (input) => {
        if (!isValidEnvName(input)) return 'Use A-Z, 0-9 and _, not starting with a digit.';
        const key = language.envKey(input);
        if (existing.has(key) && existing.get(key) !== value) {
          return `${key} already holds another value in ${targetLabel(target)}; choose another name.`;
        }
        return undefined;
      },
    });
  }

  /**
   * Puts the values where they go before any code changes. The single fix writes .env, .gitignore
   * and .env.example directly, each atomically (temporary file + rename), because a WorkspaceEdit
   * cannot append bytes without re-encoding or rewriting the whole file.
   */
  private async store(target: MigrationTarget, document: vscode.Uri, secrets: PlannedSecret[]):
    Promise<string | undefined> {
    const fresh = secrets.filter((s) => !s.reused);
    if (target === 'secretStorage') {
      const env = this.environments.activeEnvironment();
      for (const s of fresh) await this.environments.storeSecret(env, s.envKey, s.value, 'secret');
      return env;
    }
    const files = dotenvFilesFor(document);
    for (const f of [files.dotenv, files.gitignore, files.example]) {
      if (dirtyDocument(f)) throw new Refusal(`${path.basename(f)} has unsaved changes; save it first.`);
    }
    if (await dotenvTracked(files)) throw new Refusal(TRACKED_DOTENV);
    if (fresh.length > 0) {
      let bytes = await readIfExists(files.dotenv);
      for (const s of fresh) {
        const appended = appendDotenvEntry(bytes, s.envKey, s.value);
        if (!appended.ok) throw new Refusal(appended.reason);
        bytes = appended.content;
      }
      await writeFileAtomic(files.dotenv, bytes!, 0o600);
    }
    await this.keepOutOfGit(files, secrets);
    return undefined;
  }

  /** .gitignore and .env.example; failures here are reported but do not undo the move. */
  private async keepOutOfGit(files: DotenvFiles, secrets: PlannedSecret[]): Promise<void> {
    try {
      if (await dotenvNeedsIgnoring(files)) {
        const updated = gitignoreWithEntry(await readIfExists(files.gitignore), '.env');
        if (updated) await writeFileAtomic(files.gitignore, updated.content);
      }
      let example = await readIfExists(files.example);
      let changed = false;
      for (const s of secrets) {
        const appended = appendExampleEntry(example, s.envKey);
        if (appended?.ok) {
          example = appended.content;
          changed = true;
        }
      }
      if (changed && example) await writeFileAtomic(files.example, example);
    } catch (e) {
      this.log.warn(COMPONENT, `could not update .gitignore or .env.example: ${(e as Error).message}`);
      void vscode.window.showWarningMessage('Token Warden: the secret moved, but .gitignore or ' +
        '.env.example ' +
        'could not be updated. See the log.');
    }
  }

  /** The file's edits plus, for Terraform, the variable blocks (in variables.tf when it exists). */
  private async addCodeEdits(edit: vscode.WorkspaceEdit, document: vscode.TextDocument, plan: FilePlan,
    metadata?: vscode.WorkspaceEditEntryMetadata, declared = new Map<string, Set<string>>()): Promise<void> {
    const replace = (doc: vscode.TextDocument, start: number, end: number, text: string) => {
      const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
      if (metadata) edit.replace(doc.uri, range, text, metadata);
      else edit.replace(doc.uri, range, text);
    };
    for (const e of plan.edits) replace(document, e.start, e.end, e.newText);
    if (plan.declarations.length === 0) return;

    const variablesFile = path.join(path.dirname(document.uri.fsPath), 'variables.tf');
    const separate = variablesFile !== document.uri.fsPath && await fs.stat(variablesFile).then(() => true,
      () => false);
    const target = separate ? await vscode.workspace.openTextDocument(variablesFile) : document;
    // Several files of one module may need the same variable; one edit declares it once.
    const already = declared.get(target.uri.fsPath) ?? new Set<string>();
    declared.set(target.uri.fsPath, already);
    const missing = plan.declarations.filter((d) => !already.has(d.name));
    const declaration = declarationEdit(target.getText(), missing);
    plan.declarations.forEach((d) => already.add(d.name));
    if (declaration) replace(target, declaration.start, declaration.end, declaration.newText);
  }

  private async moveAll(args: MigrateSecretsArgs): Promise<MigrationResult> {
    const scope = args.scope ?? await pick<'file' | 'workspace'>('Move secrets from', [
      ['Current File', 'file'], ['Whole Workspace', 'workspace']]);
    if (!scope) return { ok: false, reason: 'cancelled', moved: [], skipped: [] };
    const target = args.target ?? await pick<MigrationTarget>('Move them to', [
      ['.env file', 'dotenv'], ['SecretStorage (active environment)', 'secretStorage']]);
    if (!target) return { ok: false, reason: 'cancelled', moved: [], skipped: [] };

    const documents = await this.documentsFor(scope, args.uri);
    const result: MigrationResult = { ok: true, moved: [], skipped: [] };
    const preview = args.preview !== false;
    /*
     * VS Code's refactor preview starts entries that need confirmation unticked. The code edits
     * are those: the user picks which literals to replace (one click on the group ticks all).
     * The .env, .gitignore and .env.example changes are ticked from the start, so a value is
     * always kept when any code edit is applied; storing a value whose literal stays costs nothing.
     */
    const codeMetadata: vscode.WorkspaceEditEntryMetadata = {
      needsConfirmation: preview, label: `Replace secrets with environment reads (${targetLabel(target)})`,
    };
    const storeMetadata: vscode.WorkspaceEditEntryMetadata = {
      needsConfirmation: false, label: 'Keep the values in .env, and .env out of git',
    };
    const replaced: { document: vscode.TextDocument; raw: string; index: number }[] = [];
    const declared = new Map<string, Set<string>>();
    const edit = new vscode.WorkspaceEdit();
    // One store per .env file (or one SecretStorage environment), updated as files are planned,
    // so that a value found twice gets one name and names stay unique across files.
    const stores = new Map<string, { files?: DotenvFiles; existing: Map<string,
      string>; fresh: PlannedSecret[];
      all: PlannedSecret[] }>();

    for (const document of documents) {
      const sites = sitesIn(document);
      if (sites.length === 0) continue;
      const file = fileInput(document, target);
      const rel = relativePath(document.uri);
      const unavailable = targetUnavailable(file, target);
      if (unavailable) {
        for (const s of sites) result.skipped.push({ file: rel, line: document.positionAt(s.start).line + 1,
          reason: unavailable });
        continue;
      }
      const files = target === 'dotenv' ? dotenvFilesFor(document.uri) : undefined;
      const key = files?.dotenv ?? 'secretStorage';
      let store = stores.get(key);
      if (!store) {
        store = { files, existing: await this.existingEntries(target, document.uri), fresh: [], all: [] };
        stores.set(key, store);
      }
      const plan = planFile(file, sites, store.existing);
      for (const s of plan.skipped) {
        result.skipped.push({ file: rel, line: document.positionAt(s.site.start).line + 1,
          reason: s.reason });
      }
      if (plan.secrets.length === 0) continue;
      for (const s of plan.secrets) {
        this.log.addSecrets(s.value);
        if (!store.existing.has(s.envKey)) store.fresh.push(s);
        store.existing.set(s.envKey, s.value);
        store.all.push(s);
        replaced.push({ document, raw: document.getText().slice(s.site.start, s.site.end),
          index: result.moved.length });
        result.moved.push({ file: rel, name: s.name, envKey: s.envKey, reused: s.reused });
      }
      await this.addCodeEdits(edit, document, plan, codeMetadata, declared);
    }
    if (result.moved.length === 0) {
      void vscode.window.showInformationMessage(result.skipped.length > 0
        ? `Token Warden: no secret could be moved (${result.skipped[0].reason})`
        : 'Token Warden: no secrets found.');
      return { ...result, ok: result.skipped.length === 0 };
    }

    if (target === 'secretStorage') {
      // Stored before the preview: discarding it then leaves the values stored but the code unchanged,
      // which loses nothing; storing after could lose a value if storage failed after the edit.
      result.environment = await this.store(target, documents[0].uri,
        [...stores.values()].flatMap((s) => s.fresh));
    } else {
      for (const store of stores.values()) {
        await this.addDotenvEdits(edit, store.files!, store.fresh, store.all, storeMetadata);
      }
    }

    /*
     * The preview path applies .env, .gitignore and .env.example through the same WorkspaceEdit as
     * the code, so they appear in the refactor preview and undo together; VS Code's file service
     * writes them, not writeFileAtomic. The single quick fix writes them atomically instead.
     */
    const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
    if (!applied) {
      return { ...result, ok: false, moved: [], planned: result.moved, reason: target === 'secretStorage'
        ? 'The edit was not applied; the values stay stored in SecretStorage and the files are unchanged.'
        : 'The edit was not applied; nothing changed.' };
    }
    if (target === 'dotenv') {
      await this.saveSupportFiles(stores);
      await this.checkDotenvWritten(stores);
    }
    // Literals the user left unticked in the preview are still there: report only what moved.
    const left = new Set(replaced.filter((r) => r.document.getText().includes(r.raw)).map((r) => r.index));
    if (left.size > 0) {
      result.moved = result.moved.filter((_m, i) => !left.has(i));
      void vscode.window.showInformationMessage(
        `Token Warden: ${left.size} secrets were stored but stay in the ` +
        'code (left unticked in the preview). Run the command again to replace them.');
    }
    this.log.info(COMPONENT, `moved ${result.moved.length} secrets to ${targetLabel(target)} ` +
      `(${result.skipped.length} skipped) in ${new Set(result.moved.map((m) => m.file)).size} files`);
    return result;
  }

  private async addDotenvEdits(edit: vscode.WorkspaceEdit, files: DotenvFiles, fresh: PlannedSecret[],
    all: PlannedSecret[], metadata: vscode.WorkspaceEditEntryMetadata): Promise<void> {
    for (const f of [files.dotenv, files.gitignore, files.example]) {
      if (dirtyDocument(f)) throw new Refusal(`${path.basename(f)} has unsaved changes; save it first.`);
    }
    if (await dotenvTracked(files)) throw new Refusal(TRACKED_DOTENV);
    const original = await readIfExists(files.dotenv);
    let bytes = original;
    let added = '';
    for (const s of fresh) {
      const appended = appendDotenvEntry(bytes, s.envKey, s.value);
      if (!appended.ok) throw new Refusal(`${s.envKey}: ${appended.reason}`);
      bytes = appended.content;
      added += appended.appended;
    }
    if (added) await appendOrCreate(edit, files.dotenv, original, bytes!, added, metadata);

    if (await dotenvNeedsIgnoring(files)) {
      const gitignore = await readIfExists(files.gitignore);
      const updated = gitignoreWithEntry(gitignore, '.env');
      if (updated) await appendOrCreate(edit, files.gitignore, gitignore, updated.content, updated.appended,
        metadata);
    }
    const example = await readIfExists(files.example);
    let exampleBytes = example;
    let exampleAdded = '';
    for (const s of all) {
      const appended = appendExampleEntry(exampleBytes, s.envKey);
      if (!appended?.ok) continue;
      exampleBytes = appended.content;
      exampleAdded += appended.appended;
    }
    if (exampleAdded) await appendOrCreate(edit, files.example, example, exampleBytes!, exampleAdded,
      metadata);
  }

  /**
   * The refactor preview lets the user untick single changes. Unticking the .env insertion but
   * keeping the code edit would drop the value, so it is checked and the way back is named.
   */
  private async checkDotenvWritten(stores: Map<string, { files?: DotenvFiles; fresh: PlannedSecret[] }>):
    Promise<void> {
    const missing: string[] = [];
    for (const { files, fresh } of stores.values()) {
      if (!files || fresh.length === 0) continue;
      const entries = readDotenvEntries(await readIfExists(files.dotenv));
      for (const s of fresh) if (entries.get(s.envKey) !== s.value) missing.push(s.envKey);
    }
    if (missing.length === 0) return;
    this.log.warn(COMPONENT, `not in .env after the edit: ${missing.join(', ')}`);
    void vscode.window.showWarningMessage(
      `Token Warden: ${missing.join(', ')} did not reach .env (unticked in ` +
      'the preview?). Undo the edit (Ctrl+Z in the changed files) to get the literals back.');
  }

  private async saveSupportFiles(stores: Map<string, { files?: DotenvFiles }>): Promise<void> {
    for (const { files } of stores.values()) {
      if (!files) continue;
      for (const f of [files.dotenv, files.gitignore, files.example]) {
        const doc = dirtyDocument(f);
        if (doc) await doc.save();
      }
    }
  }

  private async documentsFor(scope: 'file' | 'workspace',
    uri?: vscode.Uri | string): Promise<vscode.TextDocument[]> {
    if (scope === 'file') {
      const document = uri
        ? await vscode.workspace.openTextDocument(toUri(uri))
        : vscode.window.activeTextEditor?.document;
      if (!document) throw new Refusal('Open the file whose secrets should move first.');
      return [document];
    }
    const found = await vscode.workspace.findFiles('**/*',
      '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/.env,**/.env.*}', 5000);
    const documents: vscode.TextDocument[] = [];
    for (const file of found) {
      const stat = await fs.stat(file.fsPath).catch(() => undefined);
      if (!stat || stat.size > 1_000_000) continue;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      // Files are scanned from disk and opened only when they hold a secret.
      const text = open?.getText() ?? await fs.readFile(file.fsPath, 'utf8').catch(() => '');
      if (text.includes('\0') || scanText(text, { path: relativePath(file) }).length === 0) continue;
      documents.push(open ?? await vscode.workspace.openTextDocument(file));
    }
    return documents;
  }
}

/** Adds `added` at the end of an existing file, or creates the file with `content`. */
async function appendOrCreate(edit: vscode.WorkspaceEdit, file: string, original: Uint8Array | undefined,
  content: Uint8Array, added: string, metadata: vscode.WorkspaceEditEntryMetadata): Promise<void> {
  const uri = vscode.Uri.file(file);
  if (!original) {
    edit.createFile(uri, { contents: content, ignoreIfExists: false }, metadata);
    return;
  }
  // VS Code keeps the document's BOM, encoding and line endings when it saves the insertion.
  const document = await vscode.workspace.openTextDocument(uri);
  edit.insert(uri, document.positionAt(document.getText().length), added, metadata);
}

async function pick<T>(placeHolder: string, items: [string, T][]): Promise<T | undefined> {
  const picked = await vscode.window.showQuickPick(items.map(([label, value]) => ({ label, value })),
    { placeHolder });
  return picked?.value;
}
