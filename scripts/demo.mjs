// `npm run demo`: builds the extension, starts the local Coze servers with the sample workflows and a real
// VS Code (code-server) with the extension installed and signed in to them, and prints the URL to open.
// DEMO_PORT picks the port (default 8080); --locale zh-cn shows it in Simplified Chinese. Stop with Ctrl+C.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVsCodeHost } from './vscode-host.mjs';
import { startDemo } from './lib/demoEnv.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
ensureVsCodeHost();
const localeAt = process.argv.indexOf('--locale');
const locale = localeAt > 0 ? (process.argv[localeAt + 1] ?? 'en') : 'en';
const demo = await startDemo({ port: Number(process.env.DEMO_PORT || 8080), locale });
console.log(
  locale === 'zh-cn'
    ? `
  扣子工作流演示已启动。

    在浏览器中打开：  ${demo.url}

  本地扣子服务器：cloud 接口 ${demo.cloud.url}，Coze Studio 接口 ${demo.studio.url}
  在 VS Code 中：在扣子视图的“退货助手”上按 ▶，或按 F1 → “Coze: 运行工作流” → 7500000000000000114
  按 Ctrl+C 停止。
`
    : `
  Coze Workflows demo is running.

    Open in your browser:  ${demo.url}

  Local Coze servers: cloud dialect ${demo.cloud.url}, studio dialect ${demo.studio.url}
  In VS Code: F1 → "Coze: Run Workflow" → 7500000000000000101 → {"name": "you"}
  Press Ctrl+C to stop.
`,
);
const shutdown = async () => {
  await demo.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
