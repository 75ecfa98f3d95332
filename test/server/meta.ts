/**
 * Metadata: cloud GET /v1/workflows/{id} (§9.1), GET /v1/workflows (§9.3), GET /v1/workspaces (§9.4);
 * studio GET /v1/workflows/{id} (§9.2: chatflow role only).
 */
import { CLOUD_USER_ID, SPACE_ID, TEAM_SPACE_ID, WORKFLOWS } from './constants';
import { CATALOGUE, findWorkflow } from './catalogue';
import type { WorkflowDef } from './catalogue';
import type { RequestCtx } from './context';

const CREATOR = { id: CLOUD_USER_ID, name: 'local-demo' };

function detail(w: WorkflowDef, stringTimes: boolean): Record<string, unknown> {
  return {
    workflow_id: w.id,
    workflow_name: w.name,
    description: w.description,
    icon_url: '',
    app_id: w.appId ?? '0',
    created_at: stringTimes ? String(w.createdAt) : w.createdAt,
    updated_at: stringTimes ? String(w.updatedAt) : w.updatedAt,
    creator: CREATOR,
  };
}

function outputSchema(w: WorkflowDef): Record<string, unknown> {
  const key = w.id === WORKFLOWS.slowJob ? 'Output' : 'output';
  return { parameters: { [key]: { type: 'string' } }, terminate_plan: 'return_variables' };
}

/** cloud GET /v1/workflows/{id}[?include_input_output=true] */
export function handleCloudWorkflowInfo(rc: RequestCtx, id: string): void {
  const w = findWorkflow(id);
  if (!w) return rc.reply.error(4200, `workflow not found: ${id}`);
  const data: Record<string, unknown> = { workflow_detail: detail(w, false) };
  if (rc.query.include_input_output === 'true') {
    data.input = { parameters: w.inputs };
    data.output = outputSchema(w);
  }
  rc.reply.ok({ data });
}

function intQuery(rc: RequestCtx, name: string, def: number, min: number, max: number): number | null {
  const raw = rc.query[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    rc.reply.error(4000, `Request parameter error: ${name} must be an integer from ${min} to ${max}`);
    return null;
  }
  return n;
}

/** cloud GET /v1/workflows?workspace_id=&page_num=&page_size=&workflow_mode=&publish_status=&app_id= */
export function handleCloudList(rc: RequestCtx): void {
  const ws = rc.query.workspace_id;
  if (!ws) return rc.reply.error(4000, 'Request parameter error: workspace_id is required');
  if (ws !== SPACE_ID && ws !== TEAM_SPACE_ID) return rc.reply.error(4000, `Request parameter error: workspace ${ws} not found`);
  const pageNum = intQuery(rc, 'page_num', 1, 1, 1e6);
  const pageSize = pageNum === null ? null : intQuery(rc, 'page_size', 10, 1, 30);
  if (pageNum === null || pageSize === null) return;
  const mode = rc.query.workflow_mode;
  const status = rc.query.publish_status ?? 'published_online';
  const appId = rc.query.app_id;
  const all =
    ws !== SPACE_ID
      ? []
      : CATALOGUE.filter((w) => {
          if (appId && appId !== '0' && w.appId !== appId) return false;
          if (mode && mode !== w.kind) return false;
          if (status === 'all') return true;
          if (status === 'unpublished_draft') return !w.published;
          return w.published;
        });
  const start = (pageNum - 1) * pageSize;
  const items = all.slice(start, start + pageSize).map((w) => detail(w, true));
  rc.reply.ok({ data: { items, has_more: start + pageSize < all.length } });
}

/** The published versions every published workflow has, newest first (cloud GET /v1/workflows/{id}/versions). */
export const VERSIONS = ['v0.0.3', 'v0.0.2', 'v0.0.1'];

/** cloud GET /v1/workflows/{id}/versions?publish_status=&page_size=&page_token= (§9.5) */
export function handleCloudVersions(rc: RequestCtx, id: string): void {
  const w = findWorkflow(id);
  if (!w) return rc.reply.error(4200, `workflow not found: ${id}`);
  const pageSize = intQuery(rc, 'page_size', 10, 1, 30);
  if (pageSize === null) return;
  const start = rc.query.page_token ? Number(rc.query.page_token) : 0;
  if (!Number.isInteger(start) || start < 0) return rc.reply.error(4000, 'Request parameter error: page_token is not one this server gave');
  const all = w.published
    ? VERSIONS.map((version, i) => ({
        version,
        description: `release ${VERSIONS.length - i}`,
        created_at: String(w.updatedAt + (VERSIONS.length - i) * 86400),
        updated_at: String(w.updatedAt + (VERSIONS.length - i) * 86400),
        workflow_id: w.id,
        creator: CREATOR,
      }))
    : [];
  const items = all.slice(start, start + pageSize);
  const more = start + pageSize < all.length;
  rc.reply.ok({ data: { items, has_more: more, ...(more ? { next_page_token: String(start + pageSize) } : {}) } });
}

const WORKSPACES = [
  {
    id: SPACE_ID,
    name: 'Personal',
    icon_url: '',
    role_type: 'owner',
    workspace_type: 'personal',
    enterprise_id: '',
    owner_uid: CLOUD_USER_ID,
    description: 'Your personal workspace on the local Coze server',
  },
  {
    id: TEAM_SPACE_ID,
    name: 'Local Team',
    icon_url: '',
    role_type: 'member',
    workspace_type: 'team',
    enterprise_id: '',
    owner_uid: '2100000000000002',
    admin_uids: ['2100000000000002'],
    description: 'A team workspace with no workflows',
    joined_status: 'joined',
  },
];

/** cloud GET /v1/workspaces?page_num=&page_size= */
export function handleWorkspaces(rc: RequestCtx): void {
  const pageNum = intQuery(rc, 'page_num', 1, 1, 1e6);
  const pageSize = pageNum === null ? null : intQuery(rc, 'page_size', 20, 1, 50);
  if (pageNum === null || pageSize === null) return;
  const start = (pageNum - 1) * pageSize;
  rc.reply.ok({ data: { workspaces: WORKSPACES.slice(start, start + pageSize), total_count: WORKSPACES.length } });
}

/** studio GET /v1/workflows/{id}: the chatflow role; 777777780 for anything else. */
export function handleStudioRole(rc: RequestCtx, id: string): void {
  const w = findWorkflow(id);
  if (!w || w.kind !== 'chatflow') {
    return rc.reply.error(777777780, `chatflow role operation failure: ${w ? `workflow ${id} is not a chatflow` : `workflow ${id} not found`}`);
  }
  rc.reply.json(200, {
    data: {
      role: {
        id: '7900000000000000001',
        workflow_id: w.id,
        connector_id: '1024',
        avatar: { image_uri: '', image_url: '' },
        description: w.description,
        onboarding_info: {
          prologue: 'Hi! Tell me something and I will repeat it.',
          suggested_questions: ['Hello there', 'Please ask me a question'],
          display_all_suggestions: false,
        },
        name: w.name,
        suggest_reply_info: null,
        background_image_info: null,
        audio_config: null,
        user_input_config: null,
        project_version: '',
      },
    },
    BaseResp: null,
  });
}
