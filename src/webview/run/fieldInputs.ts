import type { FormField } from '../../core/model/formFields';
import { findUnsafeInteger } from '../../core/model/json';
import type { StringKey } from '../../shared/protocol';
import { button, el, format } from '../shared/dom';
import { chooseFile, makeDropZone, uploadDropped } from './fileDrop';

export interface FieldHost {
  t: (k: StringKey) => string;
  value(name: string): unknown;
  /** Sets an input's value; undefined removes it from the parameters. */
  set(name: string, value: unknown): void;
  /** A problem with what is typed in the field itself (not valid JSON, not a number), or undefined. */
  typed(name: string, problem: string | undefined): void;
  /** The file name of an uploaded value, when this panel uploaded it. */
  fileName(value: string): string | undefined;
  /** Files are being sent for this input. */
  uploading(name: string): void;
}

export interface FieldWidget {
  root: HTMLElement;
  /** Shows the current value (from the parameters), leaving alone an input being typed in. */
  refresh(): void;
  /** The message under the field: an issue, or an upload's progress. */
  message(text: string, kind: 'issue' | 'info'): void;
}

const text = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function labelFor(field: FormField, t: FieldHost['t']): HTMLElement {
  const label = el('label', 'field-label', field.name);
  label.htmlFor = `field-${field.name}`;
  label.append(el('span', 'field-type', ` ${field.itemType ? `${field.type}<${field.itemType}>` : field.type}`));
  if (field.required) label.append(el('span', 'field-required', ` * ${t('form.required')}`));
  return label;
}

/** A text box for strings, numbers, and JSON (objects, arrays): converts as you type, says at the field when it cannot. */
function textInput(field: FormField, host: FieldHost): { input: HTMLInputElement | HTMLTextAreaElement; refresh(): void } {
  const json = field.kind === 'object' || field.kind === 'array';
  const input = json ? el('textarea', 'field-input json') : el('input', 'field-input');
  if (json) (input as HTMLTextAreaElement).rows = 3;
  input.id = `field-${field.name}`;
  if (field.defaultValue !== undefined) input.placeholder = text(field.defaultValue);
  input.addEventListener('input', () => {
    const raw = input.value;
    if (raw.trim() === '' && field.kind !== 'string' && field.kind !== 'time') return (host.set(field.name, undefined), host.typed(field.name, undefined));
    if (field.kind === 'string' || field.kind === 'time') return (host.set(field.name, raw === '' ? undefined : raw), host.typed(field.name, undefined));
    if (field.kind === 'number' || field.kind === 'integer') {
      const n = Number(raw.trim());
      // a whole number beyond 2^53 would be sent rounded: say so rather than send another id
      if (Number.isInteger(n) && !Number.isSafeInteger(n)) return host.typed(field.name, format(host.t('issue.unsafeInteger'), raw.trim()));
      const ok = Number.isFinite(n) && (field.kind === 'number' || Number.isInteger(n));
      if (ok) host.set(field.name, n);
      return host.typed(field.name, ok ? undefined : format(host.t('issue.type'), field.kind));
    }
    const unsafe = findUnsafeInteger(raw);
    if (unsafe) return host.typed(field.name, format(host.t('issue.unsafeInteger'), unsafe.digits));
    try {
      const v: unknown = JSON.parse(raw);
      host.set(field.name, v);
      host.typed(field.name, undefined);
    } catch (e) {
      host.typed(field.name, format(host.t('issue.fieldJson'), e instanceof Error ? e.message : String(e)));
    }
  });
  return {
    input,
    refresh() {
      if (document.activeElement !== input) input.value = text(host.value(field.name));
    },
  };
}

function booleanInput(field: FormField, host: FieldHost): { input: HTMLSelectElement; refresh(): void } {
  const input = el('select', 'field-input');
  input.id = `field-${field.name}`;
  for (const [value, label] of [
    ['', host.t('form.unset')],
    ['true', 'true'],
    ['false', 'false'],
  ]) {
    const o = el('option', undefined, label);
    o.value = value;
    input.append(o);
  }
  input.addEventListener('change', () => host.set(field.name, input.value === '' ? undefined : input.value === 'true'));
  return {
    input,
    refresh() {
      const v = host.value(field.name);
      input.value = typeof v === 'boolean' ? String(v) : '';
    },
  };
}

/** A file input: a drop zone (OS files, Explorer files), Choose File…, the current file(s), and a box for a URL. */
function fileInput(field: FormField, host: FieldHost): { input: HTMLElement; refresh(): void } {
  const many = field.kind === 'files';
  const zone = el('div', 'dropzone');
  zone.id = `drop-${field.name}`;
  zone.dataset.field = field.name;
  const chips = el('div', 'file-chips');
  const urlInput = el('input', 'field-input file-value');
  urlInput.id = `field-${field.name}`;
  urlInput.placeholder = 'https://… / {"file_id":"…"}';
  urlInput.hidden = many;
  urlInput.addEventListener('input', () => host.set(field.name, urlInput.value.trim() === '' ? undefined : urlInput.value.trim()));
  makeDropZone(zone, (items) => {
    uploadDropped(items, field.name, many);
    host.uploading(field.name);
  });
  const row = el('div', 'drop-row');
  row.append(
    el('span', 'drop-text', host.t('form.dropHere')),
    button(host.t('form.chooseFile'), () => chooseFile(field.name, many), 'button secondary choose-file'),
  );
  zone.append(row, chips, urlInput);
  const values = (): string[] => {
    const v = host.value(field.name);
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  };
  return {
    input: zone,
    refresh() {
      const list = values();
      chips.replaceChildren(
        ...list.map((value) => {
          const chip = el('span', 'file-chip', host.fileName(value) ?? value);
          chip.title = value;
          chip.append(
            button(
              '×',
              () => {
                const rest = values().filter((x) => x !== value);
                host.set(field.name, many ? (rest.length ? rest : undefined) : undefined);
              },
              'link remove',
            ),
          );
          return chip;
        }),
      );
      if (!many && document.activeElement !== urlInput) urlInput.value = list[0] ?? '';
    },
  };
}

export function renderField(field: FormField, host: FieldHost): FieldWidget {
  const root = el('div', 'field');
  root.dataset.field = field.name;
  const control =
    field.kind === 'boolean' ? booleanInput(field, host) : field.kind === 'file' || field.kind === 'files' ? fileInput(field, host) : textInput(field, host);
  const note = el('div', 'field-message');
  note.id = `message-${field.name}`;
  root.append(labelFor(field, host.t));
  if (field.description) root.append(el('div', 'field-description', field.description));
  root.append(control.input, note);
  return {
    root,
    refresh: control.refresh,
    message(textValue, kind) {
      note.textContent = textValue;
      note.className = `field-message ${kind}`;
      root.classList.toggle('invalid', kind === 'issue' && textValue !== '');
    },
  };
}
