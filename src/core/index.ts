// The editor-free core: everything that talks to Coze or models a run. Nothing here imports `vscode`.
export * from './errors';
export * from './json';
export * from './dialect';
export * from './environments';
export * from './http/dispatcher';
export * from './http/eventStream';
export type { Timeouts, LogFn } from './http/transport';
export { DEFAULT_TIMEOUTS } from './http/transport';
export * from './sse/rawEvent';
export * from './sse/readSse';
export * from './sse/workflowEvents';
export * from './sse/chatEvents';
export * from './client/types';
export * from './client/cozeClient';
export * from './files/fileTypes';
export * from './files/encodeFileParam';
export * from './redact';
