import type { WebviewToHost } from '../../shared/protocol';
import type { ChatToHost } from '../../shared/chatProtocol';

interface VsCodeApi {
  postMessage(message: WebviewToHost | ChatToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The webview's only channel out: typed messages to the extension host (it has no network). */
export const vscodeApi: VsCodeApi = acquireVsCodeApi();
