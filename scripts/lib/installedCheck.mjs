// Installs a .vsix into a fresh code-server (as a user installs it: `--install-extension`, not the development
// path the test suites load), opens a workspace in Chromium, and waits for the extension's own log to say it
// activated in Production mode. Fails on an activation error in the extension host's log or an error line in
// the extension's log.
import { spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, makeTempDir, prepareWorkspace, startCodeServer } from './codeServer.mjs';
import { ensureVsCodeHost } from '../vscode-host.mjs';

/** Every file under a folder whose name matches. */
function findFiles(dir, name) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .flatMap((e) => (e.isFile() && name.test(e.name) ? [path.join(e.parentPath, e.name)] : []));
}

/**
 * @param {string} vsix the packaged extension
 * @param {string} extensionId publisher.name
 * @returns {Promise<{ ok: boolean; detail: string }>}
 */
export async function checkInstalled(vsix, extensionId) {
  const { node24Bin, codeServerBin } = ensureVsCodeHost();
  const tmp = makeTempDir('coze-vsix-host-');
  const folder = path.join(tmp, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  prepareWorkspace(folder);
  const env = {
    ...process.env,
    PATH: `${node24Bin}:${process.env.PATH}`,
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
  };
  const install = spawnSync(
    codeServerBin,
    ['--extensions-dir', path.join(tmp, 'extensions'), '--user-data-dir', path.join(tmp, 'user-data'), '--install-extension', vsix],
    { env, encoding: 'utf8' },
  );
  if (install.status !== 0 || !/successfully installed/i.test(`${install.stdout}${install.stderr}`)) {
    fs.rmSync(tmp, { recursive: true, force: true });
    return { ok: false, detail: `code-server --install-extension failed: ${install.stdout}${install.stderr}` };
  }
  let server;
  let browser;
  try {
    server = await startCodeServer({ tmp, folder });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    const logs = path.join(tmp, 'user-data', 'logs');
    // the extension's LogOutputChannel ("Coze") says when it activated: polled as VS Code writes it, with a
    // guard against a host that never starts (not a budget: activation takes well under a second)
    const guard = Date.now() + 300_000;
    let activated = '';
    while (!activated) {
      const ours = findFiles(logs, /Coze\.log$/)
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
      const host = findFiles(logs, /exthost.*\.log$/i)
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
      if (/Coze Workflows activated in [\d.]+ ms \(VS Code [\d.]+, Production mode\)/.test(ours)) activated = ours;
      else if (new RegExp(`Activating extension '?${extensionId.replace('.', '\\.')}'? failed`, 'i').test(host)) activated = `failed: ${host}`;
      else if (Date.now() > guard) activated = 'failed: the extension did not activate (no line in its log)';
      else await delay(250);
    }
    if (activated.startsWith('failed: ')) return { ok: false, detail: `activation failed:\n${activated.slice(8, 4000)}` };
    const errors = activated.split('\n').filter((l) => /\[error\]/.test(l));
    if (errors.length) return { ok: false, detail: `the extension logged errors:\n${errors.join('\n')}` };
    const line = /Coze Workflows activated in [^\n]*/.exec(activated)?.[0] ?? '';
    return { ok: true, detail: line };
  } finally {
    await browser?.close().catch(() => undefined);
    server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
