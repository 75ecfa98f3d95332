import type { ParamSchema, WorkflowInfo } from '../model/workflow';
import type { SavedWorkflow } from '../config/workflowsFile';
import { isFileType } from '../model/formFields';

/** A JSON Schema, as MCP tools and VS Code's language model tools declare their inputs. */
export type JsonSchema = {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
};

/** One saved workflow as a tool: its name, what Coze says it does, and its inputs. */
export interface WorkflowTool {
  name: string;
  description: string;
  inputSchema: JsonSchema & { type: 'object' };
  workflow: SavedWorkflow;
  /** Inputs that take a file: a local path or an http(s) URL, uploaded and encoded before the run. */
  fileInputs: { single: string[]; lists: string[] };
  /** No schema was known: the tool takes one free `parameters` object. */
  freeForm: boolean;
  /** The inputs come from the server's schema; without one, a file input is written `{"file": "<path or URL>"}`. */
  fromSchema: boolean;
}

/** How an agent gives a file where no schema says which inputs are files (Coze Studio). */
export const FILE_OBJECT_NOTE = 'A file input takes {"file": "<local path or http(s) URL>"} (a local path is uploaded first; a list takes a list of them).';

/**
 * A tool name from a workflow's name, within MCP's rules (letters, digits, `_` and `-`, at most 64 so every
 * client takes it), unique among `taken`: a name with nothing usable left (a Chinese name) becomes
 * `workflow_<id>`, and a clash gets `_2`, `_3`…
 */
export function toolName(name: string, id: string, taken: Set<string>): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  const base = ascii.length >= 2 ? ascii : `workflow_${id}`.slice(0, 64);
  let out = base;
  for (let n = 2; taken.has(out); n++) out = `${base.slice(0, 60)}_${n}`;
  taken.add(out);
  return out;
}

const FILE_NOTE = 'a file: a local path (uploaded first) or an http(s) URL';

function defaultOf(p: ParamSchema): unknown {
  if (p.defaultValue === undefined || p.defaultValue === '') return undefined;
  if (p.type === 'integer' || p.type === 'number' || p.type === 'float') return Number.isFinite(Number(p.defaultValue)) ? Number(p.defaultValue) : undefined;
  if (p.type === 'boolean') return p.defaultValue === 'true' ? true : p.defaultValue === 'false' ? false : undefined;
  if (p.type === 'string' || p.type === 'time') return p.defaultValue;
  return undefined;
}

/** A Coze parameter's schema (reference §9.1) as JSON Schema; file types become strings (a path or a URL). */
export function jsonSchemaOf(p: ParamSchema): JsonSchema {
  const described = (s: JsonSchema, extra?: string): JsonSchema => {
    const text = [p.description, extra].filter(Boolean).join(' — ');
    const d = defaultOf(p);
    return { ...s, ...(text ? { description: text } : {}), ...(d !== undefined ? { default: d } : {}) };
  };
  if (isFileType(p.type)) return described({ type: 'string' }, `${FILE_NOTE} (${p.type})`);
  switch (p.type) {
    case 'integer':
      return described({ type: 'integer' });
    case 'number':
    case 'float':
      return described({ type: 'number' });
    case 'boolean':
      return described({ type: 'boolean' });
    case 'object':
      return described({ type: 'object', ...(p.properties ? objectOf(p.properties) : {}) });
    case 'array':
    case 'list':
      return described(
        { type: 'array', ...(p.items ? { items: jsonSchemaOf(p.items) } : {}) },
        p.items && isFileType(p.items.type) ? `a list of files: local paths or http(s) URLs` : undefined,
      );
    default:
      return described({ type: 'string' });
  }
}

function objectOf(props: Record<string, ParamSchema>): { properties: Record<string, JsonSchema>; required?: string[] } {
  const properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, jsonSchemaOf(v)]));
  const required = Object.entries(props)
    .filter(([, v]) => v.required)
    .map(([k]) => k);
  return { properties, ...(required.length ? { required } : {}) };
}

const typeOfValue = (v: unknown): JsonSchema =>
  typeof v === 'number'
    ? { type: Number.isInteger(v) ? 'integer' : 'number' }
    : typeof v === 'boolean'
      ? { type: 'boolean' }
      : Array.isArray(v)
        ? { type: 'array' }
        : v !== null && typeof v === 'object'
          ? { type: 'object' }
          : { type: 'string' };

/**
 * The tool for a saved workflow. Its inputs: the start node's schema when the server gives one (cloud);
 * else the shape of the workflow's saved presets (Coze Studio has no schema call for a token); else one free
 * `parameters` object. The description says which, so an agent knows how sure the shape is.
 */
export function workflowTool(workflow: SavedWorkflow, info: WorkflowInfo | undefined, taken: Set<string>): WorkflowTool {
  const name = toolName(workflow.name, workflow.id, taken);
  const said = info?.description?.trim();
  const head = said ? `${said} (Coze workflow "${workflow.name}", ${workflow.id})` : `Runs the Coze workflow "${workflow.name}" (${workflow.id}).`;
  const fileInputs = { single: [] as string[], lists: [] as string[] };
  if (info?.inputs && Object.keys(info.inputs).length) {
    for (const [k, p] of Object.entries(info.inputs)) {
      if (isFileType(p.type)) fileInputs.single.push(k);
      else if ((p.type === 'array' || p.type === 'list') && isFileType(p.items?.type)) fileInputs.lists.push(k);
    }
    return { name, description: head, inputSchema: { type: 'object', ...objectOf(info.inputs) }, workflow, fileInputs, freeForm: false, fromSchema: true };
  }
  const preset = Object.values(workflow.presets ?? {})[0];
  if (preset && Object.keys(preset).length) {
    const properties = Object.fromEntries(
      Object.entries(preset).map(([k, v]) => [k, { ...typeOfValue(v), description: `as in the saved preset, e.g. ${JSON.stringify(v).slice(0, 80)}` }]),
    );
    return {
      name,
      description: `${head} The server gives no input schema; these inputs follow the workflow's saved presets. ${FILE_OBJECT_NOTE}`,
      inputSchema: { type: 'object', properties },
      workflow,
      fileInputs,
      freeForm: false,
      fromSchema: false,
    };
  }
  return {
    name,
    description: `${head} The server gives no input schema: pass the workflow's inputs as one "parameters" object. ${FILE_OBJECT_NOTE}`,
    inputSchema: {
      type: 'object',
      properties: { parameters: { type: 'object', description: "the workflow's input parameters, by name" } },
      required: ['parameters'],
    },
    workflow,
    fileInputs,
    freeForm: true,
    fromSchema: false,
  };
}
