/**
 * JSON text helpers: studio writes int64 ids as raw JSON numbers, which JS numbers cannot hold exactly, so
 * such values are inserted by text substitution instead of going through Number.
 */

const MARK = '\u0000rawnum\u0000';
const MARK_RE = /"\\u0000rawnum\\u0000(-?\d+)"/g;

/** A placeholder that {@link stringify} renders as the bare digits (a JSON number, all digits kept). */
export function rawNumber(digits: string | bigint): string {
  const s = String(digits);
  if (!/^-?\d+$/.test(s)) throw new Error(`not an integer: ${s}`);
  return MARK + s;
}

/** JSON.stringify that turns {@link rawNumber} placeholders into JSON numbers. */
export function stringify(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes('rawnum') ? text.replace(MARK_RE, '$1') : text;
}

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON text, returning undefined instead of throwing. */
export function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
