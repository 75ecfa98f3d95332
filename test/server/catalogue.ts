/** The scripted workflows every server knows (same ids in both dialects) and their input schemas (§9.1). */
import { APP_ID, WORKFLOWS } from './constants';

export interface InputParam {
  type: string;
  required: boolean;
  description?: string;
  default_value?: string;
  items?: { type: string };
}

export interface WorkflowDef {
  id: string;
  name: string;
  kind: 'workflow' | 'chatflow';
  description: string;
  published: boolean;
  /** The app (project) it belongs to; cloud reports "0" for library workflows (§9.1). */
  appId?: string;
  inputs: Record<string, InputParam>;
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
}

const T0 = 1767000000;

function def(
  id: string,
  name: string,
  description: string,
  inputs: Record<string, InputParam>,
  extra: Partial<Pick<WorkflowDef, 'kind' | 'published' | 'appId'>> = {},
): WorkflowDef {
  const n = Number(id.slice(-3)) - 100;
  return {
    id,
    name,
    description,
    inputs,
    kind: extra.kind ?? 'workflow',
    published: extra.published ?? true,
    ...(extra.appId ? { appId: extra.appId } : {}),
    createdAt: T0 + n * 3600,
    updatedAt: T0 + n * 3600 + 86400,
  };
}

const str = (required: boolean, description: string, default_value?: string): InputParam =>
  default_value === undefined ? { type: 'string', required, description } : { type: 'string', required, description, default_value };

export const CATALOGUE: readonly WorkflowDef[] = [
  def(WORKFLOWS.helloStream, 'hello_stream', 'Greets someone, streaming the answer chunk by chunk.', {
    name: str(true, 'Who to greet'),
    style: str(false, 'plain, or shout for upper case', 'plain'),
  }),
  def(WORKFLOWS.askQuestion, 'ask_question', 'Asks which colour you like (Question node), then answers.', {
    topic: str(false, 'What the question is about'),
    shape: str(false, "How the interrupt carries the question: text, messages or empty (default: the dialect's own)"),
  }),
  def(WORKFLOWS.describeFile, 'describe_file', 'Describes an uploaded file: name, size and SHA-256.', {
    file: { type: 'file', required: true, description: 'The file to describe' },
    note: str(false, 'A note to repeat in the answer'),
    attachments: { type: 'array', required: false, description: 'More files to list', items: { type: 'file' } },
  }),
  def(WORKFLOWS.failMidway, 'fail_midway', 'Streams three LLM chunks, then fails with a model timeout.', {
    prompt: str(false, 'Ignored; the model always times out'),
  }),
  def(WORKFLOWS.slowJob, 'slow_job', 'A long job meant for is_async runs; polls show Running, then the result.', {
    seconds: { type: 'number', required: false, description: 'How long the job runs, in seconds' },
    fail: { type: 'boolean', required: false, description: 'Finish with an error instead', default_value: 'false' },
  }),
  def(
    WORKFLOWS.chatAssistant,
    'chat_assistant',
    'A chatflow that repeats what you said and counts turns; say "ask me" to get a question.',
    { CONVERSATION_NAME: str(false, 'Conversation to bind', 'Default'), USER_INPUT: str(false, "The user's message") },
    { kind: 'chatflow', appId: APP_ID },
  ),
  def(
    WORKFLOWS.unpublished,
    'unpublished_draft',
    'A draft that was never published: every run fails.',
    {
      input: str(false, 'Anything'),
    },
    { published: false },
  ),
  def(WORKFLOWS.collectInput, 'collect_input', 'Stops at an Input node asking for a city and a number of days.', {}),
  def(WORKFLOWS.firehose, 'firehose', 'Emits many Message events as fast as possible (stress test).', {
    count: { type: 'integer', required: false, description: 'How many messages', default_value: '1000' },
    size: { type: 'integer', required: false, description: 'Bytes of content per message', default_value: '250' },
    utf8: { type: 'boolean', required: false, description: 'Use multi-byte characters', default_value: 'false' },
  }),
  def(WORKFLOWS.singleChunk, 'single_chunk', 'A streaming run that produces exactly one chunk (the End node).', {
    text: str(false, 'Text to return'),
  }),
  def(
    WORKFLOWS.grader,
    'grader',
    'A judge: scores an output by the share of the rubric\'s quoted phrases it holds ("…", “…” or 「…」), and says which are missing.',
    {
      output: str(true, 'The text to grade'),
      rubric: str(true, 'What a good answer does; quoted phrases must appear'),
      input: str(false, "The case's parameters, as JSON text"),
      expected: str(false, 'A reference answer'),
    },
  ),
  def(WORKFLOWS.graderNoScore, 'grader_no_score', 'A judge whose End node forgets the score: it returns only a reason.', {
    output: str(true, 'The text to grade'),
    rubric: str(true, 'What a good answer does'),
  }),
  def(WORKFLOWS.flaky, 'flaky', 'Answers "steady" on its odd-numbered runs and "wobbly" on its even-numbered ones (counted per server).', {
    question: str(false, 'Ignored'),
  }),
  def(WORKFLOWS.refundHelper, '退货助手', '退货咨询：大模型说明退货规则，问答节点询问订单号，然后提交退货申请。', {
    商品: str(false, '要退的商品，例如“耳机”'),
  }),
  def(
    WORKFLOWS.supportChat,
    '客服对话流',
    '中文客服对话流：记住对话；说“退货”时它会询问订单号。',
    { CONVERSATION_NAME: str(false, '要绑定的会话', 'Default'), USER_INPUT: str(false, '用户的消息') },
    { kind: 'chatflow', appId: APP_ID },
  ),
];

/** Ids 7599000000000000000–…999: copies of hello_stream, each under its own id and name (the MCP tools/list bench saves 200). */
const COPY_PREFIX = '7599000000000000';
const copies = new Map<string, WorkflowDef>();

export function findWorkflow(id: unknown): WorkflowDef | undefined {
  if (typeof id !== 'string') return undefined;
  const known = CATALOGUE.find((w) => w.id === id);
  if (known || !/^7599000000000000\d{3}$/.test(id)) return known;
  let copy = copies.get(id);
  if (!copy) {
    const original = CATALOGUE.find((w) => w.id === WORKFLOWS.helloStream)!;
    copy = { ...original, id, name: `hello_stream_${id.slice(COPY_PREFIX.length)}` };
    copies.set(id, copy);
  }
  return copy;
}

/** The /_test/catalogue listing. */
export function catalogueListing(): { id: string; name: string; kind: 'workflow' | 'chatflow'; description: string }[] {
  return CATALOGUE.map(({ id, name, kind, description }) => ({ id, name, kind, description }));
}
