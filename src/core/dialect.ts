import type { Dialect } from './model/workflow';

/** What each family offers with an access token (reference §2). */
export interface Capabilities {
  /** GET /v1/workflows (and /v1/workspaces): browse a space's workflows with a token. */
  listWorkflows: boolean;
  /** GET /v1/workflows/{id}: a workflow's name, container (app or bot) and the start node's input schema. */
  inputSchema: boolean;
  /** `POST /v1/workflows/resume`: a sync or async run's question answered without a stream. */
  nonStreamResume: boolean;
  /** GET /v1/workflows/{id}/versions: a workflow's published versions, to run one by name. */
  listVersions: boolean;
  /** A node execution's full output (`…/run_histories/{id}/execute_nodes/{uuid}`), read back after a broken event. */
  nodeOutput: boolean;
  /** What a file input takes: cloud `{"file_id": …}` as a JSON string; Studio the uploaded file's URL. */
  fileInput: 'fileId' | 'url';
  /** Runs of the draft (`execute_mode: DEBUG`) and of a `version`: Coze Studio's run options. */
  draftRuns: boolean;
  /** Permissions per call (4101 when a token lacks one): the connection check tries a run, then a listing. */
  permissionsPerCall: boolean;
  /** An empty 200 answer to a run means it could not start (Coze Studio's way: unpublished, unknown, no permission). */
  emptyAnswerIsNotRunnable: boolean;
  /** What the product family is called where an environment is listed. */
  family: 'Coze' | 'Coze Studio';
  resumeLimit?: number;
  /** The largest run request the server takes (cloud: 20 MB for inputs; Studio: its default body limit). */
  maxRequestBytes: number;
  /**
   * How long an uploaded file may be reused as an input: cloud keeps uploads 3 months (we stop at 80 days);
   * Studio hands out signed URLs, so a short window.
   */
  uploadReuseMs: number;
}

const MB = 1024 * 1024;
const DAY = 86_400_000;

export const CAPABILITIES: Record<Dialect, Capabilities> = {
  cloud: {
    listWorkflows: true,
    inputSchema: true,
    nonStreamResume: true,
    listVersions: true,
    nodeOutput: true,

    fileInput: 'fileId',
    draftRuns: false,
    permissionsPerCall: true,
    emptyAnswerIsNotRunnable: false,
    family: 'Coze',
    resumeLimit: 3,
    maxRequestBytes: 20 * MB,
    uploadReuseMs: 80 * DAY,
  },
  studio: {
    listWorkflows: false,
    inputSchema: false,
    nonStreamResume: false,
    listVersions: false,
    nodeOutput: false,

    fileInput: 'url',
    draftRuns: true,
    permissionsPerCall: false,
    emptyAnswerIsNotRunnable: true,
    family: 'Coze Studio',
    maxRequestBytes: 200 * MB,
    uploadReuseMs: DAY / 4,
  },
};

export function runHistoryPath(dialect: Dialect, workflowId: string, executeId: string): { path: string; query?: Record<string, string> } {
  return dialect === 'cloud'
    ? { path: `/v1/workflows/${encodeURIComponent(workflowId)}/run_histories/${encodeURIComponent(executeId)}` }
    : { path: '/v1/workflow/get_run_history', query: { workflow_id: workflowId, execute_id: executeId } };
}
