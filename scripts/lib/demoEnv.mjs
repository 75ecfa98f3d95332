// Everything `npm run demo` and the screenshot script start: the local Coze servers (cloud and studio
// dialects) with the sample workflows, a sample workspace, user settings pointing at the servers, and
// code-server running the extension from this checkout in development mode, the only mode (with tests) in
// which the extension takes the local servers' token from the environment (loopback only).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { localEnvironments, makeTempDir, prepareWorkspace, startCodeServer } from './codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** The demo workspace: a README, saved workflows, a test suite (one case fails on purpose) and sample files. */
export function writeSampleWorkspace(folder, catalogue) {
  fs.mkdirSync(folder, { recursive: true });
  const lines = [
    '# Coze Workflows demo',
    '',
    'This workspace points the extension at two local Coze servers started by `npm run demo`:',
    '"Local Coze (cloud)" speaks the api.coze.cn dialect, "Local Coze Studio" the self-hosted one.',
    'You are already signed in to both (a token for the local servers only).',
    '',
    'Try it: open the Coze view in the activity bar and press ▶ on **hello_stream**, or press F1, run',
    '**Coze: Run Workflow** and enter `7500000000000000101`: fill the form, then Run.',
    'Files: right-click `samples/sales.csv` → **Coze: Upload as Workflow Input**, or drop it (hold Shift) on the',
    'file input of **describe_file**. Switch servers with the "Coze: …" item in the status bar.',
    '',
    '| workflow id | name | what it shows |',
    '| --- | --- | --- |',
    ...catalogue.map((w) => `| \`${w.id}\` | ${w.name} | ${w.description} |`),
    '',
  ];
  fs.writeFileSync(path.join(folder, 'README.md'), lines.join('\n'));
  // saved workflows (shareable, no secrets) and sample files to upload as inputs
  const pick = (name) => catalogue.find((w) => w.name === name);
  const saved = (name, extra = {}) => ({ id: pick(name).id, name, kind: pick(name).kind, environment: 'local-cloud', ...extra });
  const workflows = [
    saved('hello_stream', { presets: { 'greet Ada': { name: 'Ada', style: 'plain' }, shout: { name: 'everyone', style: 'shout' } } }),
    saved('describe_file'),
    saved('ask_question'),
    saved('slow_job'),
    saved('chat_assistant'),
    { ...saved('hello_stream'), name: 'hello_stream (Studio)', environment: 'local-studio' },
    saved('grader'),
    saved('flaky'),
  ];
  fs.mkdirSync(path.join(folder, '.coze'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.coze', 'workflows.json'), JSON.stringify({ workflows }, null, 2) + '\n');
  // a test suite for the Test Explorer (and `coze-workflows test`), with one case that fails on purpose
  fs.mkdirSync(path.join(folder, '.coze', 'tests', 'data'), { recursive: true });
  fs.writeFileSync(
    path.join(folder, '.coze', 'tests', 'demo.test.yaml'),
    [
      '# Run these from the Testing view (the beaker), or in a terminal: COZE_API_TOKEN=… node dist/cli.js test (see the README)',
      'environment: local-cloud',
      'cases:',
      '  - name: greets Ada',
      '    workflow: hello_stream',
      '    parameters: { name: Ada }',
      '    expect:',
      '      status: success',
      '      output: { contains: "Hello, Ada" }',
      '  - name: answers the question',
      '    workflow: ask_question',
      '    answers: ["blue"]',
      '    expect: { output: { contains: "blue" } }',
      '  - name: a model timeout is reported as such',
      `    workflow: "${pick('fail_midway').id}"`,
      '    expect: { status: failed, error: { code: 720701013 } }',
      '  - name: every row of a dataset',
      '    workflow: hello_stream',
      '    each: data/names.jsonl',
      '    expect: { output: { contains: "{{row.name}}" } }',
      '  - name: fails on purpose (the diff shows what came back)',
      '    workflow: hello_stream',
      '    parameters: { name: Bob, style: shout }',
      '    expect:',
      '      output: { equals: "Hello, Bob" }',
      '',
    ].join('\n'),
  );
  // evaluation: a judge workflow grades the output, and a case repeats over a workflow whose answer alternates
  fs.writeFileSync(
    path.join(folder, '.coze', 'tests', 'judged.test.yaml'),
    [
      '# A judge (the saved workflow "grader") scores each output against a rubric; see docs/test-suites.md, "Judges".',
      "# The local grader scores the share of the rubric's quoted phrases found in the output.",
      'environment: local-cloud',
      'judge: grader',
      'cases:',
      '  - name: greets by name (judged)',
      '    workflow: hello_stream',
      '    parameters: { name: 小明 }',
      '    expect:',
      '      judge: { rubric: \'Says "Hello" and names "小明".\', threshold: 0.9 }',
      '  - name: promises a refund (the judge fails it)',
      '    workflow: hello_stream',
      '    parameters: { name: Ada }',
      '    expect:',
      '      judge: { rubric: \'Greets with "Hello" and explains the "refund".\', threshold: 0.7 }',
      '  - name: steady at least half the time',
      '    workflow: flaky',
      '    repeat: 4',
      '    passRate: 0.5',
      '    expect: { output: { equals: steady } }',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(folder, '.coze', 'tests', 'data', 'names.jsonl'),
    ['Ada', 'Grace', '小明'].map((name) => JSON.stringify({ name })).join('\n') + '\n',
  );
  fs.mkdirSync(path.join(folder, 'samples'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'samples', 'sales.csv'), 'region,quarter,revenue\nnorth,Q1,120\nsouth,Q1,95\nnorth,Q2,131\nsouth,Q2,102\n');
  fs.writeFileSync(path.join(folder, 'samples', 'notes.md'), '# Meeting notes\n\n- ship the parameter editor\n- measure uploads\n');
}

export async function startDemo({ port = 0, timeScale = 1, userSettings = {} } = {}) {
  const { startCozeServer, TOKENS } = require(path.join(root, 'out/test/server/index.js'));
  const cloud = await startCozeServer({ dialect: 'cloud', timeScale });
  const studio = await startCozeServer({ dialect: 'studio', timeScale });
  const catalogue = await (await fetch(`${cloud.url}/_test/catalogue`)).json();
  const tmp = makeTempDir('coze-demo-');
  const folder = path.join(tmp, 'coze-demo-workspace');
  writeSampleWorkspace(folder, catalogue);
  prepareWorkspace(folder);
  const server = await startCodeServer({
    tmp,
    folder,
    port,
    smokeTestDriver: true,
    userSettings: { 'workbench.startupEditor': 'readme', ...localEnvironments({ cloud: cloud.url, studio: studio.url }), ...userSettings },
    env: { COZE_WORKFLOWS_DEMO_TOKENS: JSON.stringify({ 'local-cloud': TOKENS.valid, 'local-studio': TOKENS.valid }) },
  });
  // the extension from this checkout in development mode (the workbench honours this payload only with
  // code-server's smoke-test-driver option)
  const remote = (p) => `vscode-remote://${new URL(server.url).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const stop = async () => {
    server.stop();
    await Promise.all([cloud.close(), studio.close()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { url, cloud, studio, folder, stop, catalogue, token: TOKENS.valid };
}
