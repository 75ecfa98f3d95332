// The HTTP stack: the Coze client with undici and the SSE parser, the async-run poller, and the code that
// writes Coze calls for other tools (curl, SDK snippets). Bundled on its own (dist/http.js) and loaded on
// first use, so activating the extension loads none of it (src/host/httpStack.ts).
export { CozeClient } from '../core/client/cozeClient';
export { createDispatcher } from '../core/http/dispatcher';
export { checkConnection } from '../core/connectionCheck';
export { pollRun } from '../core/run/poller';
export { curlForRun } from '../core/snippets/curl';
export { runCall } from '../core/client/runRequest';
export { nodeSnippet, pythonSnippet } from '../core/snippets/sdkSnippets';
export { runLeg, runWorkflow } from '../core/run/engine';
export { fetchFullOutput } from '../core/run/fullOutput';
