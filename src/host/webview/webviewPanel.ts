import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The run panel's HTML: a strict CSP (no inline code, a fresh nonce per render, no network at all: no
 * connect-src, so `default-src 'none'` forbids fetch/XHR/WebSocket, and images only from the extension or
 * data: URLs, so no output can make the panel load a URL), scripts and styles only from dist/webview.
 */
/** `bundle` names the esbuild webview entry: dist/webview/<bundle>.js and <bundle>.css. */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: 'run' | 'chat', title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="${esc(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset(`${bundle}.css`)}">
<title>${esc(title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${asset(`${bundle}.js`)}"></script>
</body>
</html>`;
}

/** A webview panel for one of our bundles: scripts on, kept alive when hidden, resources only from dist/webview. */
export function createCozeWebviewPanel(
  viewType: string,
  title: string,
  column: vscode.ViewColumn,
  extensionUri: vscode.Uri,
  bundle: 'run' | 'chat',
): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    viewType,
    title,
    { viewColumn: column, preserveFocus: false },
    {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    },
  );
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'coze.svg');
  panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, bundle, title);
  return panel;
}
