// The one message protocol between the extension host and the run panel's webview. Both sides import
// these types; each side validates what it receives (the host never trusts the webview).
import { ERROR_ACTIONS, type ErrorAction, type RunUpdate } from '../core/model/runUpdate';
import type { Dialect } from '../core/model/workflow';
import type { FormField } from '../core/model/formFields';
import type { ParamIssue } from '../core/model/validateParameters';

/** One run shown in the panel. */
export interface RunInit {
  runId: string;
  workflowId: string;
  environmentName: string;
  /** Resumes allowed per question by this server (cloud: 3), if it has a limit. */
  resumeLimit?: number;
  /** The other cloud region's API host (api.coze.com for coze.cn), for the button that tries the token there. */
  otherRegion?: string;
  /** The server keeps run history that can repair an incomplete text (cloud), and the run is live here. */
  canFetchOutput?: boolean;
  /** Updates recorded so far (the panel may open after the run started). */
  updates: RunUpdate[];
}

/** The parameter editor above the run: a form from the input schema where the server gives one, raw JSON always. */
export interface FormInit {
  workflowId: string;
  environmentName: string;
  dialect: Dialect;
  /** The form's fields; absent when no schema is known (Coze Studio, or it could not be read). */
  fields?: FormField[];
  /** Why there is no form, shown above the raw JSON. */
  schemaNote?: string;
  /** The parameters' JSON text to start from (the last used or typed, a preset, or a template). */
  text: string;
  presets: { name: string; parameters: Record<string, unknown> }[];
  maxRequestBytes: number;
  /** Show the editor open (nothing has run in this panel yet). */
  expanded: boolean;
  /** The input schema is on its way (a form message follows). */
  loadingSchema?: boolean;
}

export interface PanelInit {
  /** Localized strings the webview shows, keyed by StringKey. */
  strings: Record<StringKey, string>;
  /** The name the workflow is known by (its id is shown beside it). */
  workflowName?: string;
  form?: FormInit;
  run?: RunInit;
}

/** One file on its way to an input: the webview shows its progress at the field it was dropped on. */
export interface UploadState {
  uploadId: string;
  field: string;
  fileName: string;
  state: 'uploading' | 'done' | 'failed';
  sentBytes?: number;
  totalBytes?: number;
  /** done: the value the input takes (encoded for the server's dialect) */
  value?: string;
  /** done: the same bytes were already uploaded to this environment, so nothing was sent */
  reused?: boolean;
  /** failed: what went wrong and what to do */
  message?: string;
}

export type HostToWebview =
  | { type: 'init'; init: PanelInit }
  /** A new run in this panel (started from its editor). */
  | { type: 'run'; run: RunInit }
  /** A batch of updates, at most one message per animation frame. */
  | { type: 'updates'; runId: string; updates: RunUpdate[] }
  /** The editor anew: the schema arrived, or presets changed. */
  | { type: 'form'; form: FormInit }
  /** The host refused to start the run: what is wrong, at which field. */
  | { type: 'formIssues'; issues: ParamIssue[] }
  | { type: 'upload'; upload: UploadState }
  /** The host wrote the previous piece of a dropped file: send the next. */
  | { type: 'chunkAck'; uploadId: string }
  /** More of a node's text, asked for with "more": it follows what the panel holds; the node's whole length beside it. */
  | { type: 'moreText'; runId: string; key: string; text: string; nodeLength: number };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'cancel'; runId: string }
  | { type: 'openDebugUrl'; runId: string }
  | { type: 'copyText'; text: string }
  | { type: 'resume'; runId: string; answer: string }
  /** A button beside the run's error (sign in, select environment, try the other region). */
  | { type: 'errorAction'; runId: string; action: ErrorAction }
  /** Read back the complete text of what broken events left incomplete (cloud run history). */
  | { type: 'fetchFullOutput'; runId: string }
  /** Record the shown run as a test case. */
  | { type: 'saveAsTest'; runId: string }
  | { type: 'openLink'; runId: string; url: string }
  /** The next piece of a node's text beyond what the panel holds (TextWindow). */
  | { type: 'moreText'; runId: string; key: string }
  /** The whole output in an editor (the panel holds its beginning). */
  | { type: 'openOutput'; runId: string }
  /** Run with these parameters (the editor's JSON text; the host checks it again). */
  | { type: 'run'; parameters: string }
  /** What is typed, kept so that nothing is lost when the panel closes. */
  | { type: 'draft'; parameters: string }
  | { type: 'savePreset'; parameters: string }
  /** Ask the host for a file picker; the chosen files upload for `field`. */
  | { type: 'chooseFile'; uploadId: string; field: string; many: boolean }
  /** Files dropped from VS Code's Explorer (URIs), read by the host through workspace.fs. */
  | { type: 'dropUris'; uploadId: string; field: string; uris: string[] }
  /** A file dropped from the OS arrives as bytes: begin, pieces (each acknowledged), end. */
  | { type: 'fileBegin'; uploadId: string; field: string; name: string; size: number }
  | { type: 'fileChunk'; uploadId: string; data: Uint8Array }
  | { type: 'fileEnd'; uploadId: string }
  | { type: 'cancelUpload'; uploadId: string };

export const STRING_KEYS = [
  'status.pending',
  'status.running',
  'status.interrupted',
  'status.succeeded',
  'status.succeededWithWarnings',
  'status.failed',
  'status.cancelled',
  'node.running',
  'node.finished',
  'node.failed',
  'label.output',
  'label.error',
  'label.logid',
  'label.code',
  'label.hint',
  'label.debugUrl',
  'label.firstEvent',
  'label.total',
  'label.tokens',
  'label.chunks',
  'label.question',
  'label.noQuestionText',
  'label.resumes',
  'label.answerJson',
  'label.async',
  'action.cancel',
  'action.openDebugUrl',
  'action.copyLogid',
  'action.answer',
  'action.openLink',
  'action.signIn',
  'action.selectEnvironment',
  'action.tryOtherRegion',
  'hint.oneChunk',
  'hint.workflowError',
  'notice.retry',
  'notice.unreadable',
  'action.fetchFullOutput',
  'action.saveAsTest',
  'form.title',
  'form.form',
  'form.json',
  'form.required',
  'form.presetNone',
  'form.savePreset',
  'form.run',
  'form.runAgain',
  'form.unset',
  'form.dropHere',
  'form.chooseFile',
  'form.clear',
  'form.uploading',
  'form.reused',
  'form.uploaded',
  'form.fileParam',
  'form.noFields',
  'form.jsonHint',
  'form.loadingSchema',
  'issue.notJson',
  'issue.notObject',
  'issue.required',
  'issue.type',
  'issue.fileValue',
  'issue.tooBig',
  'issue.fieldJson',
  'issue.unsafeInteger',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];

/** Pieces of a file dropped from the OS: large enough to be quick, small enough to keep memory flat. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const isId = (v: unknown): v is string => typeof v === 'string' && /^[\w-]{1,64}$/.test(v);
/** Parameters travel as text; the cloud limit is 20 MB, so anything past 210 MB is not an editor's. */
const MAX_PARAMS_CHARS = 210 * 1024 * 1024;

/** Validates a message from the webview; anything malformed or unknown gives undefined (the caller logs and drops it). */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isObj(value) || typeof value.type !== 'string') return undefined;
  const v = value;
  switch (v.type) {
    case 'ready':
      return { type: v.type };
    case 'cancel':
    case 'openDebugUrl':
    case 'fetchFullOutput':
    case 'saveAsTest':
    case 'openOutput':
      return isStr(v.runId, 100) ? { type: v.type, runId: v.runId } : undefined;
    case 'moreText':
      return isStr(v.runId, 100) && isStr(v.key, 1_000) ? { type: 'moreText', runId: v.runId, key: v.key } : undefined;
    case 'copyText':
      return isStr(v.text, 50_000_000) ? { type: 'copyText', text: v.text } : undefined;
    case 'openLink':
      return isStr(v.runId, 100) && isStr(v.url, 4_000) && /^https?:\/\//i.test(v.url) ? { type: 'openLink', runId: v.runId, url: v.url } : undefined;
    case 'resume':
      return isStr(v.runId, 100) && isStr(v.answer, 1_000_000) ? { type: 'resume', runId: v.runId, answer: v.answer } : undefined;
    case 'errorAction':
      return isStr(v.runId, 100) && ERROR_ACTIONS.includes(v.action as ErrorAction)
        ? { type: 'errorAction', runId: v.runId, action: v.action as ErrorAction }
        : undefined;
    case 'run':
    case 'draft':
    case 'savePreset':
      return isStr(v.parameters, MAX_PARAMS_CHARS) ? { type: v.type, parameters: v.parameters } : undefined;
    case 'chooseFile':
      return isId(v.uploadId) && isStr(v.field, 200) && typeof v.many === 'boolean'
        ? { type: 'chooseFile', uploadId: v.uploadId, field: v.field, many: v.many }
        : undefined;
    case 'dropUris':
      return isId(v.uploadId) &&
        isStr(v.field, 200) &&
        Array.isArray(v.uris) &&
        v.uris.length > 0 &&
        v.uris.length <= 100 &&
        v.uris.every((u) => isStr(u, 4_000))
        ? { type: 'dropUris', uploadId: v.uploadId, field: v.field, uris: v.uris as string[] }
        : undefined;
    case 'fileBegin':
      return isId(v.uploadId) && isStr(v.field, 200) && isStr(v.name, 1_000) && v.name !== '' && Number.isSafeInteger(v.size) && (v.size as number) >= 0
        ? { type: 'fileBegin', uploadId: v.uploadId, field: v.field, name: v.name, size: v.size as number }
        : undefined;
    case 'fileChunk': {
      const data = v.data instanceof Uint8Array ? v.data : v.data instanceof ArrayBuffer ? new Uint8Array(v.data) : undefined;
      return isId(v.uploadId) && data && data.byteLength <= FILE_CHUNK_BYTES ? { type: 'fileChunk', uploadId: v.uploadId, data } : undefined;
    }
    case 'fileEnd':
    case 'cancelUpload':
      return isId(v.uploadId) ? { type: v.type, uploadId: v.uploadId } : undefined;
    default:
      return undefined;
  }
}

const isRunInit = (v: unknown): boolean => isObj(v) && isStr(v.runId) && Array.isArray(v.updates);
const isFormInit = (v: unknown): boolean => isObj(v) && isStr(v.workflowId) && typeof v.text === 'string' && Array.isArray(v.presets);

/** Validates a message from the host (defence in depth inside the webview). */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isObj(value)) return undefined;
  switch (value.type) {
    case 'init': {
      const i = value.init;
      return isObj(i) && isObj(i.strings) && (i.run === undefined || isRunInit(i.run)) && (i.form === undefined || isFormInit(i.form))
        ? (value as HostToWebview)
        : undefined;
    }
    case 'run':
      return isRunInit(value.run) ? (value as HostToWebview) : undefined;
    case 'updates':
      return isStr(value.runId) && Array.isArray(value.updates) ? (value as HostToWebview) : undefined;
    case 'form':
      return isFormInit(value.form) ? (value as HostToWebview) : undefined;
    case 'formIssues':
      return Array.isArray(value.issues) ? (value as HostToWebview) : undefined;
    case 'upload':
      return isObj(value.upload) && isId(value.upload.uploadId) && isStr(value.upload.field) ? (value as HostToWebview) : undefined;
    case 'chunkAck':
      return isId(value.uploadId) ? (value as HostToWebview) : undefined;
    case 'moreText':
      return isStr(value.runId) && isStr(value.key) && typeof value.text === 'string' && Number.isSafeInteger(value.nodeLength)
        ? (value as HostToWebview)
        : undefined;
    default:
      return undefined;
  }
}
