// The Debian packages the real-VS Code tests and the demo need: Chromium (drives the workbench through
// playwright-core), libkrb5-dev (headers for a native addon that code-server builds at install time) and a
// font with Chinese glyphs (WenQuanYi Micro Hei), without which Chinese text in the demo and the screenshots is
// drawn as empty boxes.
// Installed with apt-get when missing and running as root (as on CI); otherwise says what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const NEEDS = [
  { pkg: 'chromium', present: () => fs.existsSync(process.env.CHROMIUM || '/usr/bin/chromium') },
  { pkg: 'libkrb5-dev', present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') },
  { pkg: 'fonts-wqy-microhei', present: () => fs.existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc') },
];

export function ensureSystemPackages() {
  const missing = NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing system packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`[system] installing ${missing.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed with ${r.status}`);
  }
}
