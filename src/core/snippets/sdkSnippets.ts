import type { RunRequest } from '../client/types';

/**
 * Code that repeats a run with the official SDKs, including the stream-and-resume loop that answers
 * question nodes. The token is read from COZE_API_TOKEN, never written into the code.
 */
export function nodeSnippet(baseUrl: string, req: RunRequest): string {
  const params = JSON.stringify(req.parameters ?? {}, null, 2).replace(/\n/g, '\n    ');
  const extra = [req.botId ? `bot_id: ${JSON.stringify(req.botId)},` : req.appId ? `app_id: ${JSON.stringify(req.appId)},` : ''].filter(Boolean);
  return `// npm install @coze/api
import { CozeAPI, WorkflowEventType } from '@coze/api';
import readline from 'node:readline/promises';

const client = new CozeAPI({ token: process.env.COZE_API_TOKEN, baseURL: ${JSON.stringify(baseUrl)} });
const workflow_id = ${JSON.stringify(req.workflowId)};

async function main() {
  let stream = client.workflows.runs.stream({
    workflow_id,
    parameters: ${params},${extra.length ? `\n    ${extra.join('\n    ')}` : ''}
  });
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
      workflow_id,
      event_id: interrupt.interrupt_data.event_id,
      interrupt_type: interrupt.interrupt_data.type,
      resume_data: answer,
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;
}

const pyLiteral = (v: unknown): string =>
  JSON.stringify(v, null, 4)
    .replace(/\btrue\b/g, 'True')
    .replace(/\bfalse\b/g, 'False')
    .replace(/\bnull\b/g, 'None');

export function pythonSnippet(baseUrl: string, req: RunRequest): string {
  const extra = req.botId ? `\n        bot_id=${JSON.stringify(req.botId)},` : req.appId ? `\n        app_id=${JSON.stringify(req.appId)},` : '';
  return `# pip install cozepy
import os

from cozepy import Coze, Stream, TokenAuth, WorkflowEvent, WorkflowEventType

coze = Coze(auth=TokenAuth(token=os.environ["COZE_API_TOKEN"]), base_url=${JSON.stringify(baseUrl)})
workflow_id = ${JSON.stringify(req.workflowId)}


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
                    workflow_id=workflow_id,
                    event_id=event.interrupt.interrupt_data.event_id,
                    resume_data=answer,
                    interrupt_type=event.interrupt.interrupt_data.type,
                )
            )


handle(
    coze.workflows.runs.stream(
        workflow_id=workflow_id,
        parameters=${pyLiteral(req.parameters ?? {}).replace(/\n/g, '\n        ')},${extra}
    )
)
`;
}
