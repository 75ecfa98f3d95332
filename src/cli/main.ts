// coze-workflows: the command-line host of the same core the extension runs on.
//   coze-workflows test [paths…]   run workflow test suites (CI: --reporter junit --output results.xml)
import { SecretMask } from '../core/secretMask';

/** The package's version, put in by esbuild from package.json. */
declare const COZE_WORKFLOWS_VERSION: string;
const VERSION = typeof COZE_WORKFLOWS_VERSION === 'string' ? COZE_WORKFLOWS_VERSION : '0.0.0';

const HELP = `coze-workflows <command>

  test [paths…]   run the workflow test suites (.coze/tests/**/*.test.yaml)
  mcp             an MCP server on stdio: every saved workflow is a tool for coding agents

coze-workflows <command> --help for its flags. The token comes from COZE_API_TOKEN.`;

async function main(argv: string[]): Promise<number> {
  // nothing the CLI writes ever holds the token, whatever a server echoes back: the console, its reports and
  // its tool results all go through this one mask (the token as given and as sent, trimmed)
  const mask = new SecretMask([process.env.COZE_API_TOKEN]);
  const out = (line: string) => process.stdout.write(`${mask.text(line)}\n`);
  const err = (line: string) => void process.stderr.write(`${mask.text(line)}\n`);
  const [command, ...rest] = argv;
  try {
    // each command loads what it needs: `mcp` answers `initialize` before the HTTP stack is loaded
    if (command === 'test') return await (await import('./testCommand')).testCommand(rest, { cwd: process.cwd(), env: process.env, out, err, mask });
    if (command === 'mcp')
      return await (await import('./mcpCommand')).mcpCommand(rest, { cwd: process.cwd(), env: process.env, out, err, mask, version: VERSION });
    out(command === '--help' || command === 'help' || command === undefined ? HELP : `unknown command "${command}"\n\n${HELP}`);
    return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
  } catch (e) {
    // bad input (a UsageError) or anything else before a run: one line, no stack, exit code 2
    err(`coze-workflows: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

// a reader that goes away (`coze-workflows test | head`) ends the CLI quietly, with the exit code it has so far
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
