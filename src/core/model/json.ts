/**
 * JSON helpers for the quirks of Coze bodies: studio writes int64 ids (execute_id, bot_id, connector_id)
 * as bare JSON numbers larger than 2^53, which JSON.parse silently rounds. `parseJsonLossless` quotes every
 * integer literal that does not fit a double exactly before parsing, so ids survive as strings.
 */
/** A string literal (skipped as is), or an integer of 16 or more digits standing alone (not part of a float). */
const TOKENS = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])(-?\d{16,})(?![\w.])/g;

/** Whether a parsed value holds an integer that a double cannot represent exactly (it was rounded). */
function hasUnsafeInteger(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v);
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(hasUnsafeInteger);
  for (const k in v) if (hasUnsafeInteger((v as Record<string, unknown>)[k])) return true;
  return false;
}

/**
 * JSON.parse, and when that rounded an integer, JSON.parse again with every integer literal a double cannot
 * hold turned into the string `${prefix}<digits>`. The common case (no number beyond 2^53) costs one parse and
 * a walk of the numbers; the replacement is one regular-expression pass (fast in V8) outside strings.
 */
function parseKeepingDigits(text: string, prefix: string): unknown {
  const fast: unknown = JSON.parse(text);
  if (!hasUnsafeInteger(fast)) return fast;
  return JSON.parse(
    text.replace(TOKENS, (token: string, int: string | undefined) => (int === undefined || Number.isSafeInteger(Number(int)) ? token : `"${prefix}${int}"`)),
  );
}

export function parseJsonLossless(text: string): unknown {
  return parseKeepingDigits(text, '');
}

/**
 * The first integer literal outside strings that a double cannot hold exactly (more than 2^53): what a
 * person wrote as a bare number where Coze means a 19-digit id. Its digits and the line (1-based) it is on.
 */
export function findUnsafeInteger(text: string): { digits: string; line: number } | undefined {
  for (const m of text.matchAll(TOKENS)) {
    const int = m[1];
    if (int !== undefined && !Number.isSafeInteger(Number(int))) return { digits: int, line: text.slice(0, m.index).split('\n').length };
  }
  return undefined;
}

/**
 * Marks an integer a double cannot hold inside a parsed value, until `stringifyExact` writes it back bare:
 * the mark as JSON text writes it (an escaped NUL, which no id or number holds), on the way in and out.
 */
const MARK_JSON = '\\u0000int:';
const MARKED = /"\\u0000int:(-?\d+)"/g;

/**
 * Parses JSON a server sent for showing it again: every integer a double cannot hold keeps its digits (as a
 * marked string), and `stringifyExact` writes it back as the bare number it was.
 */
export function parseJsonForDisplay(text: string): unknown {
  return parseKeepingDigits(text, MARK_JSON);
}

/** JSON.stringify that writes the integers `parseJsonForDisplay` kept as the digits the server sent. */
export function stringifyExact(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(MARKED, '$1');
}

/** JSON.parse that returns undefined instead of throwing. */
export function tryParseJson(text: string): unknown {
  try {
    return parseJsonLossless(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a field that servers send as a string on one dialect and a number on the other. */
export function asIdString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
