import type { Usage, InterruptInfo } from './events';

export type RunMode = 'stream' | 'sync' | 'async';

/** A workflow, its start-node inputs and the optional routing fields of a run or a chat (reference §3.1, §7.1). */
interface RunTarget {
  workflowId: string;
  parameters?: Record<string, unknown>;
  botId?: string;
  appId?: string;
  ext?: Record<string, string>;
  /** cloud */
  workflowVersion?: string;
  connectorId?: string;
  /** studio: "DEBUG" runs the draft */
  executeMode?: string;
}

export interface RunRequest extends RunTarget {
  /** studio: a published version */
  version?: string;
}

export interface ResumeRequest {
  workflowId: string;
  eventId: string;
  interruptType: number;
  resumeData: string;
  ext?: Record<string, string>;
  connectorId?: string;
}

export interface SyncRunResult {
  executeId?: string;
  /** The End node's output as sent: JSON text or plain text. */
  data?: string;
  debugUrl?: string;
  usage?: Usage;
  interrupt?: InterruptInfo;
  logid?: string;
}

export interface AsyncRunStarted {
  executeId: string;
  debugUrl?: string;
  logid?: string;
}

export type ExecuteStatus = 'Running' | 'Success' | 'Fail' | 'Cancel';

export interface RunHistoryRecord {
  executeId: string;
  status: ExecuteStatus | string;
  output?: string;
  errorCode?: string;
  errorMessage?: string;
  debugUrl?: string;
  logid?: string;
  usage?: Usage;
  runMode?: number;
  createTime?: number;
  updateTime?: number;
  interrupt?: InterruptInfo;
}

export interface UploadedFile {
  id: string;
  fileName: string;
  bytes: number;
  createdAt?: number;
  /** studio: where the server keeps the file; workflow file inputs take this URL */
  url?: string;
  uri?: string;
}

export interface ParamSchema {
  type: string;
  required?: boolean;
  description?: string;
  defaultValue?: string;
  items?: ParamSchema;
  properties?: Record<string, ParamSchema>;
}

export interface WorkflowInfo {
  id: string;
  name?: string;
  description?: string;
  appId?: string;
  iconUrl?: string;
  /** Present when the server gives the start node's schema (cloud with include_input_output). */
  inputs?: Record<string, ParamSchema>;
  outputs?: Record<string, ParamSchema>;
  terminatePlan?: string;
}

/** A published version of a workflow (cloud). */
export interface WorkflowVersion {
  version: string;
  description?: string;
  /** Unix seconds. */
  createdAt?: number;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  description?: string;
  appId?: string;
}

export interface Workspace {
  id: string;
  name: string;
  type?: string;
  role?: string;
}

export interface ChatRequest extends RunTarget {
  message: string;
  conversationId?: string;
}

/**
 * The two server families (reference §14): `cloud` is api.coze.cn / api.coze.com; `studio` is self-hosted
 * Coze Studio and its fork Coze Plus, which share one OpenAPI handler.
 */
export type Dialect = 'cloud' | 'studio';

export const DIALECTS: readonly Dialect[] = ['cloud', 'studio'];
