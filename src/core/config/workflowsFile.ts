import { findUnsafeInteger } from '../model/json';
import { unsafeIntegerText } from '../hints';
import { parseWorkflowRef } from '../workflowRef';
import type { RunRequest } from '../model/workflow';

/** One saved workflow in `.coze/workflows.json`: shareable, so it never holds a secret. */
export interface SavedWorkflow {
  id: string;
  name: string;
  /** Environment id (coze.cn, coze.com, or a coze.environments id); absent means the active one. */
  environment?: string;
  kind: 'workflow' | 'chatflow';
  bot_id?: string;
  app_id?: string;
  /** Studio `version` / cloud `workflow_version`. */
  version?: string;
  connector_id?: string;
  ext?: Record<string, string>;
  /** Named parameter sets. */
  presets?: Record<string, Record<string, unknown>>;
}

export interface WorkflowsFile {
  $schema?: string;
  workflows: SavedWorkflow[];
}

/** A file that exists but is not a valid workflows file: where and why. It is never overwritten. */
export class WorkflowsFileError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${location}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'WorkflowsFileError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function lineOf(text: string, message: string): number | undefined {
  const pos = /position (\d+)/.exec(message);
  return pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
}

/** Parses and validates the file; throws WorkflowsFileError naming the place and the problem. */
export function parseWorkflowsFile(text: string, location: string): WorkflowsFile {
  let raw: unknown;
  // an unquoted 19-digit id would be read as another id: refused at its line
  const unsafe = findUnsafeInteger(text);
  if (unsafe) throw new WorkflowsFileError(location, unsafeIntegerText(unsafe.digits), unsafe.line);
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    throw new WorkflowsFileError(location, `not valid JSON (${msg})`, lineOf(text, msg));
  }
  if (!isObj(raw) || !Array.isArray(raw.workflows)) throw new WorkflowsFileError(location, 'expected an object with a "workflows" array');
  const seen = new Set<string>();
  const workflows = raw.workflows.map((w, i): SavedWorkflow => {
    const at = `workflows[${i}]`;
    if (!isObj(w)) throw new WorkflowsFileError(location, `${at} is not an object`);
    const id = typeof w.id === 'string' || typeof w.id === 'number' ? String(w.id) : '';
    if (!parseWorkflowRef(id) || parseWorkflowRef(id)?.workflowId !== id)
      throw new WorkflowsFileError(location, `${at}.id must be a workflow id (a long number as a string)`);
    if (seen.has(`${id}@${String(w.environment ?? '')}`)) throw new WorkflowsFileError(location, `${at}: workflow ${id} is listed twice`);
    seen.add(`${id}@${String(w.environment ?? '')}`);
    if (w.kind !== undefined && w.kind !== 'workflow' && w.kind !== 'chatflow')
      throw new WorkflowsFileError(location, `${at}.kind must be "workflow" or "chatflow"`);
    if (w.bot_id && w.app_id) throw new WorkflowsFileError(location, `${at}: give bot_id or app_id, not both (Coze refuses both)`);
    for (const key of ['name', 'environment', 'bot_id', 'app_id', 'version', 'connector_id'] as const) {
      if (w[key] !== undefined && typeof w[key] !== 'string') throw new WorkflowsFileError(location, `${at}.${key} must be a string`);
    }
    if (w.ext !== undefined && (!isObj(w.ext) || Object.values(w.ext).some((v) => typeof v !== 'string')))
      throw new WorkflowsFileError(location, `${at}.ext must map names to strings`);
    if (w.presets !== undefined && (!isObj(w.presets) || Object.values(w.presets).some((v) => !isObj(v))))
      throw new WorkflowsFileError(location, `${at}.presets must map names to parameter objects`);
    const out: SavedWorkflow = { id, name: typeof w.name === 'string' && w.name ? w.name : id, kind: w.kind === 'chatflow' ? 'chatflow' : 'workflow' };
    for (const key of ['environment', 'bot_id', 'app_id', 'version', 'connector_id'] as const)
      if (typeof w[key] === 'string' && w[key]) out[key] = w[key] as string;
    if (isObj(w.ext)) out.ext = w.ext as Record<string, string>;
    if (isObj(w.presets)) out.presets = w.presets as Record<string, Record<string, unknown>>;
    return out;
  });
  return { ...(typeof raw.$schema === 'string' ? { $schema: raw.$schema } : {}), workflows };
}

export function serializeWorkflowsFile(file: WorkflowsFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

/** A saved workflow's routing fields as run options (bot_id or app_id, never both; the version for either dialect). */
export function runOptionsOf(w: SavedWorkflow): Omit<RunRequest, 'workflowId' | 'parameters'> {
  return {
    ...(w.bot_id ? { botId: w.bot_id } : w.app_id ? { appId: w.app_id } : {}),
    ...(w.version ? { workflowVersion: w.version, version: w.version } : {}),
    ...(w.connector_id ? { connectorId: w.connector_id } : {}),
    ...(w.ext ? { ext: w.ext } : {}),
  };
}

/**
 * What a test case or a tool call names: a workflow id (with the saved workflow's options when it is saved),
 * or the name of a saved workflow. Throws, listing the saved names, when a name is unknown.
 */
export function findSavedWorkflow(workflows: readonly SavedWorkflow[], ref: string): { workflowId: string; saved?: SavedWorkflow } {
  const byName = workflows.find((w) => w.name === ref);
  if (byName) return { workflowId: byName.id, saved: byName };
  const id = parseWorkflowRef(ref)?.workflowId;
  if (id) {
    const saved = workflows.find((w) => w.id === id);
    return { workflowId: id, ...(saved ? { saved } : {}) };
  }
  const names = workflows.map((w) => w.name);
  throw new Error(
    `"${ref}" is neither a workflow id nor the name of a saved workflow${names.length ? ` (saved: ${names.join(', ')})` : ' (.coze/workflows.json saves none)'}`,
  );
}
