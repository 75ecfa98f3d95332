import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { resolve } from 'node:path';
import type { CozeClient } from '../../core/client/cozeClient';
import type { RunMode } from '../../core/model/workflow';
import { runOptionsOf, type SavedWorkflow } from '../../core/config/workflowsFile';
import { checkLocalFile, type UploadableFile } from '../../core/files/uploadPolicy';
import { workflowTool, type WorkflowTool } from '../../core/mcp/workflowTools';
import type { SecretMask } from '../../core/secretMask';
import { describeInterrupt, type InterruptQuestion } from '../../core/model/interruptQuestion';
import { runWorkflow } from '../../core/run/engine';
import { executeIdOf, type RunState } from '../../core/model/runState';
import { outputValue, runSummary } from '../../core/run/output';

export const RESUME_TOOL = 'resume';

export interface WorkflowMcpOptions {
  /** The Coze client for a workflow that names `environment`, made on first use: answering `initialize` needs no HTTP stack. */
  client(environment?: string): Promise<CozeClient>;
  /** The workflows that may run, as saved now: nothing else ever does. */
  workflows(): readonly SavedWorkflow[];
  /** Encodes a file input that passed the upload policy for the client's dialect, uploading it once to its server. */
  encodeFile(file: UploadableFile, client: CozeClient): Promise<string>;
  /** Where relative file paths are read from, and the folder an agent's file inputs must stay inside. */
  cwd: string;
  /** What everything the server sends or logs goes through (the token as given and as sent). */
  mask: SecretMask;
  version: string;
  log?: (line: string) => void;
}

interface Pending {
  tool: WorkflowTool;
  parameters: Record<string, unknown>;
  mode: RunMode;
  view: RunState;
  question: InterruptQuestion;
}

/**
 * The MCP server of the saved workflows: one tool per workflow, typed by Coze's input schema where the
 * server gives one. A question node becomes an elicitation to the person at the keyboard, and the run
 * resumes with their answer; a client without elicitation gets the question in the result and answers it
 * with the `resume` tool. A failed run is a tool error (code, message, logid, hint), never a protocol error.
 */
export function createWorkflowMcpServer(o: WorkflowMcpOptions): { server: Server; workflowsChanged(): Promise<void> } {
  const server = new Server(
    { name: 'coze-workflows', version: o.version },
    {
      capabilities: { tools: { listChanged: true } },
      instructions:
        'Each tool runs one saved Coze workflow and returns its output, debug_url and execute_id. A workflow that asks a question asks you (elicitation), or returns the question to answer with the "resume" tool.',
    },
  );
  const clean = (s: string) => o.mask.text(s);
  let tools: Promise<Map<string, WorkflowTool>> | undefined;
  const pending = new Map<string, Pending>();

  const loadTools = () =>
    (tools ??= (async () => {
      const workflows = o.workflows();
      const infos = await Promise.all(
        workflows.map((w) =>
          o
            .client(w.environment)
            .then((c) => c.getWorkflowInfo(w.id, { includeInputOutput: true }))
            .catch((e: unknown) => {
              o.log?.(clean(`no description or schema for ${w.name} (${w.id}): ${e instanceof Error ? e.message : String(e)}`));
              return undefined;
            }),
        ),
      );
      const taken = new Set<string>([RESUME_TOOL]);
      return new Map(workflows.map((w, i) => workflowTool(w, infos[i], taken)).map((t) => [t.name, t]));
    })());

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const list: Tool[] = [...(await loadTools()).values()].map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: t.inputSchema as Tool['inputSchema'],
      annotations: { title: t.workflow.name, openWorldHint: true },
    }));
    list.push({
      name: RESUME_TOOL,
      description: 'Answers the question a workflow run stopped at (when this client cannot ask you directly) and continues that run.',
      inputSchema: {
        type: 'object',
        properties: {
          event_id: { type: 'string', description: 'the event_id the stopped run gave' },
          answer: { type: 'string', description: 'the answer to its question' },
        },
        required: ['event_id', 'answer'],
      },
    });
    return { tools: list };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    const progressToken = request.params._meta?.progressToken;
    let progress = 0;
    const report = (message: string) => {
      if (progressToken === undefined) return;
      progress++;
      void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message: clean(message) } }).catch(() => undefined);
    };
    const run = async (
      tool: WorkflowTool,
      parameters: Record<string, unknown>,
      mode: RunMode,
      resumeFrom?: { eventId: string; type: number; answer: string },
    ): Promise<CallToolResult> => {
      const t0 = Date.now();
      let chunks = 0;
      let lastNode = '';
      const view = await runWorkflow(
        await o.client(tool.workflow.environment),
        { workflowId: tool.workflow.id, parameters, ...runOptionsOf(tool.workflow) },
        mode,
        {
          signal: extra.signal,
          ...(resumeFrom ? { resumeFrom } : {}),
          onUpdate: (u, v) => {
            if (u.u !== 'event' || u.event.kind !== 'message') return;
            chunks++;
            const node = v.nodes.at(-1)?.title ?? '';
            if (node !== lastNode || chunks % 20 === 0) report(`${node}: ${chunks} chunk(s)`);
            lastNode = node;
          },
          answer: async (question) => {
            if (!server.getClientCapabilities()?.elicitation) return undefined;
            const answer = await server.elicitInput({
              message: clean(question.question || 'The workflow asks for an answer.'),
              requestedSchema: {
                type: 'object',
                properties: {
                  answer: question.options.length
                    ? { type: 'string', title: 'Answer', enum: question.options }
                    : { type: 'string', title: 'Answer', ...(question.answerTemplate ? { description: `JSON like ${clean(question.answerTemplate)}` } : {}) },
                },
                required: ['answer'],
              },
            });
            return answer.action === 'accept' && typeof answer.content?.answer === 'string' ? answer.content.answer : undefined;
          },
        },
      );
      return resultOf(tool, parameters, mode, view, Date.now() - t0);
    };

    const resultOf = (tool: WorkflowTool, parameters: Record<string, unknown>, mode: RunMode, view: RunState, ms: number): CallToolResult => {
      const executeId = executeIdOf(view);
      const meta = [
        view.debugUrl ? `debug_url: ${view.debugUrl}` : '',
        executeId ? `execute_id: ${executeId}` : '',
        `time: ${(ms / 1000).toFixed(2)} s`,
        view.usage?.tokenCount !== undefined ? `tokens: ${view.usage.tokenCount}` : '',
        view.logid ? `logid: ${view.logid}` : '',
      ].filter(Boolean);
      if (view.status === 'interrupted' && view.interrupt) {
        const question = describeInterrupt(view.interrupt, view.interrupt.streamed);
        pending.set(view.interrupt.eventId, { tool, parameters, mode, view, question });
        const options = question.options.length ? `\noptions: ${question.options.join(' | ')}` : '';
        return {
          content: [
            {
              type: 'text',
              text: clean(
                `The workflow "${tool.workflow.name}" asks: ${question.question}${options}\nTo answer, call the "${RESUME_TOOL}" tool with event_id "${view.interrupt.eventId}" and the answer.\n${meta.join('\n')}`,
              ),
            },
          ],
        };
      }
      const summary = runSummary(view, tool.workflow.name);
      if (summary.isError) return { content: [{ type: 'text', text: clean([summary.text, ...meta].join('\n')) }], isError: true };
      const value = outputValue(view.output);
      const text = summary.text;
      const structured = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
      return {
        content: [
          { type: 'text', text: clean(text) },
          { type: 'text', text: clean(meta.join('\n')) },
        ],
        ...(structured ? { structuredContent: o.mask.value(structured) } : {}),
      };
    };

    const name = request.params.name;
    if (name === RESUME_TOOL) {
      const eventId = typeof args.event_id === 'string' ? args.event_id : '';
      const answer = typeof args.answer === 'string' ? args.answer : '';
      const p = pending.get(eventId);
      if (!p)
        return {
          content: [{ type: 'text', text: `No run is waiting on event_id "${clean(eventId)}": it was answered already, or it belongs to another session.` }],
          isError: true,
        };
      if (!answer) return { content: [{ type: 'text', text: `The answer is empty. The question was: ${clean(p.question.question)}` }], isError: true };
      pending.delete(eventId);
      return run(p.tool, p.parameters, p.mode, { eventId, type: p.view.interrupt!.type, answer });
    }
    const tool = (await loadTools()).get(name);
    // only saved workflows run: an unknown name is refused, whatever the client sends
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${clean(name)}": only the saved workflows of .coze/workflows.json are tools.`);
    let parameters: Record<string, unknown>;
    try {
      parameters = await parametersOf(tool, args, o);
    } catch (e) {
      return { content: [{ type: 'text', text: clean(e instanceof Error ? e.message : String(e)) }], isError: true };
    }
    report(`starting ${tool.workflow.name}`);
    return run(tool, parameters, 'stream');
  });
  // a workflow saved (or renamed, or removed) while an agent is connected: the list is read again, and the
  // client told, so the new workflow becomes a tool without a restart
  const workflowsChanged = async () => {
    tools = undefined;
    await server.sendToolListChanged().catch(() => undefined);
  };
  return { server, workflowsChanged };
}

/** The run's parameters from the tool's arguments: a free `parameters` object, and file inputs uploaded. */
async function parametersOf(tool: WorkflowTool, args: Record<string, unknown>, o: WorkflowMcpOptions): Promise<Record<string, unknown>> {
  // a free-form tool takes one "parameters" object; inputs given beside it would be dropped unseen, and the
  // run (and its tokens) spent on the wrong inputs: they are the parameters when alone, an error when mixed
  const beside = Object.keys(args).filter((k) => k !== 'parameters');
  if (tool.freeForm && beside.length && 'parameters' in args)
    throw new Error(
      `pass the workflow's inputs inside "parameters" only, like {"parameters": {${beside.map((k) => `"${k}": …`).join(', ')}}}: ${beside.join(', ')} were given beside it`,
    );
  const params = tool.freeForm && 'parameters' in args ? (args.parameters as Record<string, unknown>) : { ...args };
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new Error('"parameters" must be an object of the workflow\'s inputs');
  const file = async (key: string, v: unknown): Promise<unknown> => {
    if (typeof v !== 'string' || v === '') throw new Error(`"${key}" takes a file: a local path or an http(s) URL`);
    if (/^https?:\/\//i.test(v)) return v; // Coze takes a URL as a file reference on both dialects
    if (v.startsWith('{')) return v; // already a reference ({"file_id": …})
    // an agent (or a prompt that steers it) names the path: it stays inside the workspace, links followed
    return o.encodeFile(await checkLocalFile(resolve(o.cwd, v), { root: o.cwd, shownAs: v }), await o.client(tool.workflow.environment));
  };
  for (const key of tool.fileInputs.single) if (key in params) params[key] = await file(key, params[key]);
  if (!tool.fromSchema) {
    // no schema says which inputs are files (Coze Studio): a file is written {"file": "<path or URL>"}
    const fileObject = (v: unknown): v is { file: unknown } =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && 'file' in v;
    for (const [key, v] of Object.entries(params)) {
      if (fileObject(v)) params[key] = await file(key, v.file);
      else if (Array.isArray(v) && v.length && v.every(fileObject)) params[key] = await Promise.all(v.map((x) => file(key, x.file)));
    }
  }
  for (const key of tool.fileInputs.lists) if (Array.isArray(params[key])) params[key] = await Promise.all((params[key] as unknown[]).map((v) => file(key, v)));
  return params;
}
