import * as vscode from 'vscode';
import type { RunMode, RunRequest } from '../../core/model/workflow';
import { CAPABILITIES } from '../../core/dialect';
import type { Dialect } from '../../core/model/workflow';
import { parseWorkflowRef } from '../../core/workflowRef';
import { CozeError } from '../../core/errors';
import { parseParametersText } from '../../core/model/validateParameters';
import type { RunManager } from '../run/runManager';
import type { Memento } from 'vscode';
import type { HistoryService } from '../history/historyService';
import { runIdOf, type RunRef } from './historyCommands';
import { notify } from '../notify';
import { statusLabel } from '../run/statusLabel';
import { displayStatus } from '../../core/model/runState';

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
  /** Open the editor with this text rather than what was last typed (a file just uploaded for an input). */
  parametersText?: string;
}

const LAST_WORKFLOW = 'coze.lastWorkflowId';

/**
 * Coze: Run Workflow — asks for the workflow id (or a pasted Coze URL) and opens its panel on the parameter
 * editor, ready to run. Given parameters (from a test, a history re-run or another command), it runs at
 * once and returns the run id.
 */
export async function runWorkflow(runs: RunManager, state: Memento, args: RunWorkflowArgs = {}): Promise<string | undefined> {
  let container: { appId?: string; botId?: string } = {};
  let workflowId = args.workflowId;
  if (!workflowId) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Run Workflow'),
      prompt: vscode.l10n.t('The workflow id, or paste the workflow URL from Coze (canvas, project or debug URL).'),
      value: state.get<string>(LAST_WORKFLOW, ''),
      ignoreFocusOut: true,
      validateInput: (v) =>
        parseWorkflowRef(v) ? undefined : vscode.l10n.t('Enter a workflow id (a long number like 7500000000000000101) or a Coze workflow URL.'),
    });
    const ref = text === undefined ? undefined : parseWorkflowRef(text);
    workflowId = ref?.workflowId;
    if (ref?.appId) container = { appId: ref.appId };
    else if (ref?.botId) container = { botId: ref.botId };
  }
  if (!workflowId) return undefined;
  let mode = args.mode ?? 'stream';
  let options = args.options ?? {};
  if (args.askOptions) {
    const asked = await askRunOptions(args.environmentId ? runs.environment(args.environmentId).dialect : runs.activeDialect());
    if (!asked) return undefined;
    ({ mode, options } = asked);
  }
  if (!options.botId && !options.appId) options = { ...options, ...container };
  await state.update(LAST_WORKFLOW, workflowId);
  const environment = args.environmentId ? runs.environment(args.environmentId) : runs.activeEnvironment();
  if (args.parameters === undefined) {
    runs.openEditor({ workflowId, environment, mode, options, ...(args.parametersText ? { parametersText: args.parametersText } : {}) });
    return undefined;
  }
  const parsed = typeof args.parameters === 'string' ? parseParametersText(args.parameters) : { value: args.parameters };
  if ('issue' in parsed)
    throw new CozeError({ kind: 'badRequest', message: vscode.l10n.t('The parameters are not a JSON object: {0}', parsed.issue.detail ?? parsed.issue.code) });
  const session = await runs.start({ workflowId, parameters: parsed.value, ...options }, mode, environment);
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
  const ask = (prompt: string, placeHolder: string) =>
    vscode.window.showInputBox({ title: vscode.l10n.t('Run options'), prompt, placeHolder, ignoreFocusOut: true });
  if (CAPABILITIES[dialect].draftRuns) {
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
 * from the recent runs that have one (this window's and the stored ones). Given a workflow (its item in the
 * Workflows view), the latest run of that workflow that has one.
 */
export async function openDebugUrl(runs: RunManager, history: HistoryService, ref?: RunRef | { workflowId: string }): Promise<string | undefined> {
  const workflowId = ref && 'workflowId' in ref ? ref.workflowId : undefined;
  const id = workflowId ? undefined : runIdOf(ref as RunRef);
  let url = workflowId ? undefined : id ? (runs.get(id)?.view.debugUrl ?? (await history.get(id))?.debugUrl) : runs.current()?.view.debugUrl;
  if (!url) {
    const ofWorkflow = (w: string) => !workflowId || w === workflowId;
    const recent = [
      ...runs
        .all()
        .filter((s) => s.view.debugUrl && ofWorkflow(s.request.workflowId))
        .map((s) => ({
          label: s.request.workflowId,
          description: `${statusLabel(displayStatus(s.view))} · ${s.environment.name}`,
          detail: s.view.debugUrl as string,
        })),
      ...(await history.list())
        .filter((e) => e.debugUrl && !runs.get(e.id) && ofWorkflow(e.workflowId))
        .map((e) => ({ label: e.workflowId, description: `${statusLabel(e.status)} · ${e.environmentName}`, detail: e.debugUrl as string })),
    ];
    if (recent.length === 0) {
      void notify.info(vscode.l10n.t('No run has a debug URL yet. Coze gives one when a run ends, fails or asks a question.'));
      return undefined;
    }
    // a workflow's latest run is the one meant; otherwise ask which
    url = workflowId ? recent[0]?.detail : (await vscode.window.showQuickPick(recent, { title: vscode.l10n.t('Open the debug URL of which run?') }))?.detail;
  }
  if (!url) return undefined;
  const opened = await Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url))).catch(() => false);
  if (!opened) {
    // the user declined the external-link prompt, or the browser could not open it: keep the URL at hand
    const copy = vscode.l10n.t('Copy URL');
    void notify.info(vscode.l10n.t('The debug URL was not opened: {0}', url), copy).then(async (c) => {
      if (c === copy) await vscode.env.clipboard.writeText(url);
    });
  }
  return url;
}
