/** Bearer-token checks per dialect (reference §1.2, §1.5, §11). */
import type { IncomingMessage } from 'node:http';
import type { Reply } from './http';
import { TOKENS } from './constants';
import { EVERY_PERMISSION, isTokenOf, scopedPermissions } from './permissions';
import type { Permission } from './permissions';

export type TokenKind = 'valid' | 'freePlan';

/** What an accepted token may do. */
export interface TokenGrant {
  kind: TokenKind;
  /** cloud permissions (§1.2); studio checks none. */
  permissions: ReadonlySet<Permission>;
}

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

/**
 * Writes the dialect's auth-failure response: HTTP 200 with the code in the body by default (what the SDK test
 * doubles model, §1.5/§15); the http-401 fault passes 401 for cloud's HTTP 401 variant.
 */
export function sendAuthFailure(reply: Reply, status = 200): void {
  if (reply.dialect === 'cloud') reply.error(CLOUD_AUTH_INVALID.code, CLOUD_AUTH_INVALID.msg, status);
  else reply.error(STUDIO_AUTH_INVALID.code, STUDIO_AUTH_INVALID.msg, status);
}

/**
 * Checks the Authorization header. On failure writes the error (JSON, also on stream endpoints) and returns
 * null; on success returns what the token may do. studio accepts the scoped demo tokens as plain valid tokens
 * (it has no permission model).
 */
export function authenticate(req: IncomingMessage, reply: Reply, region: 'cn' | 'com'): TokenGrant | null {
  const token = bearerToken(req.headers.authorization);
  const scoped = scopedPermissions(token);
  if (reply.dialect === 'studio') {
    if (scoped) return { kind: 'valid', permissions: EVERY_PERMISSION };
    sendAuthFailure(reply);
    return null;
  }
  if (scoped) return { kind: 'valid', permissions: scoped };
  if (token === TOKENS.freePlan) return { kind: 'freePlan', permissions: EVERY_PERMISSION };
  if (token === TOKENS.otherRegion) {
    reply.error(4101, otherRegionMsg(region), 200);
    return null;
  }
  // a token made on one region: accepted there, refused (4101) by the other, as Coze does
  const madeOn = isTokenOf(token, TOKENS.regionCn) ? 'cn' : isTokenOf(token, TOKENS.regionCom) ? 'com' : undefined;
  if (madeOn === region) return { kind: 'valid', permissions: EVERY_PERMISSION };
  if (madeOn) {
    reply.error(4101, otherRegionMsg(region), 200);
    return null;
  }
  sendAuthFailure(reply);
  return null;
}
