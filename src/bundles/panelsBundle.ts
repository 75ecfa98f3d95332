// The run and chat panels' host side: the runs of this window and their webview panels, the sessions that
// stream into them, the chat, and the agent's tool that runs a saved workflow. Bundled on its own
// (dist/panels.js) and loaded at the first run, chat, panel or tool call, so activation loads none of it
// (src/host/panelsStack.ts).
export { RunManager } from '../host/run/runManager';
export { ChatManager } from '../host/chat/chatManager';
export { RunWorkflowTool } from '../host/mcp/languageModelTool';
