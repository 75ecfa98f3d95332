import type { RunCall } from '../client/runRequest';

/** The body's fields the SDKs take as arguments; any other field goes only with the curl command. */
const COZEPY_FIELDS = ['workflow_id', 'parameters', 'bot_id', 'app_id', 'ext', 'is_async'];

/**
 * Code that repeats a run with the official SDKs, from the same request body the client sent (so it cannot
 * drift from it), including the stream-and-resume loop that answers question nodes. The token is read from
 * COZE_API_TOKEN, never written into the code.
 */
export function nodeSnippet(call: RunCall): string {
  const request = JSON.stringify(call.body, null, 2);
  const head = `// npm install @coze/api   (run with: COZE_API_TOKEN=… node this-file.mjs)
import { CozeAPI, WorkflowEventType } from '@coze/api';
import readline from 'node:readline/promises';

const client = new CozeAPI({ token: process.env.COZE_API_TOKEN, baseURL: ${JSON.stringify(call.baseUrl)} });
// the request the extension sent, as it sent it
const request = ${request};
`;
  if (call.mode !== 'stream') {
    return `${head}
const result = await client.workflows.runs.create(request);
console.log(result.data ?? JSON.stringify(result));
`;
  }
  return `${head}
let stream = client.workflows.runs.stream(request);
for (;;) {
  let interrupt;
  // resume() may give one event or a stream, depending on the SDK version
  for await (const event of Symbol.asyncIterator in Object(stream) ? stream : [stream]) {
    if (event.event === WorkflowEventType.MESSAGE) process.stdout.write(event.data.content);
    else if (event.event === WorkflowEventType.ERROR) throw new Error(JSON.stringify(event.data));
    else if (event.event === WorkflowEventType.INTERRUPT) interrupt = event.data;
  }
  if (!interrupt) break;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(\`\\n\${interrupt.node_title ?? 'Question'}: \`);
  rl.close();
  stream = await client.workflows.runs.resume({
    workflow_id: request.workflow_id,
    event_id: interrupt.interrupt_data.event_id,
    interrupt_type: interrupt.interrupt_data.type,
    resume_data: answer,
  });
}
process.stdout.write('\\n');
`;
}

/** A Python string literal of any text (a JSON string literal is one). */
const pyString = (text: string) => JSON.stringify(text);

export function pythonSnippet(call: RunCall): string {
  const unsent = Object.keys(call.body).filter((k) => !COZEPY_FIELDS.includes(k));
  const note = unsent.length ? `\n# cozepy does not send ${unsent.join(', ')}: the curl command (Copy as curl) does.\n` : '';
  const args =
    'workflow_id=request["workflow_id"], parameters=request.get("parameters"), bot_id=request.get("bot_id"), app_id=request.get("app_id"), ext=request.get("ext")';
  const head = `# pip install cozepy   (run with: COZE_API_TOKEN=… python3 this_file.py)
import json
import os

from cozepy import Coze, Stream, TokenAuth, WorkflowEvent, WorkflowEventType

coze = Coze(auth=TokenAuth(token=os.environ["COZE_API_TOKEN"]), base_url=${pyString(call.baseUrl)})
# the request the extension sent, as it sent it
request = json.loads(${pyString(JSON.stringify(call.body))})
${note}`;
  if (call.mode !== 'stream') {
    return `${head}
result = coze.workflows.runs.create(${args}${call.mode === 'async' ? ', is_async=True' : ''})
print(result.data if result.data is not None else result)
`;
  }
  return `${head}

def handle(stream: Stream[WorkflowEvent]) -> None:
    for event in stream:
        if event.event == WorkflowEventType.MESSAGE:
            print(event.message.content, end="", flush=True)
        elif event.event == WorkflowEventType.ERROR:
            raise RuntimeError(event.error)
        elif event.event == WorkflowEventType.INTERRUPT:
            answer = input(f"\\n{event.interrupt.node_title}: ")
            handle(
                coze.workflows.runs.resume(
                    workflow_id=request["workflow_id"],
                    event_id=event.interrupt.interrupt_data.event_id,
                    resume_data=answer,
                    interrupt_type=event.interrupt.interrupt_data.type,
                )
            )


handle(coze.workflows.runs.stream(${args}))
print()
`;
}
