// Runs the unit tests (out/test/unit/*.test.js, built by esbuild.mjs) with mocha in plain Node.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'out/test/unit');
// tests wait on conditions, never on time: the timeout only ends a test whose condition never comes, and is
// long enough for a machine whose cores are busy with other work (the crash test spawns 20 writers)
const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', ...(process.env.TEST_GREP ? { grep: process.env.TEST_GREP } : {}) });
for (const f of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.test.js'))
  .sort())
  mocha.addFile(path.join(dir, f));
const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(e));
const runner = mocha.run((failures) => {
  const s = runner.stats;
  if (unhandled.length) console.error(`${unhandled.length} unhandled rejection(s):`, unhandled.map(String));
  const failedCount = (s?.failures ?? failures) + unhandled.length;
  console.log(`unit: ${s?.passes ?? 0} passed, ${failedCount} failed, ${s?.pending ?? 0} skipped`);
  process.exitCode = failedCount ? 1 : 0;
});
