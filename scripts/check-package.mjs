// Packages the .vsix as `npm run package` does and checks it holds only what runs: bundles, manifest,
// strings, icons, schema, the READMEs (English and Chinese, with their screenshots), the CHANGELOG and the
// LICENSE; no sources, tests, source maps or node_modules; and under MAX_KB.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInstalled } from './lib/installedCheck.mjs';
import { vscePackage, vsceWarnings } from './lib/packaging.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
/** The .vsix's size limit: what runs is about 1 MB; the rest is the two READMEs' screenshots. */
const MAX_KB = 4096;
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coze-vsix-')), 'coze-workflows.vsix');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status === 0;
let ok = run(['esbuild.mjs', '--production']);
const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
ok &&= run([vsce, ...vscePackage(pkg, { out }).args]);
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
const release = ok ? releaseDryRun() : { ok: false, detail: 'not packaged' };
if (!release.ok) unexpected.push(`as a marketplace release: ${release.detail}`);
// installed as a user installs it, it activates with no error in its log
const installed = ok ? await checkInstalled(out, `${pkg.publisher}.${pkg.name}`) : { ok: false, detail: 'not packaged' };
if (!installed.ok) unexpected.push(`installed from the .vsix: ${installed.detail}`);
if (size > MAX_KB * 1024) unexpected.push(`${(size / 1024).toFixed(0)} KB, over the ${MAX_KB} KB limit`);
run(['esbuild.mjs']); // back to the development build the tests use
if (!ok || unexpected.length) {
  console.error(`✘ the .vsix is not right:\n  ${unexpected.join('\n  ') || 'packaging failed'}`);
  process.exit(1);
}
console.log(`package: ${release.detail}`);
console.log(`package: ${files.length} files, ${(size / 1024).toFixed(0)} KB (limit ${MAX_KB} KB), only what runs; installed, it says: ${installed.detail}`);

/**
 * The release path, without the project's public address (which package.json does not have yet): what the
 * .vsix holds is copied beside a package.json given stand-in repository, bugs and homepage, and packaged as
 * `npm run package` packages a release, with no allowance. It must pass with no warning from vsce and with the
 * READMEs' relative links made absolute, so that the real address is all a release still needs.
 */
function releaseDryRun() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coze-release-'));
  try {
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    for (const f of [...listed, '.vscodeignore']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(dir, f));
    }
    const standIn = 'https://github.com/example/coze-workflows';
    const manifest = { ...pkg, repository: { type: 'git', url: `${standIn}.git` }, bugs: { url: `${standIn}/issues` }, homepage: `${standIn}#readme` };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    const { args, missing } = vscePackage(manifest, { out: path.join(dir, 'release.vsix') });
    if (missing.length > 0 || args.some((a) => a.startsWith('--allow') || a.startsWith('--no-rewrite')))
      return { ok: false, detail: `packaged with ${args.join(' ')}` };
    const r = spawnSync(process.execPath, [vsce, ...args], { cwd: dir, encoding: 'utf8' });
    const warnings = vsceWarnings(`${r.stdout}\n${r.stderr}`);
    if (r.status !== 0 || warnings.length > 0)
      return { ok: false, detail: `vsce ${r.status !== 0 ? 'failed' : 'warned'}: ${[...warnings, r.stderr.trim()].filter(Boolean).join(' | ').slice(0, 800)}` };
    const readme = execFileSync('unzip', ['-p', path.join(dir, 'release.vsix'), 'extension/readme.md'], { encoding: 'utf8' });
    const relative = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)]+)\)/g)].map((m) => m[1]);
    if (relative.length > 0) return { ok: false, detail: `the README keeps ${relative.length} relative link(s), e.g. ${relative[0]}` };
    return {
      ok: true,
      detail: `a release with stand-in repository, bugs and homepage packages with no allowance and no warning from vsce (${args.join(' ')}); the README's links are absolute`,
    };
  } catch (e) {
    return { ok: false, detail: String(e).slice(0, 800) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
