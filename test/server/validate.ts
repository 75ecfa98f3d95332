/**
 * Request checks shared by the run, resume and chat endpoints: studio's JSON binding (HTTP 400, §1.3/§1.5),
 * `parameters` as object or JSON string (§3.2), workflow lookup and required inputs.
 */
import type { Dialect } from './types';
import { findWorkflow } from './catalogue';
import type { WorkflowDef } from './catalogue';
import { isObject, tryParse } from './json';

/** Why a request is refused; `binding` = studio's HTTP 400 (before its SSE writer exists). */
export class Rejection {
  constructor(
    readonly code: number,
    readonly msg: string,
    /** studio /run code and message when they differ. */
    readonly studioCode?: number,
    readonly studioMsg?: string,
    readonly binding = false,
  ) {}
}

const binding = (msg: string) => new Rejection(400, msg, undefined, undefined, true);

const STRING_FIELDS = [
  'workflow_id',
  'bot_id',
  'app_id',
  'event_id',
  'project_id',
  'connector_id',
  'conversation_id',
  'execute_mode',
  'version',
  'workflow_version',
  'resume_data',
];

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** studio's binder: a JSON object whose string fields are strings and whose ext is a string map. */
export function studioBinding(body: unknown, badJson: boolean, struct: string): Rejection | null {
  if (badJson || !isObject(body)) {
    return binding(badJson ? 'invalid JSON body: unexpected character' : 'request body must be a JSON object');
  }
  for (const f of STRING_FIELDS) {
    const v = body[f];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return binding(`json: cannot unmarshal ${goType(v)} into Go struct field ${struct}.${f} of type string`);
    }
  }
  if (body.ext !== undefined && body.ext !== null) {
    if (!isObject(body.ext)) return binding(`json: cannot unmarshal ${goType(body.ext)} into Go struct field ${struct}.ext of type map[string]string`);
    for (const [k, v] of Object.entries(body.ext)) {
      if (typeof v !== 'string') return binding(`json: cannot unmarshal ${goType(v)} into Go struct field ${struct}.ext of type string (key "${k}")`);
    }
  }
  if (body.is_async !== undefined && body.is_async !== null && typeof body.is_async !== 'boolean') {
    return binding(`json: cannot unmarshal ${goType(body.is_async)} into Go struct field ${struct}.is_async of type bool`);
  }
  if (body.interrupt_type !== undefined && body.interrupt_type !== null && !Number.isInteger(body.interrupt_type)) {
    return binding(`json: cannot unmarshal ${goType(body.interrupt_type)} into Go struct field ${struct}.interrupt_type of type int64`);
  }
  return null;
}

export const param = (msg: string): Rejection => new Rejection(4000, `Request parameter error: ${msg}`, undefined, `invalid parameter: ${msg}`);

/** The common body checks of every dialect; returns the body object. */
export function checkBody(dialect: Dialect, body: unknown, badJson: boolean, struct: string): Rejection | Record<string, unknown> {
  if (dialect === 'studio') {
    const b = studioBinding(body, badJson, struct);
    if (b) return b;
  } else if (badJson || !isObject(body)) {
    return param('the body must be a JSON object');
  }
  const obj = body as Record<string, unknown>;
  if (dialect === 'cloud') {
    for (const f of ['workflow_id', 'bot_id', 'app_id', 'event_id', 'conversation_id']) {
      if (obj[f] !== undefined && obj[f] !== null && typeof obj[f] !== 'string') return param(`${f} must be a string`);
    }
    if (obj.bot_id && obj.app_id) return param('bot_id and app_id cannot be set at the same time');
  }
  return obj;
}

/** `parameters` as an object or a JSON string of one (§3.2). */
export function parseParameters(v: unknown): Record<string, unknown> | Rejection {
  if (v === undefined || v === null || v === '') return {};
  if (isObject(v)) return v;
  if (typeof v === 'string') {
    const parsed = tryParse(v);
    if (isObject(parsed)) return parsed;
  }
  return param('parameters must be a JSON object or a JSON string of an object');
}

/** The workflow named by workflow_id: known, published, with its required inputs present. */
export function checkWorkflow(workflowId: unknown, params: Record<string, unknown>): WorkflowDef | Rejection {
  if (typeof workflowId !== 'string' || workflowId === '') return param('workflow_id is required');
  const def = findWorkflow(workflowId);
  if (!def) {
    return new Rejection(4200, `workflow not found or not published: ${workflowId}`, 4000, `invalid parameter: workflow ${workflowId} does not exist`);
  }
  if (!def.published) return new Rejection(4200, 'workflow not published', 6031, 'workflow not published');
  for (const [name, p] of Object.entries(def.inputs)) {
    const v = params[name];
    if (p.required && (v === undefined || v === null || v === '')) return param(`missing required parameter "${name}"`);
  }
  return def;
}
