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

/** The demo's README, in the display language: what the workspace is and what to try first. */
function readmeLines(catalogue, locale) {
  const table = (id, name, what) => [
    `| ${id} | ${name} | ${what} |`,
    '| --- | --- | --- |',
    ...catalogue.map((w) => `| \`${w.id}\` | ${w.name} | ${w.description} |`),
    '',
  ];
  if (locale === 'zh-cn')
    return [
      '# 扣子工作流演示',
      '',
      '这个工作区把扩展连到 `npm run demo` 启动的两个本地扣子服务器："Local Coze (cloud)" 使用 api.coze.cn 的接口，',
      '"Local Coze Studio" 使用自部署 Coze Studio 的接口。两者都已登录（令牌仅用于本地服务器）。',
      '',
      '试一试：在活动栏打开扣子视图，在 **退货助手** 上按 ▶：大模型的回答会逐段流式显示，随后问答节点询问订单号，',
      '在面板中回答即可恢复运行。对话流请运行 **Coze: 与对话流聊天**，选择 **客服对话流**，说“退货”。',
      '文件：右键 `samples/sales.csv` → **Coze: 上传为工作流输入**。测试：打开测试视图（烧杯图标）运行 `.coze/tests` 中的用例。',
      '',
      ...table('工作流 ID', '名称', '演示内容'),
    ];
  return [
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
    ...table('workflow id', 'name', 'what it shows'),
  ];
}

/** The demo workspace: a README (in the display language), saved workflows, test suites (two cases fail on purpose) and sample files. */
export function writeSampleWorkspace(folder, catalogue, locale = 'en') {
  fs.mkdirSync(folder, { recursive: true });
  const lines = readmeLines(catalogue, locale);
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
    saved('退货助手', { presets: { 耳机: { 商品: '耳机' } } }),
    saved('客服对话流'),
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

/**
 * The demo: local servers, the sample workspace and code-server with the extension. `locale: 'zh-cn'` starts
 * VS Code in Simplified Chinese (the extension's words; VS Code's own stay English, as no language pack can be
 * downloaded here) with the README in Chinese.
 */
export async function startDemo({ port = 0, timeScale = 1, userSettings = {}, locale = 'en' } = {}) {
  const { startCozeServer, TOKENS } = require(path.join(root, 'out/test/server/index.js'));
  const cloud = await startCozeServer({ dialect: 'cloud', timeScale });
  const studio = await startCozeServer({ dialect: 'studio', timeScale });
  const catalogue = await (await fetch(`${cloud.url}/_test/catalogue`)).json();
  const tmp = makeTempDir('coze-demo-');
  const folder = path.join(tmp, 'coze-demo-workspace');
  writeSampleWorkspace(folder, catalogue, locale);
  prepareWorkspace(folder);
  const server = await startCodeServer({
    tmp,
    folder,
    port,
    smokeTestDriver: true,
    userSettings: { 'workbench.startupEditor': 'readme', ...localEnvironments({ cloud: cloud.url, studio: studio.url }), ...userSettings },
    env: { COZE_WORKFLOWS_DEMO_TOKENS: JSON.stringify({ 'local-cloud': TOKENS.valid, 'local-studio': TOKENS.valid }) },
    ...(locale !== 'en' ? { locale, extraExtensions: [path.join(root, 'test/fixtures/zh-cn-language-pack')] } : {}),
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
