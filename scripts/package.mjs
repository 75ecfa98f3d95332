// `npm run package [-- --pre-release] [-- --release]`: coze-workflows.vsix, built for production.
// With repository, bugs and homepage in package.json it is a marketplace release: vsce runs with no
// allowance and any warning of vsce's fails it. Without them it is a .vsix to install by hand, and says so;
// --release refuses to make one (docs/releasing.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vscePackage, vsceWarnings } from './lib/packaging.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const release = process.argv.includes('--release');
const { args, missing } = vscePackage(pkg, { out: 'coze-workflows.vsix', preRelease: process.argv.includes('--pre-release') });
if (missing.length > 0 && release) {
  console.error(
    `✘ A marketplace release needs ${missing.join(', ')} in package.json: the project's public repository, where to report bugs, its home page. Add them and run again (docs/releasing.md).`,
  );
  process.exit(1);
}
if (spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), ...args], { cwd: root, encoding: 'utf8' });
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
if (r.status !== 0) process.exit(r.status ?? 1);
const warnings = vsceWarnings(`${r.stdout}\n${r.stderr}`);
if (missing.length === 0 && warnings.length > 0) {
  console.error(`✘ vsce warned, and a release must be clean:\n  ${warnings.join('\n  ')}`);
  process.exit(1);
}
if (missing.length > 0)
  console.log(
    `coze-workflows.vsix is for installing by hand: package.json has no ${missing.join(', ')}, which a marketplace release needs (docs/releasing.md).`,
  );
