/** The interrupting workflows (Question node type 2, Input node type 5) and what resuming them does. */
import { NODES } from './constants';
import { stringify } from './json';
import { isObject, tryParse } from './json';
import { asInt, chunk, delay, fail, streamText, success } from './script';
import type { InterruptSpec, Script, ScriptEnv } from './script';

export const QUESTION = 'Which colour do you like best?';

/**
 * How a Question interrupt carries the question in interrupt_data.data (§4.5, §4.6, §13): "text" = the question
 * text (cloud's default here), "messages" = studio's JSON text {"messages":[{type:"question",content_type:"option",
 * content:{question,options},id}]} (studio's default), "empty" = "" (cloud's doc fixture: the question arrives
 * only in the Question node's Message event just before the Interrupt). That Message event is sent in every shape.
 */
export const QUESTION_SHAPES = ['text', 'messages', 'empty'] as const;
export type QuestionShape = (typeof QUESTION_SHAPES)[number];

export const OPTIONS = ['red', 'green', 'blue'];

function questionData(question: string, shape: QuestionShape): string {
  if (shape === 'text') return question;
  if (shape === 'empty') return '';
  return stringify({
    messages: [
      {
        type: 'question',
        content_type: 'option',
        content: { question, options: OPTIONS.map((name) => ({ name })) },
        id: `${NODES.question.id}_1`,
      },
    ],
  });
}

/** The Question node's interrupt; without a shape each dialect keeps its own. */
function questionSpec(question: string, shape?: QuestionShape): InterruptSpec {
  return {
    type: 2,
    node: NODES.question,
    cloudData: questionData(question, shape ?? 'text'),
    studioData: questionData(question, shape ?? 'messages'),
  };
}

export const REQUIRED_PARAMETERS = {
  city: { type: 'string', required: true, description: 'City to look up' },
  days: { type: 'integer', required: false, default_value: '3' },
};

/** The Input node's form, as JSON text (constructed; the real studio payload was not confirmed). */
const INPUT_FORM = stringify({
  content: stringify([
    { type: 'string', name: 'city', required: true, description: 'City to look up' },
    { type: 'integer', name: 'days', required: false, default_value: '3' },
  ]),
  content_type: 'form_schema',
});

const INPUT_SPEC: InterruptSpec = {
  type: 5,
  node: NODES.input,
  cloudData: INPUT_FORM,
  studioData: INPUT_FORM,
  requiredParameters: REQUIRED_PARAMETERS,
};

/** The question names the run's `topic` when one is given; `shape` picks how the interrupt carries it. */
export function* askQuestion(env: ScriptEnv): Script {
  const topic = typeof env.params.topic === 'string' && env.params.topic !== '' ? env.params.topic : undefined;
  const question = topic ? `${QUESTION} (${topic})` : QUESTION;
  const shape = env.params.shape;
  if (shape !== undefined && shape !== null && shape !== '' && !QUESTION_SHAPES.includes(shape as QuestionShape)) {
    return fail(4000, `input "shape" must be one of ${QUESTION_SHAPES.join(', ')}, not ${JSON.stringify(shape)}`);
  }
  yield delay(120);
  yield chunk(NODES.question, 0, true, question);
  return { kind: 'interrupt', interrupt: questionSpec(question, shape ? (shape as QuestionShape) : undefined) };
}

export function* collectInput(_env: ScriptEnv): Script {
  yield delay(120);
  return { kind: 'interrupt', interrupt: INPUT_SPEC };
}

export function answerText(resumeData: string): string {
  return `You chose ${resumeData}. Good choice!`;
}

function* resumeQuestion(resumeData: string): Script {
  const text = answerText(resumeData);
  yield* streamText(NODES.answer, text, 4, 120);
  return success({ output: text });
}

function* resumeInput(resumeData: string): Script {
  const v = tryParse(resumeData);
  const days = isObject(v) ? (v.days === undefined || v.days === '' ? 3 : asInt(v.days)) : undefined;
  if (!isObject(v) || typeof v.city !== 'string' || v.city.trim() === '' || days === undefined) {
    return fail(
      4000,
      'resume_data must be JSON text of the required parameters, e.g. {"city":"Paris","days":3} (city: string, required; days: integer, default 3)',
    );
  }
  const text = `Looking up the weather in ${v.city} for the next ${days} days.`;
  yield* streamText(NODES.answer, text, 4, 120);
  return success({ output: text, city: v.city, days });
}

/** The continuation after an interrupt of the given type. */
export function resumeScript(spec: InterruptSpec, resumeData: string): Script {
  if (spec.resume) return spec.resume(resumeData);
  return spec.type === 2 ? resumeQuestion(resumeData) : resumeInput(resumeData);
}
