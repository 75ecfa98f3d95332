/** What kind of failure a Coze code means: stable and language-neutral, shared by every surface and the webview. */
export type CozeErrorKind =
  | 'notSignedIn' // no token for this environment here, or its token is bound to another address (nothing was sent)
  | 'auth' // token invalid or expired (4100, studio 700012006, HTTP 401)
  | 'permission' // no permission (4101): the token lacks a permission, or (coze.cn/coze.com) belongs to the other region
  | 'unpublished' // workflow never published (4200, studio 6031 / 720702011)
  | 'notRunnable' // Coze Studio's empty answer to a run it could not start: unknown or unpublished workflow, or no permission
  | 'notFound' // workflow or execution unknown
  | 'paidFeature' // is_async on a free plan (6003)
  | 'rateLimited' // 4009 system ceiling, 4020 RPM over quota, HTTP 429: retried, then reported
  | 'dailyLimit' // 4008: the account's daily limit, nothing to retry until tomorrow
  | 'model' // 4010 prompt too long, 4012 invalid model, 4013 model error: the model service, not the request
  | 'balance' // 4011, 4019, 4022: the account or the model service is out of credit
  | 'riskControl' // 4102: blocked by risk control
  | 'resumeEnded' // 4314 no such execution, 4315 the execution already ended: cannot resume
  | 'upload' // 4300-4304, studio 104000006/7/8: the file was refused
  | 'badRequest' // 4000 / HTTP 400
  | 'interruptOnSync' // studio: a sync run reached a question node (6039)
  | 'unsupported' // endpoint this server does not offer with a token (studio session-only paths)
  | 'workflow' // the workflow itself failed (Error event)
  | 'server' // 5xx or unknown server failure
  | 'network' // could not connect / connection dropped
  | 'timeout' // connect, idle or total timeout
  | 'cancelled' // the user aborted
  | 'protocol'; // the answer was not a Coze response (HTML, empty body, broken event)

/** Kinds that mean the token is missing or not accepted: the place that shows them offers Sign In. */
export const AUTH_KINDS: readonly CozeErrorKind[] = ['notSignedIn', 'auth', 'permission'];

/**
 * Maps a Coze `code` (cloud OpenAPI codes from Coze's official error table, studio errnos, studio HTTP-like
 * codes) to a kind.
 */
export function kindForCode(code: number, httpStatus?: number): CozeErrorKind {
  switch (code) {
    case 4100:
    case 700012006:
      return 'auth';
    case 4101:
      return 'permission';
    case 4200:
    case 6031:
    case 720702011:
      return 'unpublished';
    case 720702004:
    case 404:
      return 'notFound';
    case 6003:
      return 'paidFeature';
    case 4009:
    case 4020:
    case 429:
      return 'rateLimited';
    case 4008:
      return 'dailyLimit';
    case 4010:
    case 4012:
    case 4013:
      return 'model';
    case 4011:
    case 4019:
    case 4022:
      return 'balance';
    case 4102:
      return 'riskControl';
    case 4314:
    case 4315:
      return 'resumeEnded';
    case 4300:
    case 4301:
    case 4302:
    case 4303:
    case 4304:
    case 104000006:
    case 104000007:
    case 104000008:
      return 'upload';
    case 4000:
    case 400:
      return 'badRequest';
    case 6039:
      return 'interruptOnSync';
    case 6023:
      return 'timeout';
    case 777777777:
      return 'cancelled';
    case 401:
      return 'unsupported';
    default:
      if (httpStatus === 401) return 'auth';
      if (httpStatus === 429) return 'rateLimited';
      if (httpStatus !== undefined && httpStatus >= 500) return 'server';
      return code >= 720700000 && code < 720800000 ? 'workflow' : 'server';
  }
}
