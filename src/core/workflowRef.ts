/** What a pasted workflow id or Coze URL tells: the workflow, and where it lives. */
export interface WorkflowRef {
  workflowId: string;
  spaceId?: string;
  /** The app (project) of a project-ide URL: runs of app workflows need app_id. */
  appId?: string;
  /** The agent (bot) of an agent URL or a `bot_id=` parameter: workflows used in an agent run with bot_id. */
  botId?: string;
  /** The site the URL came from, e.g. www.coze.cn (to suggest the environment). */
  host?: string;
}

const ID = /^\d{5,25}$/;

/**
 * Reads a bare workflow id or any Coze workflow URL: the canvas (`/work_flow?workflow_id=…&space_id=…`),
 * a space path (`/space/<space>/workflow/<id>`), a project IDE (`/space/<space>/project-ide/<app>/workflow/<id>`
 * or `?project_id=`), a debug URL, on coze.cn, coze.com or a self-hosted Studio. Undefined when no id is found.
 */
export function parseWorkflowRef(text: string): WorkflowRef | undefined {
  const input = text.trim();
  if (ID.test(input)) return { workflowId: input };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  const q = url.searchParams;
  const segments = url.pathname.split('/').filter(Boolean);
  const after = (name: string) => {
    const i = segments.findIndex((s) => s === name);
    const v = i >= 0 ? segments[i + 1] : undefined;
    return v && ID.test(v) ? v : undefined;
  };
  const workflowId = [q.get('workflow_id'), q.get('workflowId'), after('workflow'), after('work_flow')].find((v) => v && ID.test(v));
  if (!workflowId) return undefined;
  const ref: WorkflowRef = { workflowId, host: url.host };
  const spaceId = [q.get('space_id'), q.get('spaceId'), after('space')].find((v) => v && ID.test(v));
  if (spaceId) ref.spaceId = spaceId;
  const appId = [after('project-ide'), q.get('project_id'), q.get('app_id')].find((v) => v && ID.test(v) && v !== '0');
  if (appId) ref.appId = appId;
  else {
    const botId = [after('bot'), q.get('bot_id')].find((v) => v && ID.test(v) && v !== '0');
    if (botId) ref.botId = botId;
  }
  return ref;
}

/**
 * Reads where a chatflow lives, as the user pastes it when asked: an id, or a Coze URL of the app (project
 * IDE, `/space/<space>/project-ide/<app>`) or of the agent (`/space/<space>/bot/<bot>`). `kind` says what a
 * bare id is. Undefined when the text names neither.
 */
export function parseContainerRef(text: string, kind: 'app' | 'bot'): { appId: string } | { botId: string } | undefined {
  const input = text.trim();
  if (ID.test(input)) return kind === 'app' ? { appId: input } : { botId: input };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const after = (name: string) => {
    const v = segments[segments.indexOf(name) + 1];
    return segments.includes(name) && v && ID.test(v) ? v : undefined;
  };
  const appId = after('project-ide') ?? url.searchParams.get('project_id') ?? url.searchParams.get('app_id');
  if (appId && ID.test(appId) && appId !== '0') return { appId };
  const botId = after('bot') ?? url.searchParams.get('bot_id');
  if (botId && ID.test(botId) && botId !== '0') return { botId };
  return undefined;
}
