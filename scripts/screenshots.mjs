// `npm run screenshots`: starts the demo and drives it like a person (command palette, forms, a file drop) with
// playwright-core and Debian Chromium, saving the README's screenshots under media/screenshots/.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/codeServer.mjs';
import { startDemo } from './lib/demoEnv.mjs';
import { dispatchDrop } from './lib/dropEvent.mjs';
import { ensureVsCodeHost } from './vscode-host.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// --locale zh-cn: the same journey in Simplified Chinese, saved under media/screenshots/zh-cn/
const localeAt = process.argv.indexOf('--locale');
const locale = localeAt > 0 ? (process.argv[localeAt + 1] ?? 'en') : 'en';
const outDir = path.join(root, 'media', 'screenshots', ...(locale === 'en' ? [] : [locale]));
fs.mkdirSync(outDir, { recursive: true });
if (spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
ensureVsCodeHost();

const demo = await startDemo({ locale, userSettings: { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false } });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const page = await (await browser.newContext({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 })).newPage();
const webview = () => page.frameLocator('iframe.webview').last().frameLocator('iframe#active-frame');
const shot = async (name) => {
  await page.screenshot({ path: path.join(outDir, name) });
  console.log(`saved ${path.relative(root, path.join(outDir, name))}`);
};
/** Waits for an element of the newest webview, lets the view settle, and saves the screenshot. */
const shotWhen = async (selector, name, settleMs = 500) => {
  await webview()
    .locator(selector)
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(async (e) => {
      // what was on screen instead, to see why
      await page.screenshot({ path: path.join(outDir, `failed-${name}`) });
      throw e;
    });
  await page.waitForTimeout(settleMs);
  await shot(name);
};

// the extension's command titles in the display language (VS Code's own stay English: no language pack here)
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const nlsLocal = locale === 'en' ? nls : JSON.parse(fs.readFileSync(path.join(root, `package.nls.${locale}.json`), 'utf8'));
const local = (english) => {
  const key = Object.keys(nls).find((k) => nls[k] === english);
  return (key && nlsLocal[key]) || english;
};
const localized = (command) => {
  // "Coze: Focus on Workflows View": VS Code's words around the view container's and the view's names
  const focus = /^Coze: Focus on (.*) View$/.exec(command);
  if (focus) return `${local('Coze')}: Focus on ${local(focus[1])} View`;
  const m = /^Coze: (.*)$/.exec(command);
  return m ? `Coze: ${local(m[1])}` : command;
};

async function palette(command) {
  const title = localized(command);
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first().click();
}

async function answer(text) {
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.waitForTimeout(150);
  await input.press('Enter');
}

try {
  await page.goto(demo.url);
  await page
    .locator('.statusbar-item')
    .filter({ hasText: /Coze|扣子/ })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await palette('View: Close All Editors');
  await page.waitForTimeout(300);
  // a slow stream so the screenshot catches it mid-way
  await fetch(`${demo.cloud.url}/_test/fault`, { method: 'PUT', body: JSON.stringify({ kind: 'slow-ping', pingIntervalMs: 250 }) });
  // the Workflows view, with the inputs of a workflow unfolded
  await palette('Coze: Focus on Workflows View');
  await page.locator('.monaco-list-row:has-text("describe_file")').first().click();
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(1200);
  await shot('workflows-tree.png');
  // the walkthrough's first steps, each as its quick input looks (the pictures beside those steps)
  const quickInput = async (name) => {
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForTimeout(400);
    await widget.screenshot({ path: path.join(outDir, name) });
    console.log(`saved ${path.relative(root, path.join(outDir, name))}`);
    await page.keyboard.press('Escape');
  };
  await palette('Coze: Select Environment');
  await quickInput('step-environment.png');
  await palette('Coze: Sign In');
  await quickInput('step-sign-in.png');
  await palette('Coze: Add Workflow…');
  await page.locator('.quick-input-widget input').fill('https://www.coze.cn/work_flow?space_id=7500000000000000001&workflow_id=7500000000000000101');
  await quickInput('step-add-workflow.png');
  // the walkthrough itself, as a new user meets it on the Welcome page
  await palette('Welcome: Open Walkthrough...');
  await page
    .locator(`.quick-input-list .monaco-list-row:has-text("${local('Get Started with Coze Workflows')}")`)
    .first()
    .click();
  await page.locator('.getting-started-step').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  await shot('walkthrough.png');
  await palette('View: Close All Editors');
  // the parameter editor: the form from the input schema, refusing a missing required input
  await palette('Coze: Run Workflow');
  await answer('7500000000000000101');
  await webview().locator('#field-name').waitFor({ timeout: 30_000 });
  await webview().locator('#field-name').fill('');
  await webview().locator('#run').click();
  await webview().locator('#message-name:not(:empty)').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(400);
  await shot('params-form.png');
  if (locale === 'en') {
    await webview().locator('#field-name').fill('VS Code');
    await webview().locator('#run').click();
    await shotWhen('.node .node-text', 'run-streaming.png', 1200);
    await shotWhen('#output .output-text', 'run-finished.png');
  } else {
    // in Chinese, the Chinese sample: 大模型 streams, 问答 asks the order number, the answer finishes the run
    await palette('View: Close All Editors');
    await palette('Coze: Run Workflow');
    await answer('7500000000000000114');
    await webview().locator('#field-商品').waitFor({ timeout: 30_000 });
    await webview().locator('#field-商品').fill('耳机');
    await webview().locator('#run').click();
    await shotWhen('.node .node-text', 'run-streaming.png', 1200);
    await webview().locator('#interrupt .question').waitFor({ timeout: 60_000 });
    await webview().locator('#answer').fill('20261206001');
    await page.waitForTimeout(400);
    await shot('run-interrupt.png');
    await webview().locator('#send-answer').click();
    await shotWhen('#output .output-text', 'run-finished.png');
  }
  // a file dropped on the file input of describe_file (with Shift, as VS Code asks for drops into a webview)
  await palette('View: Close All Editors');
  await palette('Coze: Run Workflow');
  await answer('7500000000000000103');
  await webview().locator('#drop-file').waitFor({ timeout: 30_000 });
  await webview().locator('#field-note').fill('Q2 figures');
  await webview()
    .locator('#drop-file')
    .evaluate(dispatchDrop, { files: [{ name: 'sales.csv', content: 'region,quarter,revenue\nnorth,Q2,131\nsouth,Q2,102\n' }] });
  await webview().locator('#message-file:has-text("sales.csv")').waitFor({ timeout: 30_000 });
  await webview().locator('#run').click();
  await shotWhen('#output .output-text', 'file-drop.png');
  await palette('View: Close All Editors');
  await palette('Coze: Run Workflow');
  await answer('7500000000000000104');
  await webview().locator('#run').click();
  await shotWhen('#error .error-message', 'run-error.png');
  if (locale === 'en') {
    await palette('Coze: Run Workflow');
    await answer('7500000000000000102');
    await webview().locator('#field-topic').fill('colours');
    await webview().locator('#run').click();
    await webview().locator('#interrupt .question').waitFor({ timeout: 30_000 });
    await webview().locator('#answer').fill('green');
    await page.waitForTimeout(400);
    await shot('run-interrupt.png');
  }
  await palette('View: Close All Editors');
  await palette('Coze: Chat with Chatflow');
  await answer(locale === 'en' ? '7500000000000000106' : '7500000000000000115');
  const chat = page.frameLocator('iframe.webview').last().frameLocator('iframe#active-frame');
  for (const text of locale === 'en' ? ['Hello there', 'Please ask me something', 'blue'] : ['你好', '我要退货', '20261206001']) {
    await chat.locator('#message').fill(text);
    await chat.locator('#send').click();
    await page.waitForTimeout(1500);
  }
  await shot('chat.png');
  // a refused token: the panel offers Sign In right where the error is
  await palette('View: Close All Editors');
  await palette('Coze: Sign In');
  await answer('pat_this_token_was_revoked');
  await palette('Coze: Run Workflow');
  await answer('7500000000000000101');
  await webview().locator('#editor').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800);
  if (await webview().locator('#tab-json').isVisible()) await webview().locator('#tab-json').click();
  await webview().locator('#params-json').fill('{"name": "VS Code"}');
  await webview().locator('#run').click();
  await shotWhen('#error-signIn', 'refused-token.png');
  await webview().locator('#error-signIn').click();
  await answer(demo.token);
  await page.waitForTimeout(500);
  await palette('View: Close All Editors');
  await palette('Coze: Focus on Run History View');
  await page.waitForTimeout(800);
  await shot('history.png');
  // the Test Explorer: the demo workspace's suite run, one case failing on purpose, its diff at its line
  await fetch(`${demo.cloud.url}/_test/fault`, { method: 'PUT', body: 'null' });
  await palette('View: Close All Editors');
  await palette('Testing: Focus on Test Explorer View');
  await page.waitForTimeout(1500);
  await palette('Test: Run All Tests');
  await page
    .locator('.test-explorer .codicon-testing-failed-icon')
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async (e) => {
      await page.screenshot({ path: path.join(outDir, 'failed-test-explorer.png') });
      throw e;
    });
  await palette('Test: Show Output');
  await page.keyboard.press('Control+P');
  await answer('demo.test.yaml');
  await page.waitForTimeout(2000);
  await shot('test-explorer.png');
  // evaluation: a judged failure at its line (the judge's score, threshold, reason and run)
  await page.keyboard.press('Escape');
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 30_000 });
  await answer('judged.test.yaml');
  await page.waitForTimeout(2000);
  await shot('test-judged.png');
  // the HTML report of the demo's suites, written by the CLI and opened in the browser as a person would
  const report = path.join(demo.folder, '..', 'report.html');
  // asynchronously: the demo's servers answer from this process, so a synchronous spawn would starve them
  const cli = await new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'test', '--base-url', demo.cloud.url, '--dialect', 'cloud', '--reporter', `html:${report}`],
      { cwd: demo.folder, env: { PATH: process.env.PATH ?? '', COZE_API_TOKEN: demo.token }, encoding: 'utf8' },
      (_error, stdout, stderr) => resolve({ stdout, stderr }),
    ),
  );
  if (!fs.existsSync(report)) throw new Error(`the CLI wrote no report: ${cli.stdout}${cli.stderr}`);
  const reportPage = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 })).newPage();
  await reportPage.goto(`file://${report}`);
  await reportPage.waitForTimeout(500);
  await reportPage.screenshot({ path: path.join(outDir, 'html-report.png') });
  console.log(`saved ${path.relative(root, path.join(outDir, 'html-report.png'))}`);
} finally {
  await browser.close();
  await demo.stop();
}
