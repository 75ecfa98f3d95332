import * as vscode from 'vscode';
import type { RunMode, RunRequest } from '../../core/client/types';
import type { Dialect } from '../../core/dialect';
import { parseWorkflowRef } from '../../core/workflowRef';
import { CozeError } from '../../core/errors';
import type { RunManager } from '../run/runManager';
import type { Memento } from 'vscode';
import type { HistoryService } from '../history/historyService';
import { runIdOf, type RunRef } from './historyCommands';

export interface RunWorkflowArgs {
  workflowId?: string;
  parameters?: Record<string, unknown> | string;
  mode?: RunMode;
  /** Ask for the mode and the dialect's run options (Run Workflow…). */
  askOptions?: boolean;
  /** Run options given directly (saved workflows, tests). */
  options?: Pick<RunRequest, 'workflowVersion' | 'connectorId' | 'executeMode' | 'version' | 'botId' | 'appId' | 'ext'>;
  /** Run on this environment rather than the active one (a saved workflow's). */
  environmentId?: string;
  /** What the parameters prompt starts with when nothing was remembered (a saved preset). */
  defaultParameters?: Record<string, unknown>;
}

const LAST_WORKFLOW = 'coze.lastWorkflowId';
const lastParamsKey = (id: string) => `coze.lastParameters.${id}`;

function parseParameters(text: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return vscode.l10n.t('The parameters must be a JSON object, like {"name": "value"}.');
    return v as Record<string, unknown>;
  } catch (e) {
    return vscode.l10n.t('Not valid JSON: {0}', e instanceof Error ? e.message : String(e));
  }
}

/**
 * Coze: Run Workflow — asks for the workflow id and the parameters (JSON, checked as you type so nothing
 * typed is lost to a mistake), remembers both per workflow, and starts a streamed run in a panel.
 * Returns the run id.
 */
export async function runWorkflow(runs: RunManager, state: Memento, args: RunWorkflowArgs = {}): Promise<string | undefined> {
  let appId: string | undefined;
  let workflowId = args.workflowId;
  if (!workflowId) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Run Workflow (1/2)'),
      prompt: vscode.l10n.t('The workflow id, or paste the workflow URL from Coze (canvas, project or debug URL).'),
      value: state.get<string>(LAST_WORKFLOW, ''),
      ignoreFocusOut: true,
      validateInput: (v) => (parseWorkflowRef(v) ? undefined : vscode.l10n.t('Enter a workflow id (a long number like 7500000000000000101) or a Coze workflow URL.')),
    });
    const ref = text === undefined ? undefined : parseWorkflowRef(text);
    workflowId = ref?.workflowId;
    appId = ref?.appId;
  }
  if (!workflowId) return undefined;
  let parameters: Record<string, unknown>;
  if (args.parameters !== undefined) {
    const parsed = typeof args.parameters === 'string' ? parseParameters(args.parameters) : args.parameters;
    if (typeof parsed === 'string') throw new CozeError({ kind: 'badRequest', message: parsed });
    parameters = parsed;
  } else {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Run Workflow (2/2)'),
      prompt: vscode.l10n.t('Parameters of the start node, as a JSON object.'),
      value: state.get<string>(lastParamsKey(workflowId)) ?? (args.defaultParameters ? JSON.stringify(args.defaultParameters, null, 1) : '{}'),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parseParameters(v);
        return typeof r === 'string' ? r : undefined;
      },
    });
    if (text === undefined) return undefined;
    parameters = parseParameters(text) as Record<string, unknown>;
  }
  let mode = args.mode ?? 'stream';
  let options = args.options ?? {};
  if (args.askOptions) {
    const asked = await askRunOptions(runs.activeDialect());
    if (!asked) return undefined;
    ({ mode, options } = asked);
  }
  await state.update(LAST_WORKFLOW, workflowId);
  await state.update(lastParamsKey(workflowId), JSON.stringify(parameters));
  const session = await runs.start({ workflowId, parameters, ...(appId && !options.botId ? { appId } : {}), ...options }, mode, args.environmentId ? runs.environment(args.environmentId) : undefined);
  return session.id;
}

/** Run Workflow…: the mode, then what the server family lets a run choose (Studio: draft or a version; cloud: version, channel). */
async function askRunOptions(dialect: Dialect): Promise<{ mode: RunMode; options: NonNullable<RunWorkflowArgs['options']> } | undefined> {
  const modes: { label: string; detail: string; mode: RunMode }[] = [
    { label: vscode.l10n.t('Stream'), detail: vscode.l10n.t('Events as they happen, node by node (stream_run).'), mode: 'stream' },
    { label: vscode.l10n.t('Sync'), detail: vscode.l10n.t('Wait for the result (run); cloud cuts the connection after 90 s.'), mode: 'sync' },
    { label: vscode.l10n.t('Async'), detail: vscode.l10n.t('Start it and poll its history until it ends (is_async; cloud needs a paid plan).'), mode: 'async' },
  ];
  const picked = await vscode.window.showQuickPick(modes, { title: vscode.l10n.t('Run mode') });
  if (!picked) return undefined;
  const options: NonNullable<RunWorkflowArgs['options']> = {};
  const ask = (prompt: string, placeHolder: string) => vscode.window.showInputBox({ title: vscode.l10n.t('Run options'), prompt, placeHolder, ignoreFocusOut: true });
  if (dialect === 'studio') {
    const draft = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('Published version'), value: '' },
        { label: vscode.l10n.t('Draft (execute_mode DEBUG)'), value: 'DEBUG' },
      ],
      { title: vscode.l10n.t('Run options') },
    );
    if (!draft) return undefined;
    if (draft.value) options.executeMode = draft.value;
    const version = await ask(vscode.l10n.t('Version to run (empty for the latest)'), 'v0.0.1');
    if (version === undefined) return undefined;
    if (version.trim()) options.version = version.trim();
  } else {
    const version = await ask(vscode.l10n.t('workflow_version (empty for the latest; library workflows only)'), 'v0.0.1');
    if (version === undefined) return undefined;
    if (version.trim()) options.workflowVersion = version.trim();
    const connector = await ask(vscode.l10n.t('connector_id (empty for the API channel, 1024)'), '1024');
    if (connector === undefined) return undefined;
    if (connector.trim()) options.connectorId = connector.trim();
  }
  return { mode: picked.mode, options };
}

/**
 * Coze: Open Debug URL — the given run's (a history item, or {runId}), else the current run's, else one picked
 * from the recent runs that have one (this window's and the stored ones).
 */
export async function openDebugUrl(runs: RunManager, history: HistoryService, ref?: RunRef): Promise<string | undefined> {
  const id = runIdOf(ref);
  let url = id ? runs.get(id)?.view.debugUrl ?? (await history.get(id))?.debugUrl : runs.current()?.view.debugUrl;
  if (!url) {
    const recent = [
      ...runs.all().filter((s) => s.view.debugUrl).map((s) => ({ label: s.request.workflowId, description: `${s.view.status} · ${s.environment.name}`, detail: s.view.debugUrl as string })),
      ...(await history.list()).filter((e) => e.debugUrl && !runs.get(e.id)).map((e) => ({ label: e.workflowId, description: `${e.status} · ${e.environmentName}`, detail: e.debugUrl as string })),
    ];
    if (recent.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No run has a debug URL yet. Coze gives one when a run ends, fails or asks a question.'));
      return undefined;
    }
    url = (await vscode.window.showQuickPick(recent, { title: vscode.l10n.t('Open the debug URL of which run?') }))?.detail;
  }
  if (!url) return undefined;
  const opened = await Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url))).catch(() => false);
  if (!opened) {
    // the user declined the external-link prompt, or the browser could not open it: keep the URL at hand
    const copy = vscode.l10n.t('Copy URL');
    void vscode.window.showInformationMessage(vscode.l10n.t('The debug URL was not opened: {0}', url), copy).then(async (c) => {
      if (c === copy) await vscode.env.clipboard.writeText(url);
    });
  }
  return url;
}
