/** An http(s) link found in workflow output; images get an inert preview. */
export interface OutputLink {
  url: string;
  image: boolean;
}

const URL_RE = /https?:\/\/[^\s"'<>\\`]+/g;
const IMAGE_RE = /\.(png|jpe?g|gif|webp|bmp|svg)(\?|#|$)/i;

/** The distinct http(s) URLs in a text (JSON-escaped slashes undone), at most `max`. */
export function findLinks(text: string, max = 20): OutputLink[] {
  const seen = new Set<string>();
  const out: OutputLink[] = [];
  for (const m of text.replace(/\\\//g, '/').matchAll(URL_RE)) {
    const url = m[0].replace(/[),.;\]}]+$/, '');
    if (seen.has(url)) continue;
    seen.add(url);
    out.push({ url, image: IMAGE_RE.test(new URL(url, 'https://x').pathname + (url.includes('?') ? '?' : '')) });
    if (out.length >= max) break;
  }
  return out;
}
