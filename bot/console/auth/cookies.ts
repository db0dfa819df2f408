import type { Request } from 'restify';

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, and Secure (with the __Host- prefix) over https. */

const PLAIN_NAME = 'csbot_console';
const SECURE_NAME = '__Host-csbot_console';

export type CookieSecurity = 'auto' | 'always' | 'never';

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** Whether cookies set on this request get the Secure flag. */
export function isSecureRequest(req: Request, security: CookieSecurity, publicUrl: string | undefined): boolean {
  if (security !== 'auto') return security === 'always';
  return publicUrl?.startsWith('https://') === true || ('encrypted' in req.socket && req.socket.encrypted === true);
}

export function sessionTokenOf(req: Request): string | undefined {
  const cookies = parseCookies(req.headers.cookie);
  return cookies.get(SECURE_NAME) ?? cookies.get(PLAIN_NAME);
}

/** A Set-Cookie value; `maxAgeSeconds` 0 clears the cookie. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const name = secure ? SECURE_NAME : PLAIN_NAME;
  return [`${name}=${token}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
