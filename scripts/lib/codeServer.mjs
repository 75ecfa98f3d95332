// Starts code-server (the real VS Code 1.139 from npm) for the host tests and the demo: isolated state in a
// temporary folder, the extension loaded from this checkout, and the whole process group stopped at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureVsCodeHost } from '../vscode-host.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Chromium on a machine without internet: no background connections, no sandbox as root.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** User settings that keep the workbench quiet and offline (and workspace trust off unless a caller turns it on). */
function writeUserSettings(userData, extra = {}) {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    ...extra,
  };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on a free loopback port. `smokeTestDriver` makes the workbench honour the
 * extensionDevelopmentPath/extensionTestsPath payload (tests, demo); each of `extraExtensions` is linked in as
 * an installed extension (the host tests' hostile one); `workspaceTrust` turns workspace trust on, so an
 * untrusted folder opens in Restricted Mode. Resolves with { url, stop, userData, log() }.
 */
export async function startCodeServer({
  tmp,
  folder,
  env = {},
  smokeTestDriver = false,
  extraExtensions = [],
  port = 0,
  userSettings = {},
  workspaceTrust = false,
  locale = undefined,
}) {
  const { node24Bin, codeServerBin } = ensureVsCodeHost();
  const userData = path.join(tmp, 'user-data');
  const extDir = path.join(tmp, 'extensions');
  fs.mkdirSync(extDir, { recursive: true });
  writeUserSettings(
    userData,
    workspaceTrust
      ? {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
          ...userSettings,
        }
      : userSettings,
  );
  // VS Code starts in a display language only when a language pack for it is installed: a pack among the
  // extra extensions is registered the way VS Code's own install of one would (user-data/languagepacks.json)
  if (locale) {
    const packs = extraExtensions.flatMap((dir) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const l10n = (pkg.contributes?.localizations ?? []).find((l) => l.languageId === locale);
      return l10n ? [{ pkg, dir, l10n }] : [];
    });
    const pack = packs[0];
    if (pack) {
      fs.mkdirSync(userData, { recursive: true });
      const translations = Object.fromEntries(pack.l10n.translations.map((t) => [t.id, path.join(pack.dir, t.path)]));
      const entry = {
        hash: `${pack.pkg.publisher}.${pack.pkg.name}-${pack.pkg.version}`,
        extensions: [{ extensionIdentifier: { id: `${pack.pkg.publisher}.${pack.pkg.name}` }, version: pack.pkg.version }],
        translations,
        label: pack.l10n.localizedLanguageName ?? pack.l10n.languageName,
      };
      fs.writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify({ [locale]: entry }));
    }
  }
  for (const dir of extraExtensions) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    fs.symlinkSync(dir, path.join(extDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  }
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
  const fullEnv = {
    ...process.env,
    ...env,
    PATH: `${node24Bin}:${process.env.PATH}`,
    // code-server and Chromium write state under these; keep all of it in the temporary folder
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  };
  const args = [
    '--config',
    path.join(tmp, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '5',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(locale ? ['--locale', locale] : []),
    folder,
  ];
  const child = spawn(codeServerBin, args, { env: fullEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (d) => {
      log += d;
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`code-server exited early (${code}):\n${log}`)));
    setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${log}`)), 60_000).unref();
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { url, stop, userData, log: () => log, child };
}

/**
 * The user settings that point the extension at the local Coze servers. They must be user settings:
 * `coze.environments` decides where a token goes, so the extension reads it from nowhere else.
 */
export function localEnvironments(servers) {
  return {
    'coze.environments': [
      { id: 'local-cloud', name: 'Local Coze (cloud)', baseUrl: servers.cloud, dialect: 'cloud' },
      { id: 'local-studio', name: 'Local Coze Studio', baseUrl: servers.studio, dialect: 'studio' },
    ],
    'coze.environment': 'local-cloud',
  };
}

/** A workspace folder with settings of its own (none that could steer a token: those are user settings). */
export function prepareWorkspace(folder, settings = {}) {
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}
