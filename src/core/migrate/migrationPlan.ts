/**
 * Turns findings in one file into a migration: a name per secret, the edits of the file, and the
 * values to store. Shared by the single quick fix and "Move All Secrets", which differ only in
 * how many sites they pass and whether the user chose the name.
 */
import { chooseEnvName, inferEnvName, isValidEnvName } from './envName';
import { dotenvTemplateKey, migrationLanguage, planReplacement, Replacement, TextEdit } from './replacement';

export type MigrationTarget = 'dotenv' | 'secretStorage';

/** Where a secret sits: its raw range in the file and the rule's suggested name. */
export interface SecretSite {
  start: number;
  end: number;
  ruleId: string;
  envName: string;
}

export interface FileInput {
  text: string;
  languageId: string;
  fileName: string;
  /** The target, for formats whose reference depends on it (`.http`: `{{$dotenv NAME}}` or `{{NAME}}`). */
  target?: MigrationTarget;
}

export interface NameSuggestion {
  name: string;
  /** True when the store already holds this value under `name`. */
  reused: boolean;
}

/** Why a target cannot be used in this file, or undefined when it can. */
export function targetUnavailable(file: FileInput, target: MigrationTarget): string | undefined {
  const language = migrationLanguage(file.languageId, file.fileName);
  if (language.unsupported) return language.unsupported;
  if (target === 'dotenv' && language.noEnvironment) {
    return `${language.noEnvironment} Move it to SecretStorage instead; the file keeps a {{NAME}} ` +
      'placeholder.';
  }
  return undefined;
}

/**
 * The name to offer for a secret: inferred from its context, then made unique against `existing`
 * (key → value of the target store), reusing a key that already holds the same value.
 */
export function suggestName(file: FileInput, site: SecretSite, existing: ReadonlyMap<string, string>):
  NameSuggestion | { error: string } {
  const probe = planReplacement({ ...file, start: site.start, end: site.end, name: 'NAME' });
  if ('error' in probe) return probe;
  const language = migrationLanguage(file.languageId, file.fileName);
  const templateKey = dotenvTemplateKey(file.text, site.start, site.end);
  const base = language.id === 'dotenv-template' && templateKey && isValidEnvName(templateKey)
    ? templateKey
    : inferEnvName({
      text: file.text, literalStart: probe.literalStart, whole: probe.whole, fallback: site.envName,
      indentBased: language.id === 'yaml',
    });
  return chooseEnvName(base, probe.value, existing, (n) => language.envKey(n));
}

export interface PlannedSecret {
  site: SecretSite;
  name: string;
  envKey: string;
  value: string;
  /** The store already holds the value under envKey: nothing to write. */
  reused: boolean;
}

export interface FilePlan {
  /** Edits of the file, sorted and non-overlapping, import included. */
  edits: TextEdit[];
  secrets: PlannedSecret[];
  skipped: { site: SecretSite; reason: string }[];
  /** Terraform variable blocks the reads need, by variable name. */
  declarations: { name: string; block: string }[];
}

/**
 * Plans the migration of `sites` in one file. `names` holds names the user chose (by index into
 * `sites`); the others are suggested. `existing` is the target store's content (key → value) and
 * is not modified. A chosen name whose key already holds another value is refused, not renamed.
 */
export function planFile(file: FileInput, sites: SecretSite[], existing: ReadonlyMap<string, string>,
  names: ReadonlyMap<number, string> = new Map()): FilePlan {
  const store = new Map(existing);
  const plan: FilePlan = { edits: [], secrets: [], skipped: [], declarations: [] };
  const imports: TextEdit[] = [];

  const order = sites.map((site, index) => ({ site, index })).sort((a, b) => a.site.start - b.site.start);
  for (const { site, index } of order) {
    let choice: NameSuggestion;
    const chosen = names.get(index);
    if (chosen !== undefined) {
      if (!isValidEnvName(chosen)) {
        plan.skipped.push({ site,
          reason: `${chosen} is not a valid name (A-Z, 0-9 and _, not starting with a digit).` });
        continue;
      }
      choice = { name: chosen, reused: false };
    } else {
      const suggested = suggestName(file, site, store);
      if ('error' in suggested) {
        plan.skipped.push({ site, reason: suggested.error });
        continue;
      }
      choice = suggested;
    }

    const replacement = planReplacement({ ...file, start: site.start, end: site.end, name: choice.name });
    if ('error' in replacement) {
      plan.skipped.push({ site, reason: replacement.error });
      continue;
    }
    const held = store.get(replacement.envKey);
    if (held !== undefined && held !== replacement.value) {
      plan.skipped.push({ site,
        reason: `${replacement.envKey} already holds a different value; choose another name.` });
      continue;
    }
    if (overlaps(plan.edits, replacement.edits)) {
      plan.skipped.push({ site,
        reason: 'It shares a string with another secret; run the migration again for it.' });
      continue;
    }

    plan.edits.push(...replacement.edits);
    if (replacement.importEdit) imports.push(replacement.importEdit);
    addDeclaration(plan, replacement);
    plan.secrets.push({
      site, name: choice.name, envKey: replacement.envKey, value: replacement.value,
        reused: held !== undefined,
    });
    store.set(replacement.envKey, replacement.value);
  }

  const firstImport = imports[0];
  if (firstImport && !overlaps(plan.edits, [firstImport])) plan.edits.push(firstImport);
  plan.edits.sort((a, b) => a.start - b.start || a.end - b.end);
  return plan;
}

function addDeclaration(plan: FilePlan, replacement: Replacement): void {
  const d = replacement.declaration;
  if (d && !plan.declarations.some((x) => x.name === d.name)) plan.declarations.push(d);
}

function overlaps(edits: TextEdit[], more: TextEdit[]): boolean {
  return more.some((m) => edits.some((e) => m.start < e.end && e.start < m.end
    || (m.start === m.end && m.start > e.start && m.start < e.end)));
}

/** Applies edits (sorted, non-overlapping) to a text; what VS Code does with a WorkspaceEdit. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * The edit that declares Terraform variables in `variablesText` (variables.tf, or the file itself),
 * skipping those already declared. Undefined when there is nothing to add.
 */
export function declarationEdit(variablesText: string, declarations: { name: string; block: string }[]):
  TextEdit | undefined {
  const eol = variablesText.includes('\r\n') ? '\r\n' : '\n';
  const missing = declarations.filter((d) =>
    !new RegExp(`^[ \\t]*variable[ \\t]+"${d.name}"`, 'm').test(variablesText));
  if (missing.length === 0) return undefined;
  const lead = variablesText.length === 0 ? '' : variablesText.endsWith('\n') ? eol : eol + eol;
  const blocks = missing.map((d) => d.block.replace(/\n/g, eol)).join(eol);
  return { start: variablesText.length, end: variablesText.length, newText: lead + blocks };
}
