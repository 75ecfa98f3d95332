// Packages the .vsix as `npm run package` does and checks it holds only what runs: bundles, manifest,
// strings, icons, schema, README and LICENSE; no sources, tests, source maps or node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
  /^extension\/(package\.json|package\.nls(\.[\w-]+)?\.json|readme\.md|LICENSE\.txt|l10n\/bundle\.l10n\.[\w-]+\.json|dist\/(extension|http|testing|cli)\.js|dist\/webview\/\w+\.(js|css)|media\/[\w-]+\.(png|svg)|media\/screenshots\/[\w-]+\.png|schemas\/[\w.-]+\.json)$/;
const unexpected = files.filter((f) => !allowed.test(f));
for (const need of [
  'extension/dist/extension.js',
  'extension/dist/http.js',
  'extension/dist/testing.js',
  'extension/dist/cli.js',
  'extension/schemas/tests.schema.json',
  'extension/dist/webview/run.js',
  'extension/dist/webview/chat.js',
  'extension/schemas/workflows.schema.json',
]) {
  if (!files.includes(need)) unexpected.push(`missing ${need}`);
}
const size = ok ? fs.statSync(out).size : 0;
run(['esbuild.mjs']); // back to the development build the tests use
if (!ok || unexpected.length) {
  console.error(`✘ the .vsix is not right:\n  ${unexpected.join('\n  ') || 'packaging failed'}`);
  process.exit(1);
}
console.log(`package: ${files.length} files, ${(size / 1024).toFixed(0)} KB, only what runs`);
