/** An http(s) link found in workflow output: shown as a button that asks the host to open it. */
export interface OutputLink {
  url: string;
}

const URL_RE = /https?:\/\/[^\s"'<>\\`]+/g;

/** The distinct http(s) URLs in a text (JSON-escaped slashes undone), at most `max`. */
export function findLinks(text: string, max = 20): OutputLink[] {
  const seen = new Set<string>();
  const out: OutputLink[] = [];
  for (const m of text.replace(/\\\//g, '/').matchAll(URL_RE)) {
    const url = m[0].replace(/[),.;\]}]+$/, '');
    if (seen.has(url)) continue;
    seen.add(url);
    out.push({ url });
    if (out.length >= max) break;
  }
  return out;
}
