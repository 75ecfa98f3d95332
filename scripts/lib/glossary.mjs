// The Chinese glossary's known clashes (docs/glossary.zh-CN.md), checked over every translated string by
// scripts/check-commands.mjs: each rule names the term the Coze console uses instead.

/** @type {[string, (en: string, zh: string) => boolean][]} [what is wrong, does this English key and Chinese text clash] */
const RULES = [
  [
    '"Coze" in running Chinese text: write 扣子 (product names Coze Studio and Coze Plus, and the palette category "Coze:", stay)',
    (_en, zh) => /(?<!扣子（)Coze(?!\s?(Studio|Plus)|）|: )/.test(zh),
  ],
  [
    "智能体 is a Coze bot: VS Code's agents are Agent (Agent 模式)",
    (en, zh) => /智能体/.test(zh) && /\bagents?\b/i.test(en) && !/\bbot\b|agent URL|an agent\b|app or agent|agent \(bot\)/i.test(en),
  ],
  ['resuming is 恢复运行, never 继续', (en, zh) => /resum|continue/i.test(en) && /继续/.test(zh)],
  ['SecretStorage is 安全存储', (_en, zh) => /机密存储/.test(zh)],
  ['model usage is Token, not "tokens"', (_en, zh) => /(?<!-)\btokens?\b/.test(zh)], // a flag (--max-tokens) is code, not a word
  ['an id is ID in Chinese text', (_en, zh) => /(?<![A-Za-z_.`])id(?![A-Za-z_`])/.test(zh)],
  ['a Coze link is 链接 (工作流链接, 应用链接, 智能体链接), not URL', (_en, zh) => /(项目|扣子|智能体|工作流|对话流) ?URL/.test(zh)],
  ['a request id is LogID, as the Coze console writes it', (_en, zh) => /logid/.test(zh)],
  ['half-width colon or comma after Chinese: use ： and ，', (_en, zh) => /[\u4e00-\u9fff][:,] /.test(zh)],
];

/** Every clash in a map of English keys to Chinese texts, as "file: rule: text" lines. */
export function glossaryProblems(file, enToZh) {
  const out = [];
  for (const [en, zh] of Object.entries(enToZh)) {
    for (const [what, clashes] of RULES) if (clashes(en, zh)) out.push(`${file}: ${what}: "${zh.slice(0, 80)}"`);
  }
  return out;
}
