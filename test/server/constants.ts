/** Fixed identities the local server knows: tokens, workflow ids, workspace ids and node ids. */

export const TOKENS = {
  /** Every permission; `pat_local_demo_<suffix>` too. */
  valid: 'pat_local_demo',
  otherRegion: 'pat_local_other_region',
  /** Made on coze.cn: every permission on a `region: 'cn'` server, 4101 on a `region: 'com'` one (`_<suffix>` too). */
  regionCn: 'pat_local_region_cn',
  /** Made on coze.com: every permission on a `region: 'com'` server, 4101 on a `region: 'cn'` one. */
  regionCom: 'pat_local_region_com',
  /** Every permission, but no async runs (6003). */
  freePlan: 'pat_local_free_plan',
  /** cloud: every permission except listWorkspace and listWorkflow; `pat_local_run_only_<suffix>` too. */
  runOnly: 'pat_local_run_only',
  /** cloud: every permission except run; `pat_local_no_run_<suffix>` too. */
  noRun: 'pat_local_no_run',
} as const;

export const WORKFLOWS = {
  helloStream: '7500000000000000101',
  askQuestion: '7500000000000000102',
  describeFile: '7500000000000000103',
  failMidway: '7500000000000000104',
  slowJob: '7500000000000000105',
  chatAssistant: '7500000000000000106',
  unpublished: '7500000000000000107',
  collectInput: '7500000000000000108',
  firehose: '7500000000000000109',
  singleChunk: '7500000000000000110',
  grader: '7500000000000000111',
  graderNoScore: '7500000000000000112',
  flaky: '7500000000000000113',
  refundHelper: '7500000000000000114',
  supportChat: '7500000000000000115',
} as const;

export const SPACE_ID = '7500000000000000002';
/** The second (team) workspace listed by cloud GET /v1/workspaces; it holds no workflows. */
export const TEAM_SPACE_ID = '7500000000000000003';

/** The app (project) the chatflow chat_assistant belongs to: cloud chat needs app_id or bot_id (§7.1). */
export const APP_ID = '7500000000000000301';

/** The user a token belongs to (cloud connector_uid / creator id; studio connector_uid). */
export const CLOUD_USER_ID = '2100000000000001';
export const STUDIO_USER_ID = '7400000000000000001';

/** The run endpoints: the default paths a fault applies to, and what the QPS and daily limits count. */
export const RUN_PATHS = ['/v1/workflow/run', '/v1/workflow/stream_run', '/v1/workflow/stream_resume', '/v1/workflows/resume', '/v1/workflows/chat'];

/** A node of a scripted workflow as it appears in stream Message events. */
export interface NodeInfo {
  id: string;
  title: string;
  /** studio node_type display key. */
  type: string;
}

export const NODES = {
  output: { id: '135790', title: 'Output', type: 'Message' },
  answer: { id: '135791', title: 'Answer', type: 'Message' },
  question: { id: '246810', title: 'Question', type: 'Question' },
  input: { id: '246811', title: 'Input', type: 'Input' },
  llm: { id: '357913', title: 'LLM', type: 'LLM' },
  end: { id: '900001', title: 'End', type: 'End' },
} satisfies Record<string, NodeInfo>;

/** Token accounting reported for every run (sync usage, stream End message, history). */
export const USAGE = { input_count: 12, output_count: 30, token_count: 42 } as const;
