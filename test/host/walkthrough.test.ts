// The Get Started walkthrough: contributed with seven steps, each with an image the package holds, opened from
// the Coze view's welcome, rendered by the real workbench, and a step completes on its real command.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from '../../src/host/ids';
import { closeAll, dom, waitFor } from './support/host';

interface Step {
  id: string;
  title: string;
  media: { image: string };
  completionEvents: string[];
}

describe('the Get Started walkthrough', () => {
  const ext = () => vscode.extensions.getExtension(WALKTHROUGH_ID.split('#')[0]!)!;
  after(closeAll);

  it('has seven steps, each with an image in the package and a completion event on a command', () => {
    const walkthroughs = (ext().packageJSON as { contributes: { walkthroughs: { id: string; steps: Step[] }[] } }).contributes.walkthroughs;
    assert.equal(walkthroughs[0]?.id, WALKTHROUGH_ID.split('#')[1]);
    const steps = walkthroughs[0]!.steps;
    assert.equal(steps.length, 7);
    for (const s of steps) {
      assert.ok(existsSync(join(ext().extensionPath, s.media.image)), `${s.id}: ${s.media.image} exists`);
      assert.ok(
        s.completionEvents.every((e) => e.startsWith('onCommand:')),
        `${s.id} completes on a command`,
      );
    }
  });

  it('opens in the workbench with its steps, and a step completes when its command runs', async function () {
    if (!dom.available()) this.skip();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
    const text = await waitFor('the walkthrough to render', async () => {
      const t = String((await dom.call('/text', { selector: '.gettingStartedContainer', timeout: '1000' }).catch(() => ({ text: '' }))).text);
      return /Get Started with Coze Workflows/.test(t) && /Give your workflows to an agent/.test(t) ? t : undefined;
    });
    for (const title of [
      'Choose where your workflows live',
      'Sign in with a personal access token',
      'Add a workflow',
      'Run it and watch it stream',
      'Answer a question node',
      'Keep the run as a test case',
    ]) {
      assert.ok(text.includes(title), title);
    }
    const done = async () =>
      Number(
        (
          await dom.call('/count', {
            selector: '.gettingStartedContainer .getting-started-step.complete, .gettingStartedContainer .codicon-getting-started-step-checked',
          })
        ).count,
      );
    const before = await done();
    // the first step's button, clicked in the page as a user would: the workbench runs coze.selectEnvironment
    // (its picker is dismissed), and the step completes on that command
    await dom.call('/click', { selector: '.gettingStartedContainer >> text="Select Environment"' });
    await waitFor(
      'the environment picker',
      async () => Number((await dom.call('/count', { selector: '.quick-input-widget:not([style*="display: none"])' })).count) > 0,
    );
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await waitFor('the step to show as done', async () => (await done()) > before);
  });
});
