// `npm test`: builds, type-checks, lints, then runs the stages, each ending with "N passed, N failed":
//   unit        mocha in plain Node: src/core and the local Coze server, over loopback
//   host        mocha inside a real VS Code (code-server 1.139, installed into .vscode-host/ on first use)
//   restricted  the same host, in an untrusted workspace (Restricted Mode)
//   zh-cn       the same host, its display language Simplified Chinese
// usage: node scripts/test.mjs [unit|host|restricted|zh-cn]...
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stages = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wanted = stages.length ? stages : ['unit', 'host', 'restricted', 'zh-cn'];

// the project's tools (eslint 10 among them) need Node 20.19 or later: say so rather than fail obscurely
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: this project needs Node 20.19 or later (package.json engines.node).`);
  process.exit(2);
}

function step(title, cmd, args) {
  const t0 = Date.now();
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : `exit ${r.status}`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

let failed = 0;
if (step('build', process.execPath, ['esbuild.mjs']) !== 0) process.exit(1);
if (step('typecheck', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']) !== 0) failed++;
if (step('typecheck webview', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.webview.json']) !== 0)
  failed++;
if (step('typecheck scripts (checkJs)', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.scripts.json']) !== 0) failed++;
if (step('check commands', process.execPath, ['scripts/check-commands.mjs']) !== 0) failed++;
if (step('lint (eslint, typescript-eslint)', process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']) !== 0) failed++;
if (
  step('format (prettier --check)', process.execPath, [
    path.join(root, 'node_modules/prettier/bin/prettier.cjs'),
    '--check',
    '--log-level',
    'warn',
    'src/**/*.ts',
    'test/**/*.ts',
    'scripts/**/*.mjs',
    '*.mjs',
  ]) !== 0
)
  failed++;
if (wanted.includes('unit') && step('unit tests (plain Node)', process.execPath, ['scripts/run-unit-tests.mjs']) !== 0) failed++;
if (wanted.includes('host') && step('host tests (real VS Code in code-server)', process.execPath, ['scripts/run-vscode-tests.mjs', 'host']) !== 0) failed++;
if (
  wanted.includes('restricted') &&
  step('host tests in Restricted Mode (an untrusted workspace)', process.execPath, ['scripts/run-vscode-tests.mjs', 'restricted']) !== 0
)
  failed++;
if (
  wanted.includes('zh-cn') &&
  step('host tests in Simplified Chinese (VS Code --locale zh-cn)', process.execPath, ['scripts/run-vscode-tests.mjs', 'zh-cn']) !== 0
)
  failed++;
if (step('package (.vsix holds only what runs)', process.execPath, ['scripts/check-package.mjs']) !== 0) failed++;
process.exit(failed ? 1 : 0);
