import { findUnsafeInteger } from './json';
import type { FormField } from './formFields';

/** Why a parameter set cannot be sent. The form shows each at its field; `field` is absent for the whole set. */
export interface ParamIssue {
  field?: string;
  code: 'notJson' | 'notObject' | 'required' | 'type' | 'fileValue' | 'tooBig' | 'unsafeInteger';
  /** What was expected (a type name, a size), or the parser's message. */
  detail?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Absent, null, or an empty string: nothing the workflow could use for a required input. */
const isMissing = (v: unknown): boolean => v === undefined || v === null || v === '';

function typeProblem(field: FormField, v: unknown): ParamIssue | undefined {
  const at = (code: ParamIssue['code'], detail: string): ParamIssue => ({ field: field.name, code, detail });
  switch (field.kind) {
    case 'string':
    case 'time':
      return typeof v === 'string' ? undefined : at('type', 'string');
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : at('type', 'number');
    case 'integer':
      return Number.isInteger(v) ? undefined : at('type', 'integer');
    case 'boolean':
      return typeof v === 'boolean' ? undefined : at('type', 'boolean');
    case 'object':
      return isObj(v) ? undefined : at('type', 'object');
    case 'array':
      return Array.isArray(v) ? undefined : at('type', 'array');
    case 'file':
      return typeof v === 'string' ? undefined : at('fileValue', field.type);
    case 'files':
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : at('fileValue', `array<${field.itemType ?? 'file'}>`);
  }
}

/** UTF-8 length of the JSON the request will carry for these parameters. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength;
}

/**
 * Checks parameters against the form before anything is sent: a JSON object, required inputs present, each
 * value of its declared type (file inputs are reference strings, never objects), and within the request
 * size the server accepts. Without a schema (`fields` undefined) only the shape and the size are checked.
 */
export function validateParameters(value: unknown, fields: readonly FormField[] | undefined, maxBytes: number): ParamIssue[] {
  if (!isObj(value)) return [{ code: 'notObject' }];
  const issues: ParamIssue[] = [];
  for (const field of fields ?? []) {
    const v = value[field.name];
    if (isMissing(v)) {
      if (field.required) issues.push({ field: field.name, code: 'required' });
      continue;
    }
    const problem = typeProblem(field, v);
    if (problem) issues.push(problem);
  }
  const bytes = jsonByteLength(value);
  if (bytes > maxBytes) issues.push({ code: 'tooBig', detail: `${(bytes / 1048576).toFixed(1)} MB > ${Math.round(maxBytes / 1048576)} MB` });
  return issues;
}

/** Parses the raw JSON text of the parameter editor. */
export function parseParametersText(text: string): { value: Record<string, unknown> } | { issue: ParamIssue } {
  let v: unknown;
  // a bare number beyond 2^53 (a 19-digit id) would be sent rounded, as another id: quote it first
  const unsafe = findUnsafeInteger(text);
  if (unsafe) return { issue: { code: 'unsafeInteger', detail: unsafe.digits } };
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { issue: { code: 'notJson', detail: e instanceof Error ? e.message : String(e) } };
  }
  return isObj(v) ? { value: v } : { issue: { code: 'notObject' } };
}
