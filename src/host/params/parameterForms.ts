import * as vscode from 'vscode';
import { CAPABILITIES } from '../../core/dialect';
import { fieldsFromSchema, initialParameters, type FormField } from '../../core/model/formFields';
import type { SavedWorkflow } from '../../core/config/workflowsFile';
import type { FormInit } from '../../shared/protocol';
import type { ClientFactory } from '../clientFactory';
import type { WorkflowStore } from '../workflows/workflowStore';
import type { WorkflowNames } from '../workflows/workflowNames';
import type { Log } from '../log';
import type { LaunchSpec } from './launchSpec';

const SCHEMA_TTL_MS = 5 * 60_000;
const lastParamsKey = (workflowId: string) => `coze.lastParameters.${workflowId}`;

type Schema = { fields: FormField[] } | { note: string };

/**
 * What the parameter editor of a run panel starts from: the workflow's input schema (cloud gives it with
 * include_input_output; Coze Studio has no such call for tokens), the text last typed for the workflow,
 * and its presets in `.coze/workflows.json`.
 */
export class ParameterForms {
  private readonly schemas = new Map<string, { at: number; schema: Promise<Schema> }>();

  constructor(
    private readonly clients: ClientFactory,
    private readonly store: WorkflowStore,
    private readonly state: vscode.Memento,
    private readonly log: Log,
    private readonly names: WorkflowNames,
  ) {}

  /** The form's fields, fetched once per workflow and environment every few minutes. */
  schema(spec: LaunchSpec): Promise<Schema> {
    const key = `${spec.environment.id}#${spec.workflowId}`;
    const cached = this.schemas.get(key);
    if (cached && Date.now() - cached.at < SCHEMA_TTL_MS) return cached.schema;
    const schema = this.fetchSchema(spec);
    this.schemas.set(key, { at: Date.now(), schema });
    // a failure is not kept: the next panel asks again
    void schema.then((s) => 'note' in s && this.schemas.delete(key));
    return schema;
  }

  private async fetchSchema(spec: LaunchSpec): Promise<Schema> {
    if (!CAPABILITIES[spec.environment.dialect].inputSchema) {
      return {
        note: vscode.l10n.t(
          "Coze Studio does not tell a workflow's inputs to a token: write the parameters as JSON. Files dropped below are uploaded and inserted by name.",
        ),
      };
    }
    try {
      const { client } = await this.clients.forEnvironment(spec.environment);
      const info = await client.getWorkflowInfo(spec.workflowId, { includeInputOutput: true });
      void this.names.remember(spec.environment.id, spec.workflowId, info.name);
      if (!info.inputs) return { note: vscode.l10n.t("Coze did not return this workflow's inputs: write the parameters as JSON.") };
      return { fields: fieldsFromSchema(info.inputs) };
    } catch (e) {
      this.log.warn('params', `no input schema for ${spec.workflowId}: ${e instanceof Error ? e.message : String(e)}`);
      return {
        note: vscode.l10n.t("The workflow's inputs could not be read ({0}): write the parameters as JSON.", e instanceof Error ? e.message : String(e)),
      };
    }
  }

  remembered(workflowId: string): string | undefined {
    return this.state.get<string>(lastParamsKey(workflowId));
  }

  async remember(workflowId: string, text: string): Promise<void> {
    await this.state.update(lastParamsKey(workflowId), text);
  }

  private matches(spec: LaunchSpec) {
    return (w: SavedWorkflow) => w.id === spec.workflowId && (!w.environment || w.environment === spec.environment.id);
  }

  async presets(spec: LaunchSpec): Promise<FormInit['presets']> {
    const { workflows } = await this.store.load();
    const saved = workflows.find(this.matches(spec));
    return Object.entries(saved?.presets ?? {}).map(([name, parameters]) => ({ name, parameters }));
  }

  /** The editor's state for a panel: `withSchema` waits for the schema (the form), else raw JSON for now. */
  async formInit(spec: LaunchSpec, expanded: boolean, withSchema: boolean): Promise<FormInit> {
    const schema = withSchema ? await this.schema(spec) : undefined;
    const presets = await this.presets(spec);
    const fields = schema && 'fields' in schema ? schema.fields : undefined;
    const text =
      spec.parametersText ?? this.remembered(spec.workflowId) ?? JSON.stringify(presets[0]?.parameters ?? (fields ? initialParameters(fields) : {}), null, 2);
    return {
      workflowId: spec.workflowId,
      environmentName: spec.environment.name,
      dialect: spec.environment.dialect,
      text,
      presets,
      maxRequestBytes: CAPABILITIES[spec.environment.dialect].maxRequestBytes,
      expanded,
      ...(fields ? { fields } : {}),
      ...(schema && 'note' in schema ? { schemaNote: schema.note } : {}),
    };
  }

  /** Saves parameters as a named preset of the workflow in `.coze/` (adding the workflow to the list if needed). */
  async savePreset(spec: LaunchSpec, parameters: Record<string, unknown>): Promise<string | undefined> {
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Save Parameters as Preset'),
      prompt: vscode.l10n.t('A name for these parameters; the preset is kept with the workflow in .coze/workflows.json.'),
      value: 'default',
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
    });
    if (!name?.trim()) return undefined;
    const matches = this.matches(spec);
    await this.store.update((list) => {
      const i = list.findIndex(matches);
      const base: SavedWorkflow = i >= 0 ? list[i] : { id: spec.workflowId, name: spec.workflowId, kind: 'workflow', environment: spec.environment.id };
      const next = { ...base, presets: { ...base.presets, [name.trim()]: parameters } };
      return i >= 0 ? list.map((w, j) => (j === i ? next : w)) : [...list, next];
    });
    return name.trim();
  }
}
