import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'tokenwarden.token-warden';

suite('Activation', () => {
  test('the extension activates and registers every command its package.json declares', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in the test host`);
    await extension.activate();
    assert.equal(extension.isActive, true);

    // The manifest the host loaded, so the test follows the commands features keep adding.
    const declared: string[] = (extension.packageJSON.contributes?.commands ?? [])
      .map((command: { command: string }) => command.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });
});
