/**
 * The one mask every exit goes through: the console and the CLI's reports, the Test Explorer's output and
 * messages, MCP and language-model tool results, the log channel and run history. It knows the secrets (the
 * tokens in use) and hides each of them, as given and as sent (trimmed: a pasted token often ends in a line
 * break), and any Bearer value, whatever put it in the text: a server that echoes the token back included.
 */
const BEARER = /(Bearer\s+)(?!\*\*\*)[^\s"'\\]+/i;
const BEARER_ALL = new RegExp(BEARER.source, 'gi');

export class SecretMask {
  /** Longest first, so a token as given (with its line break) is hidden whole before its trimmed form. */
  private secrets: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret (too short a value, under 4 characters, would hide ordinary text and is ignored). */
  add(secret: string | undefined): this {
    for (const s of [secret, secret?.trim()]) if (s && s.length >= 4 && !this.secrets.includes(s)) this.secrets.push(s);
    this.secrets.sort((a, b) => b.length - a.length);
    return this;
  }

  /** The text with every registered secret and any Bearer value hidden. */
  text(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(mask(s));
    return out.replace(BEARER_ALL, '$1***');
  }

  /** A value (a tool's structured result, a history record) with every string in it masked; the rest as it was. */
  value<T>(v: T): T {
    // most values hold no secret: one look at their JSON text, and they are returned as they are
    const json = JSON.stringify(v);
    return json !== undefined && this.hits(json) ? (this.walk(v) as T) : v;
  }

  /** Whether the text holds anything the mask would hide. */
  hits(text: string): boolean {
    return this.secrets.some((s) => text.includes(s)) || BEARER.test(text);
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.text(k), this.walk(x)]));
    return v;
  }
}

/** Keeps a recognisable prefix ("pat_") and hides the rest. */
export function mask(secret: string): string {
  const prefix = /^[a-z]+_/i.exec(secret.trim())?.[0] ?? '';
  return `${prefix}***`;
}
