import type { RunCall } from '../client/runRequest';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A curl command that repeats a run: the request the client made, byte for byte in its body. The token is
 * never written: it reads $COZE_API_TOKEN, so the command can be pasted into chats and tickets as it is.
 */
export function curlForRun(call: RunCall): string {
  return [
    `curl ${call.mode === 'stream' ? '-N ' : ''}-sS -X POST ${shellQuote(call.baseUrl + call.path)}`,
    `  -H "Authorization: Bearer $COZE_API_TOKEN"`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(call.body))}`,
  ].join(' \\\n');
}
