import { isRecord, tryParseJson } from './json';
import type { InterruptInfo } from './events';

export type InterruptKind = 'question' | 'input' | 'oauth' | 'clientPlugin' | 'other';

/** What a person needs to answer an interrupt, read from its raw payload. */
export interface InterruptQuestion {
  kind: InterruptKind;
  question: string;
  /** Choices of an option question; answering with one of them is enough. */
  options: string[];
  /** For input nodes: a JSON template of the fields to fill (the answer is that JSON text). */
  answerTemplate?: string;
  /** http(s) links found in the payload (an OAuth authorization page, for example). */
  links: string[];
}

function kindOf(type: number): InterruptKind {
  switch (type) {
    case 2:
      return 'question';
    case 5:
      return 'input';
    case 7:
      return 'oauth';
    case 1:
    case 6:
      return 'clientPlugin';
    default:
      return 'other';
  }
}

function textOf(content: unknown): { question: string; options: string[] } {
  if (typeof content === 'string') {
    const nested = tryParseJson(content);
    return isRecord(nested) ? textOf(nested) : { question: content, options: [] };
  }
  if (isRecord(content)) {
    const question = typeof content.question === 'string' ? content.question : '';
    const options = Array.isArray(content.options)
      ? content.options.map((o) => (isRecord(o) ? String(o.name ?? o.value ?? '') : String(o))).filter(Boolean)
      : [];
    return { question, options };
  }
  return { question: '', options: [] };
}

function templateFor(params: Record<string, unknown>): string {
  const example = (schema: unknown): unknown => {
    const s = isRecord(schema) ? schema : {};
    if (s.default_value !== undefined && s.default_value !== '') {
      const parsed = typeof s.default_value === 'string' ? tryParseJson(s.default_value) : s.default_value;
      return parsed ?? s.default_value;
    }
    switch (s.type) {
      case 'integer':
      case 'number':
        return 0;
      case 'boolean':
        return false;
      case 'array':
        return [];
      case 'object':
        return {};
      default:
        return '';
    }
  };
  return JSON.stringify(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, example(v)])), null, 2);
}

/** The question and its options in a payload: plain text, a JSON `{"messages":[…]}` (Coze Studio), or a JSON object. */
function readQuestion(text: string): { question: string; options: string[] } {
  const parsed = tryParseJson(text);
  if (isRecord(parsed) && Array.isArray(parsed.messages)) {
    // studio question node: {"messages":[{"type":"question","content_type":"text"|"option","content":…}]}
    const parts = parsed.messages.filter(isRecord).map((m) => textOf(m.content));
    return {
      question: parts
        .map((p) => p.question)
        .filter(Boolean)
        .join('\n'),
      options: parts.flatMap((p) => p.options),
    };
  }
  if (isRecord(parsed)) {
    const t = textOf(parsed);
    return { question: t.question || (typeof parsed.content === 'string' ? parsed.content : '') || JSON.stringify(parsed, null, 2), options: t.options };
  }
  return { question: text, options: [] };
}

/**
 * Reads the question (text or options), the fields an input node wants, and any link to open. The question
 * comes from the interrupt's own data (text, or JSON messages); when that is empty, as cloud sends it, from
 * the text the question node streamed just before (`streamed`). The node's title is never the question: it
 * is a heading, and an empty question stays empty for the caller to say so.
 */
export function describeInterrupt(info: InterruptInfo, streamed?: string): InterruptQuestion {
  const kind = kindOf(info.type);
  let { question, options } = readQuestion(info.data);
  if (!question.trim() && streamed?.trim()) ({ question, options } = readQuestion(streamed));
  const links = [...new Set(`${info.data}\n${question}`.match(/https?:\/\/[^\s"'<>\\]+/g) ?? [])];
  const result: InterruptQuestion = { kind, question: question.trim() ? question : '', options, links };
  if (info.requiredParameters && Object.keys(info.requiredParameters).length > 0) result.answerTemplate = templateFor(info.requiredParameters);
  return result;
}
