// Entry of the host suite: VS Code loads this module in its extension host and calls run().
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const grep = process.env.COZE_TEST_GREP;
  // the benchmark runs its own files (*.bench.js) in the same host, with no time limit per test
  const bench = process.env.COZE_HOST_SUITE === 'bench';
  const suffix = bench ? '.bench.js' : '.test.js';
  const mocha = new Mocha({ ui: 'bdd', timeout: bench ? 0 : 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith(suffix)).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats;
      console.log(`${bench ? 'host bench' : 'host'}: ${s?.passes ?? 0} passed, ${s?.failures ?? failures} failed, ${s?.pending ?? 0} skipped`);
      if (failures > 0) reject(new Error(`${failures} host tests failed`));
      else resolve();
    });
  });
}
