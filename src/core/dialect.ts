/**
 * The two server families (reference §14): `cloud` is api.coze.cn / api.coze.com; `studio` is self-hosted
 * Coze Studio and its fork Coze Plus, which share one OpenAPI handler.
 */
export type Dialect = 'cloud' | 'studio';

export const DIALECTS: readonly Dialect[] = ['cloud', 'studio'];

/** What each family offers with an access token (reference §2). */
export const CAPABILITIES: Record<Dialect, { listWorkflows: boolean; inputSchema: boolean; nonStreamResume: boolean; asyncNeedsPaidPlan: boolean; resumeLimit?: number }> = {
  cloud: { listWorkflows: true, inputSchema: true, nonStreamResume: true, asyncNeedsPaidPlan: true, resumeLimit: 3 },
  studio: { listWorkflows: false, inputSchema: false, nonStreamResume: false, asyncNeedsPaidPlan: false },
};

export function runHistoryPath(dialect: Dialect, workflowId: string, executeId: string): { path: string; query?: Record<string, string> } {
  return dialect === 'cloud'
    ? { path: `/v1/workflows/${encodeURIComponent(workflowId)}/run_histories/${encodeURIComponent(executeId)}` }
    : { path: '/v1/workflow/get_run_history', query: { workflow_id: workflowId, execute_id: executeId } };
}
