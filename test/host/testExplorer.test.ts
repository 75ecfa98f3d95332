// Workflow test suites in the Test Explorer: discovery kept current as files change, diagnostics at their
// lines, a run whose failure is a diff at the line of the expectation that failed, re-running the failed
// ones through VS Code's own command, cancel, and Save as Test Case producing a case that then passes.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dom, extensionApi, heldAtLeast, recordedRequests, servers, useLocalEnvironments, waitFor } from './support/host';

const HELLO = '7500000000000000101';

const SUITE = `# a suite as a user would write it
cases:
  - name: greets Ada
    workflow: "${HELLO}"
    parameters: { name: Ada }
    expect:
      status: success
      output: { contains: "Hello, Ada" }
  - name: expects the wrong greeting
    workflow: "${HELLO}"
    parameters: { name: Bob }
    expect:
      output: { equals: "Goodbye, Bob" }
`;
/** The 1-based line of `output: { equals … }` above: where the failure must be placed. */
const FAILING_LINE = 13;

const BROKEN = `cases:
  - name: a
    workflow: "1"
    expect:
      stauts: success
`;

interface Recorded {
  items: string[];
  started: string[];
  passed: string[];
  failed: { id: string; messages: vscode.TestMessage[] }[];
  skipped: string[];
  errored: string[];
  output: string;
  ended: boolean;
}

const folderUri = () => vscode.workspace.workspaceFolders![0]!.uri;
const fileUri = (rel: string) => vscode.Uri.joinPath(folderUri(), rel);
/**
 * Writes a file as a user does in VS Code: a new one is created through a workspace edit (as the Explorer
 * does), an existing one is edited in its document and saved. These reach the extension as events at once;
 * the platform's file watcher is not relied on (code-server's sometimes delivers nothing on these machines).
 */
async function write(rel: string, text: string): Promise<void> {
  const uri = fileUri(rel);
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  const edit = new vscode.WorkspaceEdit();
  if (!exists) {
    edit.createFile(uri, { contents: new TextEncoder().encode(text) });
    assert.ok(await vscode.workspace.applyEdit(edit), `${rel} was created`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `${rel} was edited`);
  assert.ok(await doc.save(), `${rel} was saved`);
}
async function remove(rel: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.deleteFile(fileUri(rel), { recursive: true, ignoreIfNotExists: true });
  await vscode.workspace.applyEdit(edit);
}

describe('workflow test suites in the Test Explorer', () => {
  useLocalEnvironments();
  const runs: Recorded[] = [];
  let restore: (() => void) | undefined;

  before(async () => {
    // every test run the controller makes is recorded, whoever starts it (our call or VS Code's commands)
    const { controller } = (await extensionApi()).tests;
    const original = controller.createTestRun.bind(controller);
    controller.createTestRun = (request, name, persist) => {
      const run = original(request, name, persist);
      const rec: Recorded = {
        items: (request.include ?? []).map((i) => i.id),
        started: [],
        passed: [],
        failed: [],
        skipped: [],
        errored: [],
        output: '',
        ended: false,
      };
      runs.push(rec);
      return new Proxy(run, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const item = args[0] as vscode.TestItem | undefined;
            if (key === 'started') rec.started.push(item!.id);
            if (key === 'passed') rec.passed.push(item!.id);
            if (key === 'skipped') rec.skipped.push(item!.id);
            if (key === 'errored') rec.errored.push(item!.id);
            if (key === 'failed') rec.failed.push({ id: item!.id, messages: ([] as vscode.TestMessage[]).concat(args[1] as vscode.TestMessage) });
            if (key === 'appendOutput') rec.output += String(args[0]);
            if (key === 'end') rec.ended = true;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    };
    restore = () => (controller.createTestRun = original);
    await write('.coze/tests/suite.test.yaml', SUITE);
  });
  after(async () => {
    restore?.();
    await remove('.coze/tests');
  });

  const fileItem = async (rel: string, cases: number) => {
    const { controller } = (await extensionApi()).tests;
    return waitFor(`${rel} with ${cases} case(s) in the Test Explorer`, () => {
      const item = controller.items.get(fileUri(rel).fsPath);
      return item && item.children.size === cases ? item : undefined;
    });
  };
  const childNamed = (file: vscode.TestItem, label: string) => {
    let found: vscode.TestItem | undefined;
    file.children.forEach((c) => void (c.label === label && (found = c)));
    assert.ok(found, `a case named "${label}"`);
    return found;
  };
  const runNow = async (include: vscode.TestItem[]) => {
    const api = await extensionApi();
    const before = runs.length;
    await api.tests.run(new vscode.TestRunRequest(include), new vscode.CancellationTokenSource().token);
    return runs[before]!;
  };

  it("discovers the suite, keeps it current as the file changes, and puts a malformed file's problems at their lines", async () => {
    const suite = await fileItem('.coze/tests/suite.test.yaml', 2);
    assert.equal(childNamed(suite, 'greets Ada').range?.start.line, 2, 'a case sits at its line');
    await write('.coze/tests/suite.test.yaml', `${SUITE}  - name: a third case\n    workflow: "${HELLO}"\n    parameters: { name: Cy }\n`);
    await fileItem('.coze/tests/suite.test.yaml', 3);
    await write('.coze/tests/suite.test.yaml', SUITE);
    await fileItem('.coze/tests/suite.test.yaml', 2);

    await write('.coze/tests/broken.test.yaml', BROKEN);
    const diagnostics = await waitFor("the broken file's diagnostics", () => {
      const d = vscode.languages.getDiagnostics(fileUri('.coze/tests/broken.test.yaml'));
      return d.length ? d : undefined;
    });
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line + 1, d.severity]),
      [[5, vscode.DiagnosticSeverity.Error]],
    );
    assert.match(diagnostics[0]!.message, /unknown key "stauts"/);
    const broken = await fileItem('.coze/tests/broken.test.yaml', 0);
    assert.match(String(typeof broken.error === 'string' ? broken.error : broken.error?.value), /1 problem/);
    // mended, its problems go
    await write('.coze/tests/broken.test.yaml', BROKEN.replace('stauts', 'status'));
    await waitFor('the diagnostics to clear', () => vscode.languages.getDiagnostics(fileUri('.coze/tests/broken.test.yaml')).length === 0);
    await remove('.coze/tests/broken.test.yaml');
    await waitFor(
      'the deleted file to leave the Test Explorer',
      async () => !(await extensionApi()).tests.controller.items.get(fileUri('.coze/tests/broken.test.yaml').fsPath),
    );
  });

  it('runs the suite: one passes; the other fails with a diff at the line of its expectation, the debug URL and the logid', async () => {
    const suite = await fileItem('.coze/tests/suite.test.yaml', 2);
    const rec = await runNow([suite]);
    assert.ok(rec.ended);
    const good = childNamed(suite, 'greets Ada');
    const bad = childNamed(suite, 'expects the wrong greeting');
    assert.deepEqual(rec.started.sort(), [bad.id, good.id].sort());
    assert.deepEqual(rec.passed, [good.id]);
    assert.equal(rec.failed.length, 1);
    assert.equal(rec.failed[0]!.id, bad.id);
    const [message] = rec.failed[0]!.messages;
    assert.equal(message?.expectedOutput, 'Goodbye, Bob');
    assert.match(message?.actualOutput ?? '', /Hello, Bob/);
    assert.equal(message?.location?.uri.fsPath, fileUri('.coze/tests/suite.test.yaml').fsPath);
    assert.equal(message?.location?.range.start.line, FAILING_LINE - 1);
    const text = typeof message?.message === 'string' ? message.message : message?.message.value;
    assert.match(text ?? '', /debug_url: http/);
    assert.match(text ?? '', /logid: \w+/);
    assert.match(rec.output, /Hello, Ada/, "the case's output goes to the test output");
  });

  it("a judged case that scores low fails with the judge's score, reason and run; a repeated case shows k of N", async () => {
    await write(
      '.coze/tests/eval.test.yaml',
      `judge: "7500000000000000111"
cases:
  - name: judged low
    workflow: "${HELLO}"
    parameters: { name: Eve }
    expect:
      judge: { rubric: 'Says "Hello" and mentions a "refund".', threshold: 0.8 }
  - name: steady half the time
    workflow: "7500000000000000113"
    repeat: 4
    passRate: 0.5
    expect: { output: { equals: steady } }
`,
    );
    try {
      const file = await fileItem('.coze/tests/eval.test.yaml', 2);
      const rec = await runNow([file]);
      const judged = childNamed(file, 'judged low');
      const repeated = childNamed(file, 'steady half the time');
      assert.deepEqual(rec.passed, [repeated.id]);
      assert.equal(rec.failed[0]?.id, judged.id);
      const [message] = rec.failed[0]!.messages;
      const text = typeof message?.message === 'string' ? message.message : (message?.message.value ?? '');
      assert.match(text, /the judge "7500000000000000111" scored 0\.50, below the threshold 0\.80: missing "refund" \(judge run: http/);
      assert.match(text, /judge 7500000000000000111: score 0\.50 \(threshold 0\.80\) · missing "refund"/);
      assert.equal(message?.location?.range.start.line, 6, "at the judge's line");
      assert.match(rec.output, /passed 2 of 4 runs: ✔ ✘ ✔ ✘/);
    } finally {
      await remove('.coze/tests/eval.test.yaml');
    }
  });

  it('"Run against Version…" lists the published versions and sends the one picked; "Compare with Last Run" marks a regression', async function () {
    if (!dom.available()) this.skip(); // the version is picked in the quick pick, through the DOM bridge
    const api = await extensionApi();
    const suite = (expected: string) => `cases:
  - name: greets Vic
    workflow: "${HELLO}"
    parameters: { name: Vic }
    expect: { output: { contains: "${expected}" } }
`;
    await write('.coze/tests/versions.test.yaml', suite('Hello, Vic'));
    try {
      const file = await fileItem('.coze/tests/versions.test.yaml', 1);
      const before = runs.length;
      const started = api.tests.profiles.version.runHandler(new vscode.TestRunRequest([file]), new vscode.CancellationTokenSource().token);
      await dom.answerQuickInput('v0.0.2');
      await started;
      const rec = runs[before]!;
      assert.equal(rec.passed.length, 1, rec.output);
      assert.match(rec.output, new RegExp(`Published versions: ${HELLO} v0\\.0\\.2`));
      const sent = (await recordedRequests(servers().cloud)).filter((r) => r.path.endsWith('stream_run')).at(-1)!.body as Record<string, unknown>;
      assert.equal(sent.workflow_version, 'v0.0.2');

      // the case passed (that run is now the last); it fails now: a regression, said at the case and in the output
      await write('.coze/tests/versions.test.yaml', suite('Goodbye, Vic'));
      await waitFor('the edited expectation to be read', async () =>
        JSON.stringify((await api.tests.items.filesFor([file]))[0]?.cases[0]?.expect.output?.value).includes('Goodbye'),
      );
      const compared = runs.length;
      await api.tests.profiles.compare.runHandler(new vscode.TestRunRequest([file]), new vscode.CancellationTokenSource().token);
      const cmp = runs[compared]!;
      assert.equal(cmp.failed.length, 1, cmp.output);
      const text = cmp.failed[0]!.messages.map((m) => (typeof m.message === 'string' ? m.message : m.message.value)).join('\n');
      assert.match(text, /Regression: passed in the last run, fails now/);
      assert.match(cmp.output, /Against the last run: 1 regression\(s\), 0 fix\(es\)/);
    } finally {
      await remove('.coze/tests/versions.test.yaml');
    }
  });

  it('a server that echoes the token: the test output and the messages of a passing and a failing case hold none', async () => {
    const suite = await fileItem('.coze/tests/suite.test.yaml', 2);
    const token = servers().token;
    await fetch(`${servers().cloud}/_test/echo-token`, { method: 'PUT', body: JSON.stringify({ on: true }) });
    try {
      const rec = await runNow([suite]);
      assert.equal(rec.passed.length, 1);
      assert.equal(rec.failed.length, 1);
      const [message] = rec.failed[0]!.messages;
      const shown = [
        rec.output,
        typeof message?.message === 'string' ? message.message : message?.message.value,
        message?.expectedOutput,
        message?.actualOutput,
      ].join('\n');
      // the server did echo it: in node text, the output, the debug URL
      assert.match(rec.output, /\[echo pat_\*\*\*\]/);
      assert.match(shown, /caller=pat_\*\*\*/);
      for (const t of [token, token.slice(4)]) assert.ok(!shown.includes(t), `no ${t === token ? 'token' : 'token body'} in what the Test Explorer shows`);
    } finally {
      await fetch(`${servers().cloud}/_test/echo-token`, { method: 'PUT', body: JSON.stringify({ on: false }) });
    }
  });

  it('a workspace setting of 2,000,000 cases at a time is clamped to 64, and the run says so', async () => {
    const suite = await fileItem('.coze/tests/suite.test.yaml', 2);
    const config = vscode.workspace.getConfiguration('coze');
    await config.update('tests.concurrency', 2_000_000, vscode.ConfigurationTarget.Workspace);
    await config.update('tests.qps', 'fast', vscode.ConfigurationTarget.Workspace);
    try {
      const rec = await runNow([suite]);
      assert.match(rec.output, /coze\.tests\.concurrency is 2000000, outside 1–64: 64 is used\./);
      assert.match(rec.output, /coze\.tests\.qps is not a number \("fast"\): 10 is used\./);
      assert.equal(rec.passed.length + rec.failed.length, 2, 'the cases ran');
    } finally {
      await config.update('tests.concurrency', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('tests.qps', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('"Rerun Failed Tests" (VS Code\'s own command) runs only the failed case again', async () => {
    const suite = await fileItem('.coze/tests/suite.test.yaml', 2);
    await runNow([suite]);
    const before = runs.length;
    await vscode.commands.executeCommand('testing.reRunFailTests');
    const rec = await waitFor('the re-run to end', () => runs[before]?.ended && runs[before]);
    assert.deepEqual(rec.started, [childNamed(suite, 'expects the wrong greeting').id]);
    assert.equal(rec.failed.length, 1);
  });

  it('cancel ends a run whose request the server holds: the case is skipped, nothing is left running', async () => {
    const suite = await fileItem('.coze/tests/suite.test.yaml', 2);
    const api = await extensionApi();
    const cloud = servers().cloud;
    await fetch(`${cloud}/_test/hold`, { method: 'PUT', body: JSON.stringify({ paths: ['/v1/workflow/stream_run'] }) });
    const cts = new vscode.CancellationTokenSource();
    const before = runs.length;
    const done = api.tests.run(new vscode.TestRunRequest([childNamed(suite, 'greets Ada')]), cts.token);
    await heldAtLeast(cloud, 1);
    cts.cancel();
    await done;
    const rec = runs[before]!;
    assert.ok(rec.ended);
    assert.deepEqual(rec.passed, []);
    assert.deepEqual(rec.skipped, [childNamed(suite, 'greets Ada').id]);
  });

  it('Save as Test Case writes a finished run as a case, opens it at that case, and the case then passes', async () => {
    const api = await extensionApi();
    const runId = await vscode.commands.executeCommand<string>('coze.runWorkflow', { workflowId: HELLO, parameters: { name: 'Recorded' } });
    await waitFor('the run to succeed', () => api.runs.get(runId)?.view.status === 'succeeded');
    const saved = await vscode.commands.executeCommand<{ uri: string; line: number; name: string }>('coze.saveAsTestCase', { runId });
    assert.ok(saved, 'a case was written');
    const uri = vscode.Uri.parse(saved.uri);
    assert.equal(uri.fsPath, fileUri('.coze/tests/recorded.test.yaml').fsPath);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, uri.fsPath, 'the file is open');
    assert.equal(editor?.selection.active.line, saved.line - 1, 'at the new case');
    const text = editor.document.getText();
    assert.match(text, new RegExp(`workflow: "?${HELLO}`));
    assert.match(text, /name: Recorded/);
    assert.match(text, /contains: .*Hello, Recorded/);
    const file = await fileItem('.coze/tests/recorded.test.yaml', 1);
    const rec = await runNow([file]);
    assert.deepEqual(rec.failed, []);
    assert.deepEqual(rec.passed, [childNamed(file, saved.name).id]);
  });
});
