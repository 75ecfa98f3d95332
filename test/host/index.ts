// Entry of the host suites: VS Code loads this module in its extension host and calls run().
// COZE_HOST_SUITE picks the files: host (*.test.js), restricted (*.restricted.test.js), zh-cn (*.zh-cn.test.js,
// in a VS Code whose display language is Simplified Chinese), bench (*.bench.js).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { currentWait, endWaits } from './support/host';

export function run(): Promise<void> {
  const grep = process.env.COZE_TEST_GREP;
  const suite = process.env.COZE_HOST_SUITE ?? 'host';
  const wanted = (f: string) =>
    suite === 'bench'
      ? f.endsWith('.bench.js')
      : suite === 'restricted' || suite === 'zh-cn'
        ? f.endsWith(`.${suite}.test.js`)
        : f.endsWith('.test.js') && !f.endsWith('.restricted.test.js') && !f.endsWith('.zh-cn.test.js');
  // tests wait on conditions, never on time: this timeout only ends a test whose condition never comes, so it
  // is long enough for a machine whose cores are both busy
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: suite === 'bench' ? 0 : Number(process.env.COZE_TEST_TIMEOUT_MS || 300_000),
    color: false,
    reporter: 'spec',
    ...(grep ? { grep } : {}),
  });
  mocha.rootHooks({
    afterEach(this: Mocha.Context) {
      const waiting = currentWait();
      if (this.currentTest?.state === 'failed' && waiting) console.log(`      (it was waiting for ${waiting})`);
      endWaits();
    },
  });
  for (const f of fs.readdirSync(__dirname).filter(wanted).sort()) mocha.addFile(path.join(__dirname, f));
  const label = suite === 'bench' ? 'host bench' : suite;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats;
      console.log(`${label}: ${s?.passes ?? 0} passed, ${s?.failures ?? failures} failed, ${s?.pending ?? 0} skipped`);
      if (failures > 0) reject(new Error(`${failures} host tests failed`));
      else resolve();
    });
  });
}
