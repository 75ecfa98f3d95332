// Packages the .vsix as `npm run package` does and checks it holds only what runs: bundles, manifest,
// strings, icons, schema, the READMEs (English and Chinese, with their screenshots), the CHANGELOG and the
// LICENSE; no sources, tests, source maps or node_modules; and under MAX_KB.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInstalled } from './lib/installedCheck.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
/** The .vsix's size limit: what runs is about 1 MB; the rest is the two READMEs' screenshots. */
const MAX_KB = 4096;
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coze-vsix-')), 'coze-workflows.vsix');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status === 0;
let ok = run(['esbuild.mjs', '--production']);
ok &&= run([
  path.join(root, 'node_modules/@vscode/vsce/vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '-o',
  out,
]);
const files = ok
  ? execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((f) => f.startsWith('extension/'))
  : [];
const allowed =
  /^extension\/(package\.json|package\.nls(\.[\w-]+)?\.json|readme\.md|README\.zh-CN\.md|changelog\.md|LICENSE\.txt|l10n\/bundle\.l10n\.[\w-]+\.json|dist\/(extension|http|testing|panels|cli)\.js|dist\/webview\/\w+\.(js|css)|media\/[\w-]+\.(png|svg)|media\/screenshots\/(zh-cn\/)?[\w-]+\.png|schemas\/[\w.-]+\.json)$/;
const unexpected = files.filter((f) => !allowed.test(f));
for (const need of [
  'extension/dist/extension.js',
  'extension/dist/http.js',
  'extension/dist/testing.js',
  'extension/dist/panels.js',
  'extension/dist/cli.js',
  'extension/schemas/tests.schema.json',
  'extension/dist/webview/run.js',
  'extension/dist/webview/chat.js',
  'extension/schemas/workflows.schema.json',
]) {
  if (!files.includes(need)) unexpected.push(`missing ${need}`);
}
const size = ok ? fs.statSync(out).size : 0;
// installed as a user installs it, it activates with no error in its log
const installed = ok ? await checkInstalled(out, `${pkg.publisher}.${pkg.name}`) : { ok: false, detail: 'not packaged' };
if (!installed.ok) unexpected.push(`installed from the .vsix: ${installed.detail}`);
if (size > MAX_KB * 1024) unexpected.push(`${(size / 1024).toFixed(0)} KB, over the ${MAX_KB} KB limit`);
run(['esbuild.mjs']); // back to the development build the tests use
if (!ok || unexpected.length) {
  console.error(`✘ the .vsix is not right:\n  ${unexpected.join('\n  ') || 'packaging failed'}`);
  process.exit(1);
}
console.log(`package: ${files.length} files, ${(size / 1024).toFixed(0)} KB (limit ${MAX_KB} KB), only what runs; installed, it says: ${installed.detail}`);
