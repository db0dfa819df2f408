import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ConversationHub } from './conversationHub.js';
import type { DirectLineTokens } from './directLineTokens.js';
import { DIRECT_LINE_BASE } from './directLineRoutes.js';

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_BASE}/conversations/([A-Za-z0-9_-]{1,64})/stream$`);

function reject(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * Direct Line WebSocket streams on the HTTP server's upgrade event: `{activities, watermark}` messages for one
 * conversation, starting after the watermark in the URL (all activities when none).
 */
export function attachDirectLineStream(httpServer: HttpServer, deps: { hub: ConversationHub; tokens: DirectLineTokens; logger: Logger }): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true });
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    const conversationId = match?.[1];
    if (conversationId === undefined) return reject(socket, 404, 'Not Found');
    try {
      const claims = deps.tokens.verify(url.searchParams.get('t') ?? '');
      if (claims.conversationId !== conversationId) return reject(socket, 403, 'Forbidden');
      if (!deps.hub.has(conversationId)) return reject(socket, 404, 'Not Found');
    } catch (error) {
      return reject(socket, isAppError(error) ? error.status : 400, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const send = (payload: unknown): void => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
      };
      const backlog = deps.hub.activitiesAfter(conversationId, url.searchParams.get('watermark') ?? undefined);
      if (backlog.activities.length > 0) send(backlog);
      const unsubscribe = deps.hub.subscribe(conversationId, send);
      ws.on('close', unsubscribe);
      ws.on('error', (error) => {
        deps.logger.debug({ err: error, conversationId }, 'stream error');
        unsubscribe();
      });
    });
  });
  return wss;
}
