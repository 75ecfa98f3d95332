import { asIdString, asNumber, asString, isRecord } from '../model/json';
import { parseInterrupt, parseUsage } from '../sse/workflowEvents';
import { CozeError } from '../errors';
import type { ParamSchema, RunHistoryRecord, UploadedFile, WorkflowSummary, Workspace } from '../model/workflow';

/** Reads the input/output parameter map of workflow info (reference §9.1), nested items and properties included. */
export function parseParamSchemas(value: Record<string, unknown>): Record<string, ParamSchema> {
  const out: Record<string, ParamSchema> = {};
  for (const [name, raw] of Object.entries(value)) if (isRecord(raw)) out[name] = parseParamSchema(raw);
  return out;
}

function parseParamSchema(raw: Record<string, unknown>): ParamSchema {
  const schema: ParamSchema = { type: asString(raw.type) ?? 'string' };
  if (typeof raw.required === 'boolean') schema.required = raw.required;
  if (asString(raw.description)) schema.description = raw.description as string;
  if (raw.default_value !== undefined && raw.default_value !== null && raw.default_value !== '') {
    schema.defaultValue = typeof raw.default_value === 'string' ? raw.default_value : JSON.stringify(raw.default_value);
  }
  if (isRecord(raw.items)) schema.items = parseParamSchema(raw.items);
  if (isRecord(raw.properties)) schema.properties = parseParamSchemas(raw.properties);
  return schema;
}

/** One run-history entry of either dialect (reference §6.1, §6.3) in one shape. */
export function toHistoryRecord(d: Record<string, unknown>, executeId: string, envelopeLogid?: string): RunHistoryRecord {
  const rec: RunHistoryRecord = { executeId: asIdString(d.execute_id) ?? executeId, status: asString(d.execute_status) ?? 'Running' };
  if (typeof d.output === 'string' && d.output !== '') rec.output = d.output;
  const errorCode = asIdString(d.error_code);
  if (errorCode && errorCode !== '0') rec.errorCode = errorCode;
  const errorMessage = asString(d.error_message) ?? asString(d.error_msg);
  if (errorMessage) rec.errorMessage = errorMessage;
  if (asString(d.debug_url)) rec.debugUrl = d.debug_url as string;
  const logid = asString(d.logid) ?? asString(d.log_id) ?? envelopeLogid;
  if (logid) rec.logid = logid;
  const usage = parseUsage(d.usage) ?? (asNumber(d.token) ? { tokenCount: asNumber(d.token) as number } : undefined);
  if (usage) rec.usage = usage;
  const runMode = asNumber(d.run_mode);
  if (runMode !== undefined) rec.runMode = runMode;
  const createTime = asNumber(d.create_time);
  if (createTime !== undefined) rec.createTime = createTime;
  const updateTime = asNumber(d.update_time);
  if (updateTime !== undefined) rec.updateTime = updateTime;
  const interrupt = parseInterrupt(d.interrupt_data);
  if (interrupt) rec.interrupt = interrupt;
  return rec;
}

/** Upload answers differ (cloud `created_at`; studio `CreatedAt`, `uri`, `url`). */
export function toUploadedFile(data: unknown, fileName: string, size: number): UploadedFile {
  if (!isRecord(data)) throw new CozeError({ kind: 'protocol', message: 'The upload answer has no data', operation: 'upload' });
  const id = asIdString(data.id);
  if (!id) throw new CozeError({ kind: 'protocol', message: 'The upload answer has no file id', operation: 'upload' });
  const file: UploadedFile = { id, fileName: asString(data.file_name) ?? fileName, bytes: asNumber(data.bytes) ?? size };
  const createdAt = asNumber(data.created_at) ?? asNumber(data.CreatedAt);
  if (createdAt !== undefined) file.createdAt = createdAt;
  if (asString(data.url)) file.url = data.url as string;
  if (asString(data.uri)) file.uri = data.uri as string;
  return file;
}

export function toWorkflowSummary(d: Record<string, unknown>): WorkflowSummary {
  const s: WorkflowSummary = { id: asIdString(d.workflow_id) ?? asIdString(d.id) ?? '', name: asString(d.workflow_name) ?? asString(d.name) ?? '' };
  if (asString(d.description)) s.description = d.description as string;
  const appId = asIdString(d.app_id);
  if (appId && appId !== '0') s.appId = appId;
  return s;
}

export function toWorkspace(d: Record<string, unknown>): Workspace {
  const w: Workspace = { id: asIdString(d.id) ?? '', name: asString(d.name) ?? '' };
  if (asString(d.workspace_type)) w.type = d.workspace_type as string;
  if (asString(d.role_type)) w.role = d.role_type as string;
  return w;
}
