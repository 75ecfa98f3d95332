import { withFileValue, type FormField } from '../../core/model/formFields';
import { parseParametersText, validateParameters, type ParamIssue } from '../../core/model/validateParameters';
import type { FormInit, StringKey, UploadState } from '../../shared/protocol';
import { button, el, format, formatBytes } from '../shared/dom';
import { vscodeApi } from '../shared/vscodeApi';
import { renderField, type FieldHost, type FieldWidget } from './fieldInputs';
import { chooseFile, makeDropZone, uploadDropped } from './fileDrop';

/**
 * The parameter editor above the run: a form generated from the input schema and the raw JSON, two views
 * of the same parameters kept in sync; checked before anything is sent, with the messages at the fields.
 * What is typed goes to the host as a draft, so closing the panel or a failed run loses nothing.
 */
export class ParamEditor {
  readonly root = el('details', 'editor');
  private form: FormInit | undefined;
  /** The parameters; undefined while the JSON text does not parse. */
  private params: Record<string, unknown> | undefined;
  private text = '';
  private tab: 'form' | 'json' = 'form';
  private readonly widgets = new Map<string, FieldWidget>();
  private readonly typedProblems = new Map<string, string>();
  private readonly fileNames = new Map<string, string>();
  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly summaryNote = el('span', 'summary-note');
  /** The tab the person picked; until they pick one, the form shows as soon as there is one. */
  private chosenTab: 'form' | 'json' | undefined;
  private readonly formTab = button('', () => this.showTab((this.chosenTab = 'form')), 'tab');
  private readonly jsonTab = button('', () => this.showTab((this.chosenTab = 'json')), 'tab');
  private readonly presetSelect = el('select', 'preset');
  private readonly saveButton = button('', () => vscodeApi.postMessage({ type: 'savePreset', parameters: this.text }), 'button secondary');
  private readonly schemaNote = el('p', 'schema-note');
  private readonly fieldsBox = el('div', 'fields');
  private readonly jsonBox = el('div', 'json-view');
  private readonly jsonArea = el('textarea', 'params-json');
  private readonly jsonHint = el('p', 'json-hint');
  private readonly genericBox = el('div', 'generic-drop');
  private readonly genericName = el('input', 'field-input generic-name');
  private readonly genericMessage = el('div', 'field-message');
  private readonly issuesBox = el('div', 'form-issues');
  private readonly runButton = button('', () => this.run(), 'button run');

  constructor(private readonly t: (k: StringKey) => string) {
    const summary = el('summary', 'editor-summary');
    summary.append(el('span', 'editor-title', t('form.title')), this.summaryNote);
    this.root.id = 'editor';
    this.formTab.id = 'tab-form';
    this.jsonTab.id = 'tab-json';
    this.presetSelect.id = 'preset';
    this.saveButton.id = 'save-preset';
    this.jsonArea.id = 'params-json';
    this.jsonArea.spellcheck = false;
    this.issuesBox.id = 'form-issues';
    this.runButton.id = 'run';
    this.genericName.id = 'generic-field';
    this.genericName.value = 'file';
    this.formTab.textContent = t('form.form');
    this.jsonTab.textContent = t('form.json');
    this.saveButton.textContent = t('form.savePreset');
    this.runButton.textContent = t('form.run');
    this.jsonHint.textContent = t('form.jsonHint');
    const toolbar = el('div', 'editor-toolbar');
    toolbar.append(this.formTab, this.jsonTab, this.presetSelect, this.saveButton);
    this.jsonBox.append(this.jsonArea, this.jsonHint);
    this.buildGenericDrop();
    const runRow = el('div', 'run-row');
    runRow.append(this.runButton);
    this.root.append(summary, toolbar, this.schemaNote, this.fieldsBox, this.jsonBox, this.genericBox, this.issuesBox, runRow);
    this.jsonArea.addEventListener('input', () => this.onJsonInput());
    this.root.addEventListener('focusout', () => this.draftTimer && this.flushDraft());
    this.presetSelect.addEventListener('change', () => this.applyPreset());
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.run();
      }
    });
  }

  /** Without a schema (Coze Studio): one drop zone, the file goes into the input named beside it. */
  private buildGenericDrop(): void {
    const zone = el('div', 'dropzone');
    zone.id = 'drop-generic';
    const label = el('label', 'field-label', this.t('form.fileParam'));
    label.htmlFor = this.genericName.id;
    const row = el('div', 'drop-row');
    const name = () => this.genericName.value.trim() || 'file';
    row.append(
      el('span', 'drop-text', this.t('form.dropHere')),
      button(this.t('form.chooseFile'), () => chooseFile(name(), false), 'button secondary choose-file'),
    );
    zone.append(row);
    makeDropZone(zone, (items) => uploadDropped(items, name(), false));
    this.genericMessage.id = 'message-generic';
    this.genericBox.append(label, this.genericName, zone, this.genericMessage);
  }

  /**
   * The editor from the host: the first time it sets the text; later (the schema arrived, so the defaults are
   * known) it takes the host's new text only while nothing was typed since, and keeps what was typed.
   */
  show(form: FormInit): void {
    const previous = this.form;
    this.form = form;
    if (!previous || (this.text === previous.text && form.text !== previous.text)) this.setText(form.text);
    if (!previous) this.root.open = form.expanded;
    this.summaryNote.textContent = ` · ${form.workflowId} · ${form.environmentName}`;
    const note = form.schemaNote ?? (form.loadingSchema ? this.t('form.loadingSchema') : '');
    this.schemaNote.textContent = note;
    this.schemaNote.hidden = !note;
    this.presetSelect.replaceChildren(el('option', undefined, this.t('form.presetNone')), ...form.presets.map((p) => el('option', undefined, p.name)));
    this.presetSelect.hidden = form.presets.length === 0;
    this.buildFields(form.fields);
    this.showTab(form.fields ? (this.chosenTab ?? 'form') : 'json');
  }

  private buildFields(fields: FormField[] | undefined): void {
    this.widgets.clear();
    const host: FieldHost = {
      t: this.t,
      value: (name) => this.params?.[name],
      set: (name, value) => this.setField(name, value),
      typed: (name, problem) => {
        if (problem) this.typedProblems.set(name, problem);
        else this.typedProblems.delete(name);
        this.widgets.get(name)?.message(problem ?? '', 'issue');
      },
      fileName: (value) => this.fileNames.get(value),
      uploading: (name) => this.widgets.get(name)?.message('', 'info'),
    };
    const widgets = (fields ?? []).map((f) => renderField(f, host));
    for (const [i, w] of widgets.entries()) this.widgets.set((fields as FormField[])[i].name, w);
    this.fieldsBox.replaceChildren(...(fields && fields.length === 0 ? [el('p', 'no-fields', this.t('form.noFields'))] : widgets.map((w) => w.root)));
    this.refreshFields();
  }

  private showTab(tab: 'form' | 'json'): void {
    const hasForm = Boolean(this.form?.fields);
    this.tab = hasForm ? tab : 'json';
    this.formTab.hidden = !hasForm;
    this.jsonTab.hidden = !hasForm;
    this.formTab.classList.toggle('selected', this.tab === 'form');
    this.jsonTab.classList.toggle('selected', this.tab === 'json');
    this.fieldsBox.hidden = this.tab !== 'form';
    this.jsonBox.hidden = this.tab !== 'json';
    this.genericBox.hidden = hasForm;
    if (this.tab === 'form') this.refreshFields();
  }

  private setText(text: string): void {
    this.text = text;
    if (document.activeElement !== this.jsonArea) this.jsonArea.value = text;
    const parsed = parseParametersText(text);
    this.params = 'value' in parsed ? parsed.value : undefined;
  }

  private setParams(params: Record<string, unknown>): void {
    this.params = params;
    this.text = JSON.stringify(params, null, 2);
    this.jsonArea.value = this.text;
    this.refreshFields();
    this.saveDraft();
  }

  private setField(name: string, value: unknown): void {
    const next = { ...(this.params ?? {}) };
    if (value === undefined) delete next[name];
    else next[name] = value;
    this.setParams(next);
  }

  private refreshFields(): void {
    for (const w of this.widgets.values()) w.refresh();
  }

  private onJsonInput(): void {
    this.text = this.jsonArea.value;
    const parsed = parseParametersText(this.text);
    this.params = 'value' in parsed ? parsed.value : undefined;
    this.showIssues('issue' in parsed ? [parsed.issue] : []);
    this.saveDraft();
  }

  private applyPreset(): void {
    const preset = this.form?.presets.find((p) => p.name === this.presetSelect.value);
    if (preset) this.setParams(structuredClone(preset.parameters));
    this.presetSelect.selectedIndex = 0;
  }

  private saveDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.flushDraft(), 300);
  }

  private flushDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    vscodeApi.postMessage({ type: 'draft', parameters: this.text });
  }

  private describe(issue: ParamIssue): string {
    const template = this.t(`issue.${issue.code}`);
    return format(template, issue.detail ?? '');
  }

  /** Issues at their fields (in the form); the others, and all of them in the JSON view, in the list below. */
  showIssues(issues: ParamIssue[]): void {
    for (const [name, w] of this.widgets) w.message(this.typedProblems.get(name) ?? '', 'issue');
    const listed: string[] = [];
    for (const issue of issues) {
      const w = issue.field !== undefined ? this.widgets.get(issue.field) : undefined;
      if (w) w.message(this.describe(issue), 'issue');
      if (!w || this.tab === 'json') listed.push(issue.field ? `${issue.field}: ${this.describe(issue)}` : this.describe(issue));
    }
    this.issuesBox.replaceChildren(...listed.map((m) => el('p', 'issue', m)));
  }

  /** Checks, then asks the host to run; the host checks again. */
  run(): void {
    if (!this.form || this.runButton.disabled) return;
    this.flushDraft();
    const parsed = parseParametersText(this.text);
    const issues = 'issue' in parsed ? [parsed.issue] : validateParameters(parsed.value, this.form.fields, this.form.maxRequestBytes);
    const typed = [...this.typedProblems.keys()].map((field): ParamIssue => ({ field, code: 'type' }));
    this.showIssues(issues);
    if (issues.length > 0 || typed.length > 0) {
      this.root.open = true;
      this.root.querySelector<HTMLElement>('.field.invalid input, .field.invalid textarea, .field.invalid select')?.focus();
      return;
    }
    vscodeApi.postMessage({ type: 'run', parameters: this.text });
  }

  /** A run in this panel is under way (Run waits) or has run (Run Again). */
  setRunState(active: boolean, hasRun: boolean): void {
    this.runButton.disabled = active;
    this.runButton.textContent = this.t(hasRun ? 'form.runAgain' : 'form.run');
  }

  onUpload(u: UploadState): void {
    const field = this.form?.fields?.find((f) => f.name === u.field);
    const say = (text: string, kind: 'issue' | 'info') => {
      const w = this.widgets.get(u.field);
      if (w) w.message(text, kind);
      else {
        this.genericMessage.textContent = text;
        this.genericMessage.className = `field-message ${kind}`;
      }
    };
    if (u.state === 'uploading') {
      const progress = u.totalBytes ? `${formatBytes(u.sentBytes ?? 0)} / ${formatBytes(u.totalBytes)}` : '';
      say(format(this.t('form.uploading'), u.fileName, progress), 'info');
    } else if (u.state === 'failed') {
      say(`${u.fileName}: ${u.message ?? ''}`, 'issue');
    } else if (u.value !== undefined && this.params === undefined) {
      // the JSON does not parse: keep the text as typed and give the value to paste
      say(`${format(this.t(u.reused ? 'form.reused' : 'form.uploaded'), u.fileName)}: ${u.value}`, 'info');
    } else if (u.value !== undefined) {
      this.fileNames.set(u.value, u.fileName);
      this.setParams(withFileValue(this.params ?? {}, u.field, field?.kind === 'files' ? 'files' : 'file', u.value));
      say(format(this.t(u.reused ? 'form.reused' : 'form.uploaded'), u.fileName), 'info');
    }
  }
}
