/** Masks secrets in text bound for logs, history or the clipboard: the token itself and any Bearer value. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(mask(s));
  return out.replace(/(Bearer\s+)(?!\*\*\*)[^\s"'\\]+/gi, '$1***');
}

/** Keeps a recognisable prefix ("pat_") and hides the rest. */
export function mask(secret: string): string {
  const prefix = /^[a-z]+_/i.exec(secret)?.[0] ?? '';
  return `${prefix}***`;
}
