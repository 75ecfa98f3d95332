import type { CozeErrorKind } from './model/errorKind';

/** A hint's English text and what fills its `{0}`, `{1}`. */
export interface Hint {
  text: string;
  args: string[];
}

/** Marks a hint's text (the l10n check collects `hint('…')` texts as keys of the extension's bundle). */
export function hint(text: string, ...args: string[]): Hint {
  return { text, args };
}

/** The hint with its placeholders filled: what the CLI and the MCP server print. */
export function fillHint(h: Hint): string {
  return h.text.replace(/\{(\d)\}/g, (_, i: string) => h.args[Number(i)] ?? '');
}

/** The English hint for an error (what happened and what to do), placeholders filled. */
export function hintText(kind: CozeErrorKind, code?: number, region?: { other: string; here: string }): string {
  return fillHint(hintTemplate(kind, code, region));
}

/**
 * What to do about an error, in English, for its code where the code says more: one table for every host.
 * The extension shows it translated (each text is a key of its l10n bundle, marked by `hint(…)` for the
 * string check); the CLI and the MCP server show it as it is. `{0}`, `{1}` are filled by `fillHint`.
 */
export function hintTemplate(kind: CozeErrorKind, code?: number, region?: { other: string; here: string }): Hint {
  switch (code) {
    case 4010:
      return hint('The prompt is longer than the model accepts (4010). Shorten the input, or pick a model with a larger context in the workflow.');
    case 4012:
      return hint('The workflow uses a model that is no longer available (4012). Choose another model in the workflow and publish it again.');
    case 4011:
      return hint('The Coze account is out of tokens (4011). Top up the balance on Coze, then run again.');
    case 4019:
      return hint('The Coze account is in arrears (4019). Settle the pay-as-you-go balance on Coze, then run again.');
    case 4022:
      return hint('The model service of this account is in arrears (4022). Settle it on Coze, then run again.');
    case 4300:
      return hint('Coze refused the file: it is empty (4300).');
    case 4301:
      return hint('Coze takes one file per upload (4301).');
    case 4302:
      return hint('Coze refused the file: it is larger than its upload limit (4302, 512 MB on coze.cn).');
    case 4303:
      return hint('Coze does not accept this type of file (4303). Convert it to a supported type (documents, images, audio, video, archives).');
    case 4304:
      return hint('Coze could not read the file (4304). Check that it is not damaged, then upload it again.');
    case 4314:
      return hint('Coze has no record of this run (4314), so it cannot be resumed. Run the workflow again.');
    case 4315:
      return hint('This run has already ended (4315): it can no longer take an answer. Run the workflow again.');
  }
  switch (kind) {
    case 'notSignedIn':
      return hint('Sign in to this environment with a personal access token made on it, or select another environment.');
    case 'auth':
      return hint('The access token was not accepted: it is wrong, expired or revoked. Sign in again with a token made on this environment.');
    case 'permission':
      return region
        ? hint(
            'Coze refused this token for this call (no permission). The token may lack a permission the call needs (a run needs "run"); or it may have been made on {0}, whose tokens {1} does not accept.',
            region.other,
            region.here,
          )
        : hint(
            'The server refused this token for this call (no permission). Make a token with the permissions the call needs (a run needs "run"), then sign in again.',
          );
    case 'unpublished':
      return hint('The workflow is not published. Publish it in Coze first: the OpenAPI runs only published workflows.');
    case 'notRunnable':
      return hint(
        "Coze Studio answers this way when a run cannot start. Check that the workflow id is right, that the workflow is published, and that the token's account may run it.",
      );
    case 'notFound':
      return hint("Coze does not know this workflow or run. Check the id, and that the token belongs to the workflow's workspace.");
    case 'paidFeature':
      return hint('Asynchronous runs need a paid Coze plan. Run the workflow as a stream instead.');
    case 'rateLimited':
      return hint(
        "Coze is limiting how often this account may call it (4009: system limit, 4020: requests per minute over the plan's quota). It was retried; wait a moment before running again, or raise the plan's limits.",
      );
    case 'dailyLimit':
      return hint("The account has reached its daily limit (4008). Runs work again tomorrow, or after raising the plan's limits.");
    case 'model':
      return hint('The model service failed (4013), not your request. Retry in a moment; if it keeps failing, quote the logid to Coze support.');
    case 'balance':
      return hint('The Coze account has no credit left for this. Top up on Coze, then run again.');
    case 'riskControl':
      return hint("Coze's risk control blocked this request (4102). Retry later; if it keeps happening, report it to Coze support with the logid.");
    case 'resumeEnded':
      return hint('This run can no longer be resumed. Run the workflow again.');
    case 'upload':
      return hint('The server refused the file. Check its type and size, then upload it again.');
    case 'badRequest':
      return hint("Coze rejected the request parameters. Check the inputs against the workflow's start node.");
    case 'interruptOnSync':
      return hint('The workflow asked a question, which a synchronous run cannot answer on Coze Studio. Run it as a stream.');
    case 'unsupported':
      return hint('This server does not offer this call with an access token. Enter the workflow id and parameters by hand.');
    case 'workflow':
      return hint('The workflow failed while running. Open the debug URL to see which node failed and why.');
    case 'server':
      return hint('The Coze server failed. Retry later; if it keeps failing, quote the logid to Coze support.');
    case 'network':
      return hint("Could not reach the server, or the connection broke. Check the environment's base URL, your network and the http.proxy setting.");
    case 'timeout':
      return hint('The request timed out. For long workflows, raise the Coze timeouts in the settings or run the workflow asynchronously.');
    case 'cancelled':
      return hint('The run was cancelled. The workflow may still finish on the server: check its debug URL.');
    case 'protocol':
      return hint("The server's answer was not a Coze response. Check that the environment's base URL points at a Coze API.");
  }
}

/** The words for refusing an unquoted id: what it would become, and what to do. */
export function unsafeIntegerHint(digits: string): Hint {
  return hint('{0} is a number JavaScript cannot hold exactly (it would become {1}, another id): quote it, "{0}"', digits, BigInt(Number(digits)).toString());
}

export function unsafeIntegerText(digits: string): string {
  return fillHint(unsafeIntegerHint(digits));
}
