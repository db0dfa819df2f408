import { isIPv6 } from 'node:net';
import type { Request } from 'restify';

/**
 * The client's address: the socket's peer, or with `trustedProxyHops` reverse proxies in front, the address the
 * outermost trusted proxy saw (X-Forwarded-For entries added by untrusted parties are ignored).
 */
export function clientAddress(req: Request, trustedProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops === 0) return normalise(peer);
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((a) => a.trim()).filter((a) => a !== '');
  const index = forwarded.length - trustedProxyHops;
  return normalise(forwarded[Math.max(0, index)] ?? peer);
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Rate-limit key of an address: IPv4 as is, IPv6 by its /64 (one host usually owns a whole /64). */
export function addressBucket(address: string): string {
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
