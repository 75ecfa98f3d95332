/** Bearer-token checks per dialect (reference §1.2, §1.5, §11). */
import type { IncomingMessage } from 'node:http';
import type { Reply } from './http';
import { TOKENS } from './constants';

export type TokenKind = 'valid' | 'freePlan';

/** Splits the header on the literal `Bearer` like studio does; returns the token or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const parts = header.split('Bearer');
  if (parts.length !== 2 || parts[0]!.trim() !== '') return null;
  const token = parts[1]!.trim();
  return token === '' ? null : token;
}

export const CLOUD_AUTH_INVALID = { code: 4100, msg: 'authentication is invalid' };
export const STUDIO_AUTH_INVALID = { code: 700012006, msg: 'authentication failed: invalid api key' };

/** The 4101 message of a token issued for the other region. */
export function otherRegionMsg(region: 'cn' | 'com'): string {
  const other = region === 'cn' ? 'com' : 'cn';
  return (
    'The token you entered is incorrect. Please double check and try again. ' +
    `(This token was issued by coze.${other}; send it to https://api.coze.${other} instead.)`
  );
}

/** Writes the dialect's auth-failure response (used by the http-401 fault too, with status 401). */
export function sendAuthFailure(reply: Reply, status?: number): void {
  if (reply.dialect === 'cloud') reply.error(CLOUD_AUTH_INVALID.code, CLOUD_AUTH_INVALID.msg, status ?? 401);
  else reply.error(STUDIO_AUTH_INVALID.code, STUDIO_AUTH_INVALID.msg, status ?? 200);
}

/** The demo token, or one made from it with a suffix (`pat_local_demo_<anything>`), so tests can tell tokens apart. */
export function isValidToken(token: string | null): boolean {
  return token === TOKENS.valid || (token !== null && token.startsWith(`${TOKENS.valid}_`) && token.length > TOKENS.valid.length + 1);
}

/**
 * Checks the Authorization header. On failure writes the error (JSON, also on stream endpoints) and returns
 * null; on success returns what the token may do.
 */
export function authenticate(req: IncomingMessage, reply: Reply, region: 'cn' | 'com'): TokenKind | null {
  const token = bearerToken(req.headers.authorization);
  if (reply.dialect === 'studio') {
    if (isValidToken(token)) return 'valid';
    sendAuthFailure(reply);
    return null;
  }
  if (isValidToken(token)) return 'valid';
  if (token === TOKENS.freePlan) return 'freePlan';
  if (token === TOKENS.otherRegion) {
    reply.error(4101, otherRegionMsg(region), 200);
    return null;
  }
  sendAuthFailure(reply);
  return null;
}
