// A loopback HTTP endpoint through which host tests (running in the extension host, which cannot see the
// DOM) ask Playwright about the workbench and the webviews: read text, count elements, click, type, drop files.
import http from 'node:http';
import { dispatchDrop } from './dropEvent.mjs';

function frameRoot(page, webview) {
  if (!webview) return page;
  // a webview is an outer iframe per panel holding the extension's page in #active-frame; the newest is last.
  // webview=visible picks the one on screen (hidden panels keep their iframes, hidden)
  const outer =
    webview === 'visible' ? page.locator('iframe.webview').filter({ visible: true }).last().contentFrame() : page.frameLocator('iframe.webview').last();
  return outer.frameLocator('iframe#active-frame');
}

export async function startDomBridge(getPage) {
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://bridge');
    const p = u.searchParams;
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const page = getPage();
      if (!page) throw new Error('no page yet');
      const root = frameRoot(page, p.get('webview'));
      const sel = p.get('selector') ?? 'body';
      const loc = root.locator(sel);
      switch (u.pathname) {
        case '/text':
          return reply(200, { text: await loc.first().innerText({ timeout: Number(p.get('timeout') ?? 10_000) }) });
        case '/value':
          return reply(200, { value: await loc.first().inputValue({ timeout: Number(p.get('timeout') ?? 10_000) }) });
        case '/count':
          return reply(200, { count: await loc.count() });
        case '/click':
          await loc.first().click({ timeout: 10_000 });
          return reply(200, { ok: true });
        case '/fill':
          await loc.first().fill(p.get('value') ?? '', { timeout: 10_000 });
          return reply(200, { ok: true });
        case '/press':
          await loc.first().press(p.get('key') ?? 'Enter', { timeout: 10_000 });
          return reply(200, { ok: true });
        case '/select':
          await loc.first().selectOption(p.get('value') ?? '', { timeout: 10_000 });
          return reply(200, { ok: true });
        case '/drop': {
          const files = p.get('name') ? [{ name: p.get('name'), content: p.get('content') ?? '', repeat: Number(p.get('repeat') ?? 1) }] : [];
          await loc.first().evaluate(dispatchDrop, { files, uris: p.get('uris') ?? '' }, { timeout: 10_000 });
          return reply(200, { ok: true });
        }
        case '/matchedAt':
          // Date.now() (the same clock as the local servers) at the first animation frame where the element matches
          return reply(200, {
            at: await root.locator('body').evaluate(
              (body, { sel, re, timeout }) =>
                new Promise((resolve, reject) => {
                  const until = Date.now() + timeout;
                  const check = () => {
                    const e = body.querySelector(sel);
                    if (e && new RegExp(re).test(e.textContent ?? '')) resolve(Date.now());
                    else if (Date.now() > until) reject(new Error(`${sel} never matched ${re}`));
                    else requestAnimationFrame(check);
                  };
                  check();
                }),
              { sel: sel, re: p.get('pattern') ?? '', timeout: Number(p.get('timeout') ?? 60_000) },
              { timeout: Number(p.get('timeout') ?? 60_000) + 5_000 },
            ),
          });
        case '/probe': {
          // a fixed, named probe (never arbitrary code) evaluated in the chosen document
          const html = root.locator('html');
          const probe = p.get('probe');
          if (probe === 'csp')
            return reply(200, {
              value: await html.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''),
            });
          if (probe === 'everything') {
            // all a leak could hide in: the markup, attributes included, and what form fields hold
            return reply(200, {
              value: await html.evaluate(() =>
                [
                  document.documentElement.outerHTML,
                  ...[.../** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input, textarea, select'))].map((e) => e.value),
                ].join('\n'),
              ),
            });
          }
          if (probe === 'quickInput') {
            // what the open quick input says: its title, prompt, placeholder and items
            return reply(200, {
              value: await html.evaluate(() => {
                const w = /** @type {HTMLElement | null} */ (document.querySelector('.quick-input-widget'));
                const input = w?.querySelector('input');
                return [w?.innerText ?? '', input?.getAttribute('placeholder') ?? '', input?.getAttribute('aria-label') ?? ''].join('\n');
              }),
            });
          }
          if (probe === 'elements') return reply(200, { value: await html.evaluate(() => document.getElementsByTagName('*').length) });
          // the webview's JavaScript heap in use, in bytes (Chromium's performance.memory)
          if (probe === 'heap') return reply(200, { value: await html.evaluate(() => performance['memory']?.usedJSHeapSize ?? null) });
          if (probe === 'injected') {
            // elements a hostile workflow output would inject if it were parsed as HTML, and whether any of it ran
            return reply(200, {
              value: await html.evaluate(() => ({
                elements: document.querySelectorAll('#app script, #app svg, #app iframe, #app [onerror], #app [onload], #app [onclick], #app a[href]').length,
                ran: window['__cozeXss'] ?? null,
              })),
            });
          }
          if (probe === 'longTasksStart') {
            // every main-thread task of 50 ms or more from now on (Chromium's Long Tasks API)
            return reply(200, {
              value: await html.evaluate(() => {
                window['__cozeLongTasks'] = [];
                // with where each ran: 'self' is the webview's own; the workbench around it shares its thread
                new PerformanceObserver((list) => window['__cozeLongTasks'].push(...list.getEntries().map((e) => ({ ms: e.duration, where: e.name })))).observe(
                  { type: 'longtask' },
                );
                return true;
              }),
            });
          }
          if (probe === 'longTasks') return reply(200, { value: await html.evaluate(() => window['__cozeLongTasks'] ?? null) });
          throw new Error(`unknown probe ${probe}`);
        }
        case '/screenshot':
          await page.screenshot({ path: p.get('path') });
          return reply(200, { ok: true });
        default:
          return reply(404, { error: 'unknown bridge call' });
      }
    } catch (e) {
      reply(500, { error: String(e).slice(0, 800) });
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
