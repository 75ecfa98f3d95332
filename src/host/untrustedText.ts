import * as vscode from 'vscode';

/**
 * Text from outside the extension (a server's error message, a node title, a workflow name from a cloned
 * repository's .coze/ file) shown by VS Code in places that read markup. Each helper makes such text inert
 * where it goes, so it shows as written and can never become a link, a command or an image.
 */

/**
 * Notifications turn `[label](https://…)`, `[label](command:…)` and `[label](file:…)` into clickable links.
 * A space between `]` and `(` keeps the text readable and breaks the link.
 */
export function notificationText(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}

/** Quick pick labels and descriptions render `$(icon)`: escaped, it shows as written. */
export function labelText(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** A Markdown tooltip or hover built from plain text pieces and trusted Markdown pieces. */
export class SafeMarkdown {
  readonly md = new vscode.MarkdownString(undefined, true);

  /** Markdown written by the extension itself (localized labels, layout). */
  trusted(markdown: string): this {
    this.md.appendMarkdown(markdown);
    return this;
  }

  /** Untrusted text: every Markdown character and `$(` escaped, so it shows as written. */
  text(value: string): this {
    this.md.appendText(value);
    return this;
  }

  /** A fenced block (JSON of parameters): the fence is longer than any run of backticks inside. */
  block(value: string, language = ''): this {
    const longest = Math.max(2, ...(value.match(/`+/g) ?? []).map((m) => m.length));
    const fence = '`'.repeat(longest + 1);
    this.md.appendMarkdown(`\n\n${fence}${language}\n${value.replace(/\r?\n$/, '')}\n${fence}\n\n`);
    return this;
  }
}
