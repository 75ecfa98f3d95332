import * as vscode from 'vscode';
import { initialParameters, withFileValue, type FormField } from '../../core/model/formFields';
import { parseParametersText } from '../../core/model/validateParameters';
import type { EnvironmentDef } from '../../core/environments';
import { parseWorkflowRef } from '../../core/workflowRef';
import type { RunManager } from '../run/runManager';
import { checkUploadableUri, type FileUploads } from '../files/fileUploads';
import type { ParameterForms } from '../params/parameterForms';
import type { LaunchSpec } from '../params/launchSpec';
import type { WorkflowStore } from '../workflows/workflowStore';
import { runOptionsOf, type SavedWorkflow } from '../../core/config/workflowsFile';
import { notify } from '../notify';
import { labelText } from '../untrustedText';

export interface UploadTarget {
  workflowId?: string;
  environmentId?: string;
  /** The input the file is for; asked when absent. */
  field?: string;
}

export interface UploadAsInputDeps {
  runs: RunManager;
  store: WorkflowStore;
  forms: ParameterForms;
  uploads: FileUploads;
}

const LAST_FILE_FIELD = 'coze.lastFileField';

/** The workflow the file is for: one of the saved ones, or an id or URL typed in. */
async function pickWorkflow(deps: UploadAsInputDeps, target: UploadTarget): Promise<LaunchSpec | undefined> {
  const envOf = (id?: string): EnvironmentDef => deps.runs.environment(id);
  const { workflows } = await deps.store.load();
  const specOf = (w: SavedWorkflow): LaunchSpec => ({ workflowId: w.id, environment: envOf(w.environment), mode: 'stream', options: runOptionsOf(w) });
  if (target.workflowId) {
    const saved = workflows.find((w) => w.id === target.workflowId && (!target.environmentId || !w.environment || w.environment === target.environmentId));
    return saved
      ? { ...specOf(saved), environment: envOf(target.environmentId ?? saved.environment) }
      : { workflowId: target.workflowId, environment: envOf(target.environmentId), mode: 'stream', options: {} };
  }
  const other = { label: vscode.l10n.t('$(edit) Another workflow (id or URL)…'), workflow: undefined as SavedWorkflow | undefined };
  const picked = await vscode.window.showQuickPick(
    [
      ...workflows.filter((w) => w.kind === 'workflow').map((w) => ({ label: labelText(w.name), description: w.id, workflow: w as SavedWorkflow | undefined })),
      other,
    ],
    { title: vscode.l10n.t('Upload as Workflow Input (1/2): which workflow?') },
  );
  if (!picked) return undefined;
  if (picked.workflow) return specOf(picked.workflow);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Upload as Workflow Input (1/2): which workflow?'),
    prompt: vscode.l10n.t('The workflow id, or paste the workflow URL from Coze (canvas, project or debug URL).'),
    validateInput: (v) =>
      parseWorkflowRef(v) ? undefined : vscode.l10n.t('Enter a workflow id (a long number like 7500000000000000101) or a Coze workflow URL.'),
  });
  const ref = text ? parseWorkflowRef(text) : undefined;
  return ref ? { workflowId: ref.workflowId, environment: envOf(), mode: 'stream', options: ref.appId ? { appId: ref.appId } : {} } : undefined;
}

/** The input the file goes to: the workflow's file inputs where the schema is known, else a name typed in. */
async function pickField(
  deps: UploadAsInputDeps,
  spec: LaunchSpec,
  target: UploadTarget,
  state: vscode.Memento,
): Promise<{ name: string; kind: 'file' | 'files'; fields?: FormField[] } | undefined> {
  const schema = await deps.forms.schema(spec);
  const fields = 'fields' in schema ? schema.fields : undefined;
  const fileFields = (fields ?? []).filter((f) => f.kind === 'file' || f.kind === 'files');
  const kindOf = (name: string) => (fileFields.find((f) => f.name === name)?.kind === 'files' ? 'files' : 'file') as 'file' | 'files';
  const withFields = (name: string) => ({ name, kind: kindOf(name), ...(fields ? { fields } : {}) });
  if (target.field) return withFields(target.field);
  if (fields && fileFields.length === 0) {
    void notify.warn(vscode.l10n.t('Workflow {0} has no file inputs. Its inputs: {1}.', spec.workflowId, fields.map((f) => f.name).join(', ') || '–'));
    return undefined;
  }
  if (fileFields.length === 1) return withFields(fileFields[0].name);
  if (fileFields.length > 1) {
    const picked = await vscode.window.showQuickPick(
      fileFields.map((f) => ({
        label: labelText(f.name),
        description: f.itemType ? `${f.type}<${f.itemType}>` : f.type,
        detail: f.description === undefined ? undefined : labelText(f.description),
        name: f.name,
      })),
      { title: vscode.l10n.t('Upload as Workflow Input (2/2): which input?') },
    );
    return picked ? withFields(picked.name) : undefined;
  }
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Upload as Workflow Input (2/2): which input?'),
    prompt: vscode.l10n.t("The name of the start node's file input (this server does not list a workflow's inputs)."),
    value: state.get<string>(LAST_FILE_FIELD, 'file'),
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t("Enter the input's name.")),
  });
  if (!name?.trim()) return undefined;
  await state.update(LAST_FILE_FIELD, name.trim());
  return withFields(name.trim());
}

/**
 * Coze: Upload as Workflow Input — from the Explorer's context menu (or a file dropped on a workflow in the
 * Workflows view): picks the workflow and its file input, uploads with progress and cancel (the same bytes
 * already uploaded to that environment are reused), and opens the workflow's panel with the input filled in.
 */
export async function uploadFileAsInput(
  deps: UploadAsInputDeps,
  state: vscode.Memento,
  uri?: vscode.Uri,
  selected?: readonly vscode.Uri[],
  target: UploadTarget = {},
): Promise<{ field: string; values: string[]; reused: boolean[] } | undefined> {
  let files = selected && selected.length > 0 ? [...selected] : uri ? [uri] : [];
  if (files.length === 0) files = (await vscode.window.showOpenDialog({ canSelectMany: true, title: vscode.l10n.t('Upload as Workflow Input') })) ?? [];
  if (files.length === 0) return undefined;
  // the extension's own checks (type, size, a file) come first: a file it will refuse asks no questions
  for (const file of files) await checkUploadableUri(file);
  const spec = await pickWorkflow(deps, target);
  if (!spec) return undefined;
  const field = await pickField(deps, spec, target, state);
  if (!field) return undefined;
  if (field.kind === 'file') files = files.slice(0, 1);
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Uploading to {0}', spec.environment.name), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const out = [];
        for (const [i, file] of files.entries()) {
          let reported = 0;
          const name = file.path.slice(file.path.lastIndexOf('/') + 1);
          out.push(
            await deps.uploads.uploadUri(spec.environment, file, {
              signal: abort.signal,
              onProgress: (sent, total) => {
                const pct = Math.floor(((i + sent / Math.max(total, 1)) / files.length) * 100);
                progress.report({ message: `${name} ${Math.floor((sent / Math.max(total, 1)) * 100)}%`, increment: pct - reported });
                reported = pct;
              },
            }),
          );
        }
        return out;
      } finally {
        sub.dispose();
      }
    },
  );
  // the editor opens with what was last typed for the workflow (or its defaults), the file filled in
  const remembered = deps.forms.remembered(spec.workflowId);
  const parsed = remembered ? parseParametersText(remembered) : undefined;
  let params: Record<string, unknown> = parsed && 'value' in parsed ? parsed.value : initialParameters(field.fields ?? []);
  for (const r of results) params = withFileValue(params, field.name, field.kind, r.value);
  const text = JSON.stringify(params, null, 2);
  await deps.forms.remember(spec.workflowId, text);
  deps.runs.openEditor({ ...spec, parametersText: text });
  const reused = results.filter((r) => r.reused).length;
  void vscode.window.setStatusBarMessage(
    reused === results.length
      ? vscode.l10n.t('Already uploaded to {0}: reused.', spec.environment.name)
      : vscode.l10n.t('Uploaded to {0}.', spec.environment.name),
    5_000,
  );
  return { field: field.name, values: results.map((r) => r.value), reused: results.map((r) => r.reused) };
}
