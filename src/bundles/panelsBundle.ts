// The run and chat panels' host side: the runs of this window and their webview panels, the sessions that
// stream into them, the chat. Bundled on its own (dist/panels.js) and loaded at the first run, chat or panel,
// so activation loads none of it (src/host/panelsStack.ts).
export { RunManager } from '../host/run/runManager';
export { ChatManager } from '../host/chat/chatManager';
