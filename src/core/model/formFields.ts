import type { ParamSchema } from './workflow';

/**
 * The parameter types Coze gives for file inputs (reference §9.1): `file` and its sub-types. A value of one
 * of these is a file reference — on cloud a JSON-encoded {"file_id"} string or a URL, on Coze Studio a URL.
 */
const FILE_TYPES = new Set(['file', 'default', 'image', 'svg', 'audio', 'video', 'voice', 'doc', 'ppt', 'excel', 'txt', 'code', 'zip']);

export const isFileType = (type: string | undefined): boolean => type !== undefined && FILE_TYPES.has(type);

/** How the form edits a parameter. `file` holds one file reference, `files` an array of them. */
export type FieldKind = 'string' | 'time' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'file' | 'files';

export interface FormField {
  name: string;
  kind: FieldKind;
  /** The type as the server names it (image, doc…), shown next to the name. */
  type: string;
  /** For arrays: the items' type. */
  itemType?: string;
  required: boolean;
  description?: string;
  /** The server's default, converted to the field's kind (the server sends defaults as text). */
  defaultValue?: unknown;
}

function kindOf(schema: ParamSchema): FieldKind {
  if (isFileType(schema.type)) return 'file';
  if (schema.type === 'array') return isFileType(schema.items?.type) ? 'files' : 'array';
  switch (schema.type) {
    case 'integer':
    case 'number':
    case 'boolean':
    case 'object':
    case 'time':
      return schema.type;
    default:
      return 'string'; // string, and any type this version does not know: edited as text
  }
}

/** A default given as text, as a value of the field's kind; undefined when it does not convert. */
function convertDefault(kind: FieldKind, text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  switch (kind) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      return Number.isFinite(n) && (kind === 'number' || Number.isInteger(n)) ? n : undefined;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'object':
    case 'array':
    case 'files':
      try {
        const v: unknown = JSON.parse(text);
        return (kind === 'object') === (typeof v === 'object' && v !== null && !Array.isArray(v)) ? v : undefined;
      } catch {
        return undefined;
      }
    default:
      return text;
  }
}

/** The form for a start node's inputs, required fields first, each group in the server's order. */
export function fieldsFromSchema(inputs: Record<string, ParamSchema>): FormField[] {
  const fields = Object.entries(inputs).map(([name, schema]): FormField => {
    const kind = kindOf(schema);
    const field: FormField = { name, kind, type: schema.type, required: schema.required === true };
    if (schema.items?.type) field.itemType = schema.items.type;
    if (schema.description) field.description = schema.description;
    const d = convertDefault(kind, schema.defaultValue);
    if (d !== undefined) field.defaultValue = d;
    return field;
  });
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/** Parameters holding every default, for a workflow run for the first time. */
export function initialParameters(fields: readonly FormField[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f.defaultValue !== undefined).map((f) => [f.name, f.defaultValue]));
}

/** Puts an encoded file reference into the parameters: replaces a `file`, appends to `files`. */
export function withFileValue(params: Record<string, unknown>, name: string, kind: 'file' | 'files', value: string): Record<string, unknown> {
  if (kind === 'file') return { ...params, [name]: value };
  const current = params[name];
  const list = Array.isArray(current) ? current.filter((v) => v !== value) : [];
  return { ...params, [name]: [...list, value] };
}
