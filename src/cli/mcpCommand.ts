import { unwatchFile, watchFile } from 'node:fs';
import { resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { parseArgs } from 'node:util';
import { createWorkflowMcpServer } from './mcp/workflowMcpServer';
import type { CliIo } from './cliIo';
import { ServerClients } from './serverClients';
import { SERVER_FLAGS, serverConfig, UsageError } from './serverOptions';
import { RunUploads } from './uploads';
import { loadSavedWorkflows } from './workflowsJson';

export const MCP_HELP = `coze-workflows mcp   an MCP server on stdio: every saved workflow is a tool

  --workflows <file>         saved workflows (default .coze/workflows.json of the current folder)
  --base-url <url> --dialect cloud|studio, or --region cn|com (default cn); or COZE_BASE_URL, COZE_DIALECT
  token: COZE_API_TOKEN

Claude Code:  claude mcp add coze-workflows --env COZE_API_TOKEN=… -- node /path/to/coze-workflows.js mcp
Only the saved workflows run; the token never appears in a result, a log line or an error.`;

/** Runs `coze-workflows mcp` until the client closes stdin; resolves with the exit code. Logs go to stderr. */
export async function mcpCommand(argv: string[], io: CliIo & { version: string }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...SERVER_FLAGS, workflows: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.values.help) {
    io.out(MCP_HELP);
    return 0;
  }
  const server = serverConfig(parsed.values, io.env);
  let workflows = await loadSavedWorkflows(parsed.values.workflows, io.cwd);
  if (!workflows.length)
    io.err(`coze-workflows mcp: no saved workflows in ${parsed.values.workflows ?? '.coze/workflows.json'}: the server offers no workflow tools`);
  // the HTTP stack (undici) loads on the first tool call or list, not before `initialize` is answered
  const clients = new ServerClients(server, 'coze-workflows-mcp');
  const uploads = new RunUploads();
  const { server: mcp, workflowsChanged } = createWorkflowMcpServer({
    client: (environment) => clients.for(environment),
    workflows: () => workflows,
    encodeFile: async (file, client) => uploads.encode(file, client),
    cwd: io.cwd,
    mask: io.mask,
    version: io.version,
    log: io.err,
  });
  const closed = new Promise<void>((done) => (mcp.onclose = done));
  // the client ends the session by closing our stdin
  process.stdin.once('end', () => void mcp.close());
  await mcp.connect(new StdioServerTransport());
  // the saved workflows are the tools: a change to the file (a workflow saved in the editor while an agent is
  // connected) is read again and announced; a file that does not parse keeps the tools as they were
  const file = resolve(io.cwd, parsed.values.workflows ?? '.coze/workflows.json');
  const reread = () => {
    loadSavedWorkflows(parsed.values.workflows, io.cwd).then(
      (next) => {
        workflows = next;
        io.err(`coze-workflows mcp: ${file} changed: ${next.length} workflow tool(s)`);
        return workflowsChanged();
      },
      (e: unknown) => io.err(`coze-workflows mcp: ${e instanceof Error ? e.message : String(e)}; the tools stay as they were`),
    );
  };
  watchFile(file, { interval: 300, persistent: false }, (now, before) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) reread();
  });
  io.err(`coze-workflows mcp: ${workflows.length} workflow tool(s) on ${server.name} (from ${server.source})`);
  await closed;
  unwatchFile(file);
  await clients.close();
  return 0;
}
