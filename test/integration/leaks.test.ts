import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROVIDER_RULES } from '../../src/core/scan';
import { fakeToken } from '../support/fakeTokens';
import { readExtensionLog } from './support/extensionLog';
import { waitFor } from './support/waitFor';
import { workspaceRoot } from './support/workspaceFolders';

const EXTENSION_ID = 'tokenwarden.token-warden';
const SOURCE = 'Token Warden';

/** Every secret a test plants; no diagnostic, tree label or log line may contain one. */
const planted = new Set<string>();

function token(ruleId: string, seed: number): string {
  const value = fakeToken(ruleId, seed);
  planted.add(value);
  return value;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

function assertNoSecret(text: string, where: string): void {
  for (const secret of planted) assert.ok(!text.includes(secret), `${where} contains a planted secret`);
}

function write(relative: string, content: string): vscode.Uri {
  const file = path.join(workspaceRoot(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return vscode.Uri.file(file);
}

function revokeUrlOf(ruleId: string): string {
  const rule = PROVIDER_RULES.find((r) => r.id === ruleId);
  assert.ok(rule, `no rule ${ruleId}`);
  return rule.revokeUrl;
}

/** Code actions for our diagnostic on `uri`; retried because the first request may be cancelled. */
async function actionsFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return waitFor(
    async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // Actions come back converted, without their diagnostics: recognise ours by what they do.
      const mine = (actions ?? []).filter(
        (a) =>
          a.title.startsWith('Allow this') ||
          a.command?.command === 'tokenWarden.addLeakToBaseline' ||
          a.command?.command === 'tokenWarden.openRevocationPage',
      );
      return mine.length > 0 ? mine : undefined;
    },
    40_000,
    'code actions on a Token Warden diagnostic',
  );
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.test', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2026-01-02T10:00:00Z',
        GIT_COMMITTER_DATE: '2026-01-02T10:00:00Z',
      },
    },
  ).trim();
}

suite('Leaks', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the workspace scan reports exactly the planted leaks in closed files, not ignored ones', async () => {
    const github = token('github-pat-classic', 101);
    const slack = token('slack-bot-token', 102);
    const config = write('scan-fixture/config.js', `const a = 1;\nconst githubToken = "${github}";\n`);
    const deploy = write('scan-fixture/deploy.py', `import os\n\nSLACK_TOKEN = "${slack}"\n`);
    const clean = write('scan-fixture/clean.ts', 'export const answer = 42;\n');
    const ignored = write(
      'scan-fixture/vendored/sample.js',
      `const k = "${token('github-pat-classic', 103)}";\n`,
    );
    write('scan-fixture/.tokenwardenignore', 'vendored/\n');

    await vscode.commands.executeCommand('tokenWarden.scanWorkspace');

    await waitFor(
      () => {
        const [configDiagnostic, ...more] = ours(config);
        assert.equal(more.length, 0);
        assert.equal(codeOf(configDiagnostic), 'github-pat-classic');
        assert.equal(configDiagnostic.range.start.line, 1);
        assert.equal(configDiagnostic.range.start.character, 'const githubToken = "'.length);
        assert.equal(configDiagnostic.severity, vscode.DiagnosticSeverity.Error);
        assert.deepEqual(
          ours(deploy).map((d) => [codeOf(d), d.range.start.line]),
          [['slack-bot-token', 2]],
        );
        return true;
      },
      30_000,
      'workspace scan diagnostics',
    );
    assert.deepEqual(ours(clean), []);
    assert.deepEqual(ours(ignored), [], '.tokenwardenignore is respected');

    const [diagnostic] = ours(config);
    assert.match(diagnostic.message, /GitHub/);
    assert.match(diagnostic.message, /move it to \.env or SecretStorage/);
    assert.ok(diagnostic.message.includes(revokeUrlOf('github-pat-classic')));
    const target = (diagnostic.code as { target: vscode.Uri }).target;
    assert.ok(target.path.endsWith('/docs/rules.md'), `rule link ${target.toString()}`);
    // The link lands on the rule's own section of the page shipped with the extension.
    const line = Number(/^L(\d+)$/.exec(target.fragment)?.[1]);
    const page = fs.readFileSync(target.fsPath, 'utf8').split('\n');
    assert.ok(
      page[line - 1]?.includes('id="github-pat-classic"'),
      `line ${line} of rules.md is the rule's anchor`,
    );
    for (const d of [...ours(config), ...ours(deploy)]) assertNoSecret(d.message, 'a diagnostic message');
  });

  test('after a workspace scan, files changed or deleted on disk are re-scanned or dropped', async () => {
    await vscode.commands.executeCommand('tokenWarden.scanWorkspace');
    const uri = write('watched/later.js', 'export const a = 1;\n');
    const github = token('github-pat-classic', 1201);
    fs.writeFileSync(uri.fsPath, `export const a = 1;\nexport const githubToken = "${github}";\n`);
    await waitFor(() => ours(uri).length === 1, 40_000, 'the changed file to be re-scanned');

    fs.rmSync(uri.fsPath);
    await waitFor(() => ours(uri).length === 0, 40_000, 'the deleted file to be dropped');
  });

  test('typing a secret adds a diagnostic and deleting it removes the diagnostic', async () => {
    const uri = write('live/edit.ts', 'export const a = 1;\n');
    const editor = await vscode.window.showTextDocument(uri);
    const stripe = token('stripe-secret-key', 201);

    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `const stripeKey = '${stripe}';\n`));
    const [added] = await waitFor(() => ours(uri).length === 1 && ours(uri), 30_000, 'a live diagnostic');
    assert.equal(codeOf(added), 'stripe-secret-key');
    assert.equal(added.range.start.line, 1);
    assertNoSecret(added.message, 'a live diagnostic');

    await editor.edit((edit) => edit.delete(editor.document.lineAt(1).rangeIncludingLineBreak));
    await waitFor(() => ours(uri).length === 0, 30_000, 'the diagnostic to disappear');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the inline allow action comments a JavaScript line with // and the finding goes away', async () => {
    const github = token('github-pat-classic', 301);
    const uri = write('actions/allow.js', `const a = 1;\nconst githubToken = "${github}";\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diagnostic] = await waitFor(() => ours(uri).length === 1 && ours(uri), 30_000, 'a diagnostic');

    const allow = (await actionsFor(uri, diagnostic)).find((a) => a.title.startsWith('Allow this'));
    assert.ok(allow?.edit, 'an allow action with an edit');
    assert.ok(await vscode.workspace.applyEdit(allow.edit));
    assert.equal(doc.lineAt(1).text, `const githubToken = "${github}"; // token-warden:allow`);
    await waitFor(() => ours(uri).length === 0, 30_000, 'the allowed finding to disappear');
    await doc.save();
  });

  test('the inline allow action comments a Python line with #', async () => {
    const slack = token('slack-bot-token', 401);
    const uri = write('actions/allow.py', `SLACK = "${slack}"\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diagnostic] = await waitFor(() => ours(uri).length === 1 && ours(uri), 30_000, 'a diagnostic');

    const allow = (await actionsFor(uri, diagnostic)).find((a) => a.title.startsWith('Allow this'));
    assert.ok(allow?.edit);
    assert.ok(await vscode.workspace.applyEdit(allow.edit));
    assert.equal(doc.lineAt(0).text, `SLACK = "${slack}" # token-warden:allow`);
    await waitFor(() => ours(uri).length === 0, 30_000, 'the allowed finding to disappear');
    await doc.save();
  });

  test('JSON gets no inline allow, only the baseline, which is written and clears the finding', async () => {
    const github = token('github-pat-classic', 501);
    const uri = write('actions/credentials.json', `{\n  "githubToken": "${github}"\n}\n`);
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(editor.document.languageId, 'json');
    const [diagnostic] = await waitFor(() => ours(uri).length === 1 && ours(uri), 30_000, 'a diagnostic');

    const actions = await actionsFor(uri, diagnostic);
    assert.ok(!actions.some((a) => a.title.startsWith('Allow this')), 'JSON has no comments');
    const baseline = actions.find((a) => a.title.includes('baseline'));
    assert.ok(baseline?.command);
    const added = await vscode.commands.executeCommand<boolean>(
      baseline.command.command,
      ...(baseline.command.arguments ?? []),
    );
    assert.equal(added, true);

    const file = path.join(workspaceRoot(), '.token-warden-baseline.json');
    const text = fs.readFileSync(file, 'utf8');
    const entries = JSON.parse(text).findings as { file: string; ruleId: string; fingerprint: string }[];
    assert.ok(
      entries.some((e) => e.file === 'actions/credentials.json' && e.ruleId === 'github-pat-classic'),
    );
    assertNoSecret(text, 'the baseline file');
    await waitFor(() => ours(uri).length === 0, 30_000, 'the baselined finding to disappear');
  });

  test("the revocation action opens the rule's revocation page", async () => {
    const uri = write('actions/revoke.js', `const slack = "${token('slack-bot-token', 601)}";\n`);
    await vscode.window.showTextDocument(uri);
    const [diagnostic] = await waitFor(() => ours(uri).length === 1 && ours(uri), 30_000, 'a diagnostic');
    const revoke = (await actionsFor(uri, diagnostic)).find(
      (a) => a.command?.command === 'tokenWarden.openRevocationPage',
    );
    assert.ok(revoke, 'a revocation action');
    assert.deepEqual(revoke.command?.arguments, [revokeUrlOf('slack-bot-token')]);
    assert.match(revoke.title, /Slack/);
  });

  test('a committed secret is reported with its commit and date, to be rotated', async () => {
    const repo = path.join(workspaceRoot(), 'committed-repo');
    fs.mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q');
    fs.writeFileSync(
      path.join(repo, 'app.js'),
      `const githubToken = "${token('github-pat-classic', 701)}";\n`,
    );
    git(repo, 'add', 'app.js');
    git(repo, 'commit', '-q', '-m', 'add app');
    const sha = git(repo, 'rev-parse', '--short=7', 'HEAD');

    const uri = vscode.Uri.file(path.join(repo, 'app.js'));
    await vscode.window.showTextDocument(uri);
    const [diagnostic] = await waitFor(
      () => {
        const found = ours(uri);
        return found.length === 1 && found[0].message.includes('commit') && found;
      },
      40_000,
      'a diagnostic naming the commit',
    );
    assert.match(diagnostic.message, new RegExp(`already in commit ${sha} \\(2026-01-02\\)`));
    assert.match(diagnostic.message, /rotate it/);
    assertNoSecret(diagnostic.message, 'the committed-secret message');
  });

  test('the history scan finds a secret removed in a later commit and lists it as history only', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-leaks-history-'));
    try {
      git(repo, 'init', '-q');
      const removed = token('github-pat-classic', 801);
      const kept = token('slack-bot-token', 802);
      fs.writeFileSync(path.join(repo, 'config.js'), `const a = 1;\nconst githubToken = "${removed}";\n`);
      fs.writeFileSync(path.join(repo, 'keep.py'), `SLACK = "${kept}"\n`);
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'add config');
      const introduced = git(repo, 'rev-parse', 'HEAD');
      fs.writeFileSync(
        path.join(repo, 'config.js'),
        'const a = 1;\nconst githubToken = process.env.GITHUB_TOKEN;\n',
      );
      git(repo, 'commit', '-q', '-am', 'read the token from the environment');

      const summaries = await vscode.commands.executeCommand<
        {
          commits: number;
          historyOnly: {
            ruleId: string;
            path: string;
            line: number;
            commit: string;
            masked: string;
          }[];
        }[]
      >('tokenWarden.scanGitHistory', repo);
      assert.equal(summaries?.length, 1);
      assert.equal(summaries[0].commits, 2);
      assert.deepEqual(
        summaries[0].historyOnly.map((f) => [f.ruleId, f.path, f.line, f.commit]),
        [['github-pat-classic', 'config.js', 2, introduced]],
      );
      assertNoSecret(JSON.stringify(summaries), 'the history summary');

      const groups = await vscode.commands.executeCommand<
        { label: string; entries: { path: string; masked: string }[] }[]
      >('tokenWarden.groupLeaksBySeverity');
      const history = groups?.find((g) => g.label === 'In git history only');
      assert.ok(
        history?.entries.some((e) => e.path.endsWith('config.js')),
        'a history-only group in the Leaks view',
      );
      assertNoSecret(JSON.stringify(groups), 'the Leaks view');
      await waitFor(() => readExtensionLog().includes('only in history'), 30_000, 'the output summary');
      assertNoSecret(readExtensionLog(), 'the log');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  test('the Leaks view groups by file or by severity and remembers the choice', async () => {
    write('view/a.js', `const githubToken = "${token('github-pat-classic', 901)}";\n`);
    await vscode.commands.executeCommand('tokenWarden.scanWorkspace');
    const byFile = await waitFor(
      async () => {
        const groups = await vscode.commands.executeCommand<
          { label: string; entries: { masked: string }[] }[]
        >('tokenWarden.groupLeaksByFile');
        return groups?.some((g) => g.label === 'view/a.js') && groups;
      },
      20_000,
      'a file group for view/a.js',
    );
    assertNoSecret(JSON.stringify(byFile), 'the Leaks view');
    const bySeverity = await vscode.commands.executeCommand<{ label: string }[]>(
      'tokenWarden.groupLeaksBySeverity',
    );
    assert.equal(bySeverity?.[0]?.label, 'Critical');
  });

  test('a large document is scanned in a worker thread and still gets its diagnostic', async () => {
    const filler = 'const filler = "lorem ipsum dolor sit amet, consectetur";\n'.repeat(20_000);
    const uri = write(
      'big/large.js',
      `${filler}const githubToken = "${token('github-pat-classic', 1101)}";\n`,
    );
    const editor = await vscode.window.showTextDocument(uri);
    assert.ok(editor.document.getText().length > 1024 * 1024, 'the document is over 1 MiB');
    const [diagnostic] = await waitFor(() => ours(uri).length === 1 && ours(uri), 40_000, 'a diagnostic');
    assert.equal(diagnostic.range.start.line, 20_000);
  });

  test('a document over the size limit is not scanned live, and the limit is a setting', async () => {
    const config = vscode.workspace.getConfiguration('tokenWarden');
    await config.update('scan.maxFileSizeMB', 0.1, vscode.ConfigurationTarget.Workspace);
    try {
      const filler = 'const filler = "lorem ipsum dolor sit amet";\n'.repeat(4000);
      const uri = write(
        'big/generated.js',
        `const githubToken = "${token('github-pat-classic', 1001)}";\n${filler}`,
      );
      await vscode.window.showTextDocument(uri);
      const small = write('big/small.js', `const githubToken = "${token('github-pat-classic', 1002)}";\n`);
      await vscode.window.showTextDocument(small);
      await waitFor(() => ours(small).length === 1, 30_000, 'the small file to be scanned');
      assert.deepEqual(ours(uri), [], 'the large file is skipped');
    } finally {
      await config.update('scan.maxFileSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a custom rule with a bad regex is reported by name and the other rules keep working', async () => {
    const config = vscode.workspace.getConfiguration('tokenWarden');
    await config.update(
      'scan.customRules',
      [
        { id: 'broken-rule', regex: '(unclosed' },
        {
          id: 'internal-ticket-key',
          regex: 'TKTK-[0-9]{10}',
          keywords: ['tktk-'],
          severity: 'medium',
          title: 'Internal ticket key',
        },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      const uri = write('custom/keys.txt', `ticket = TKTK-${'4'.repeat(3)}${'7'.repeat(7)}\n`);
      await vscode.window.showTextDocument(uri);
      const [diagnostic] = await waitFor(
        () => ours(uri).length === 1 && ours(uri),
        30_000,
        'a custom rule diagnostic',
      );
      assert.equal(codeOf(diagnostic), 'internal-ticket-key');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      await waitFor(
        () => /custom rule "broken-rule": .*regular expression/.test(readExtensionLog()),
        30_000,
        'the bad rule to be named in the log',
      );
    } finally {
      await config.update('scan.customRules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
