/**
 * Minimal typings for the parts of restify 11 the bot uses (the package ships none and @types/restify is not
 * installed). Remove this file if @types/restify is added to devDependencies.
 */
declare module 'restify' {
  import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';

  export interface Request extends IncomingMessage {
    body?: unknown;
    params: Record<string, string | undefined>;
    query: Record<string, unknown>;
    getContentType(): string;
    header(name: string, defaultValue?: string): string;
  }

  export interface Response extends ServerResponse {
    send(code?: number, body?: unknown, headers?: Record<string, string>): void;
    send(body?: unknown): void;
    sendRaw(code?: number, body?: string | Buffer, headers?: Record<string, string>): void;
    header(name: string, value?: unknown): unknown;
    status(code: number): number;
  }

  export type Next = (error?: unknown) => void;
  export type RequestHandler = (req: Request, res: Response, next: Next) => unknown;
  export type AsyncRequestHandler = (req: Request, res: Response) => Promise<unknown>;

  export interface HttpError extends Error {
    statusCode?: number;
    body?: unknown;
    toJSON?: () => unknown;
  }

  export interface ServerOptions {
    name?: string;
    handleUncaughtExceptions?: boolean;
    ignoreTrailingSlash?: boolean;
    log?: import('pino').Logger;
  }

  export interface Server {
    readonly server: HttpServer;
    use(...handlers: RequestHandler[]): Server;
    pre(...handlers: RequestHandler[]): Server;
    get(path: string, ...handlers: Array<RequestHandler | AsyncRequestHandler>): unknown;
    post(path: string, ...handlers: Array<RequestHandler | AsyncRequestHandler>): unknown;
    del(path: string, ...handlers: Array<RequestHandler | AsyncRequestHandler>): unknown;
    on(event: 'restifyError', listener: (req: Request, res: Response, error: HttpError, callback: () => void) => void): Server;
    on(event: string, listener: (...args: unknown[]) => void): Server;
    listen(port: number, host: string, callback?: () => void): unknown;
    close(callback?: () => void): unknown;
    address(): { port: number; address: string; family: string } | string | null;
    readonly url: string;
  }

  interface BodyParserOptions {
    maxBodySize?: number;
    mapParams?: boolean;
    rejectUnknown?: boolean;
  }

  interface Plugins {
    bodyParser(options?: BodyParserOptions): RequestHandler[];
    queryParser(options?: { mapParams?: boolean }): RequestHandler;
  }

  const restify: {
    createServer(options?: ServerOptions): Server;
    plugins: Plugins;
  };
  export default restify;
}
