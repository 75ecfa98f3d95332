// Builds every bundle the project runs: the extension (node, cjs, `vscode` external), the webview
// (browser, iife), and the test programs (unit tests, host tests, the local Coze server).
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Reports errors in the "file:line:col: error: text" form VS Code's problem matchers read. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = { bundle: true, logLevel: 'warning', plugins: [problemMatcher], legalComments: 'none', charset: 'utf8' };

/** `require('./http.js')`, `./testing.js` and `./panels.js` load those bundles at first use (src/host/*Stack.ts). */
const httpStackExternal = {
  name: 'http-stack-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/(http|testing|panels)\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const extension = {
  ...common,
  plugins: [...common.plugins, httpStackExternal],
  entryPoints: {
    extension: 'src/extension.ts',
    http: 'src/bundles/httpBundle.ts',
    testing: 'src/bundles/testingBundle.ts',
    panels: 'src/bundles/panelsBundle.ts',
  },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  metafile: true,
  mainFields: ['module', 'main'],
};

/**
 * The CLI (`coze-workflows test`, `mcp`): one file that runs on Node 20 with no VS Code, from the same core.
 * The CLI proper (src/cli/main.ts) is bundled first; dist/cli.js is src/cli/bin.ts carrying that bundle as
 * text, which it compiles with V8's code cache (src/cli/codeCache.ts).
 */
/** @type {import('esbuild').BuildOptions} */
const cliBundle = {
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli-bundle.js',
  // ASCII only (other characters as escapes): Node reads and V8 scans a one-byte text fastest
  charset: 'ascii',
  // import() of a Node module becomes require(): a script compiled by node:vm has no loader for import()
  supported: { 'dynamic-import': false },
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { COZE_WORKFLOWS_VERSION: JSON.stringify(JSON.parse(fs.readFileSync('package.json', 'utf8')).version) },
  minify: production,
  sourcemap: false,
  plugins: [
    ...common.plugins,
    {
      name: 'cli-executable',
      setup(build) {
        build.onEnd(async (result) => {
          if (result.errors.length === 0) await esbuild.build(cliExecutable(result.outputFiles[0].text));
        });
      },
    },
  ],
};

/**
 * dist/cli.js made from the CLI bundle's text. The text rides in a comment, the body of a function at the end
 * of the file, which src/cli/bin.ts reads back with Function.prototype.toString: V8 skips a comment at once
 * where it would scan a string literal of a megabyte (9 ms here). The comment cannot hold a comment's end,
 * so each "*" + "/" is written with a BEL between the two (the bundle holds no BEL, checked here).
 */
/** @returns {import('esbuild').BuildOptions} */
function cliExecutable(bundle) {
  if (bundle.includes('\x07')) throw new Error('the CLI bundle holds a BEL character: it cannot ride in dist/cli.js as it is');
  return {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir: 'dist',
    charset: 'ascii',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    footer: { js: `function cozeWorkflowsCliBundle() {/*${bundle.replaceAll('*/', '*\x07/')}*/}` },
    define: { COZE_WORKFLOWS_CLI_HASH: JSON.stringify(crypto.createHash('sha256').update(bundle).digest('hex').slice(0, 16)) },
    minify: production,
    sourcemap: false,
  };
}

/** @type {import('esbuild').BuildOptions} */
const webview = {
  ...common,
  entryPoints: { run: 'src/webview/run/main.ts', chat: 'src/webview/chat/main.ts' },
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: production,
  sourcemap: !production,
};

const testFiles = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(dir, f))
    : [];

// Tests and the local server are built unminified with sourcemaps so failures point at the sources.
/** @type {import('esbuild').BuildOptions} */
const tests = {
  ...common,
  entryPoints: [
    ...testFiles('test/unit'),
    ...testFiles('test/host'),
    'test/server/main.ts',
    'test/server/index.ts',
    'test/bench/worker.ts',
    'test/bench/benchServer.ts',
    'test/bench/suiteBench.ts',
  ],
  outdir: 'out/test',
  outbase: 'test',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha', 'playwright-core'],
  sourcemap: 'inline',
};

const configs = [extension, webview, tests, cliBundle];
if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
} else {
  const results = await Promise.all(configs.map((c) => esbuild.build(c)));
  fs.writeFileSync('dist/meta.json', JSON.stringify(results[0].metafile));
}
