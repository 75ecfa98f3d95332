// The `coze-workflows` executable (dist/cli.js). It carries the CLI (src/cli/main.ts, bundled) as text and
// compiles it with V8's code cache, so a start after the first skips parsing a megabyte of JavaScript, yet
// the CLI stays one file that can be copied anywhere. docs/benchmarks.md has the figures.
import { codeCacheDirectory, compileWithCodeCache } from './codeCache';

/** The bundled CLI's SHA-256 (16 hex digits), put in by esbuild.mjs. */
declare const COZE_WORKFLOWS_CLI_HASH: string;
/** Appended by esbuild.mjs: its body is a comment that holds the bundled CLI (each comment end written "*", BEL, "/"). */
declare function cozeWorkflowsCliBundle(): void;

function bundledCli(): string {
  const text = cozeWorkflowsCliBundle.toString();
  return text.slice(text.indexOf('/*') + 2, text.lastIndexOf('*/')).replaceAll('\x07', '');
}

const compiled = compileWithCodeCache(bundledCli(), __filename, COZE_WORKFLOWS_CLI_HASH, process.argv[2] ?? '', codeCacheDirectory(process.env));
// a cache that is off or was not trusted costs only time: said once, and only when asked (COZE_WORKFLOWS_DEBUG=1)
if (compiled.reason && process.env.COZE_WORKFLOWS_DEBUG) process.stderr.write(`coze-workflows: debug: code cache not used: ${compiled.reason}\n`);
if (compiled.cache !== 'accepted' && compiled.cache !== 'off') {
  // after start-up has compiled what it needs: at exit, or a second in for a long-lived `mcp`
  process.once('exit', compiled.save);
  setTimeout(compiled.save, 1000).unref();
}
const cliModule = { exports: {} };
compiled.run(cliModule.exports, require, cliModule, __filename, __dirname);
