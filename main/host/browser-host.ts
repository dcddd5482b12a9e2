import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { WebSocket } from 'ws';
import { lazyModule } from '../core/lazy.js';

const ws = lazyModule<typeof import('ws')>('ws');
import type { ClientMessage, ServerMessage } from '../../shared/contract/index.js';
import type { Workbench } from '../core/workbench.js';
import { errorPayload } from '../core/router.js';

export interface BrowserHostOptions {
  workbench: Workbench;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const COOKIE = 'archbench_token';
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.wasm': 'application/wasm',
};

/**
 * Serve the renderer and the RPC on 127.0.0.1 only. Every request needs the token (cookie set on the first
 * visit, `?token=`, or `Authorization: Bearer`), a loopback Host header (no DNS rebinding) and, when the
 * browser sends one, a same-origin Origin header.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const wss = new (ws().WebSocketServer)({ noServer: true, maxPayload: 80 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** Why a request is refused, or undefined when it may go on. */
  const refusal = (req: IncomingMessage, url: URL): { status: number; reason: string } | undefined => {
    if (!allowedHosts().has(req.headers.host ?? '')) return { status: 421, reason: 'foreign Host header' };
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return { status: 403, reason: 'foreign Origin' };
    if (!hasToken(req, url, token)) return { status: 401, reason: 'missing or wrong token' };
    return undefined;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refused = refusal(req, url);
    if (refused) return sendText(res, refused.status, `Refused: ${refused.reason}.`);
    if (url.searchParams.has('token')) {
      // First visit: trade the token in the URL for an HttpOnly cookie and drop it from the address bar.
      res.writeHead(303, { Location: '/', 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, 'Cache-Control': 'no-store' });
      return res.end();
    }
    if (url.pathname === '/rpc' && req.method === 'POST') return handleHttpRpc(req, res, options.workbench);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    serveStatic(options.rendererDir, url.pathname, res, port);
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refused = url.pathname !== '/rpc' ? { status: 404, reason: 'not found' } : refusal(req, url);
    if (refused) {
      socket.end(`HTTP/1.1 ${refused.status} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void answer(ws, String(data), options.workbench));
    });
  });

  const unsubscribe = options.workbench.onAny((event, payload) => {
    const message = JSON.stringify({ event, payload } satisfies ServerMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(ws: WebSocket, raw: string, workbench: Workbench): Promise<void> {
  let message: ClientMessage;
  try {
    message = JSON.parse(raw);
  } catch {
    return; // not a message of ours
  }
  if (typeof message?.id !== 'number' || typeof message.method !== 'string') return;
  let reply: ServerMessage;
  try {
    reply = { id: message.id, ok: true, result: await workbench.invoke(message.method, message.args) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: errorPayload(error) };
  }
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
}

function handleHttpRpc(req: IncomingMessage, res: ServerResponse, workbench: Workbench): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > 80 * 1024 * 1024) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', async () => {
    let body: { method?: unknown; args?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid-args', message: 'The request body is not JSON.' } });
    }
    try {
      const result = await workbench.invoke(String(body.method), body.args);
      sendJson(res, 200, { ok: true, result });
    } catch (error) {
      sendJson(res, 200, { ok: false, error: errorPayload(error) });
    }
  });
}

function hasToken(req: IncomingMessage, url: URL, token: string): boolean {
  const candidates = [url.searchParams.get('token') ?? ''];
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) candidates.push(auth.slice(7));
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) candidates.push(value.join('='));
  }
  const expected = Buffer.from(token);
  return candidates.some((c) => {
    const given = Buffer.from(c);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function serveStatic(root: string, pathname: string, res: ServerResponse, port: number): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'Bad path.');
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(normalize(root) + sep)) return sendText(res, 404, 'Not found.');
  let body: Buffer;
  try {
    if (!statSync(file).isFile()) return sendText(res, 404, 'Not found.');
    body = readFileSync(file);
  } catch {
    if (rel === '/index.html') return sendText(res, 500, 'The renderer is not built: run `npm run build`.');
    return sendText(res, 404, 'Not found.');
  }
  const type = MIME[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'private, max-age=3600',
  };
  if (type.startsWith('text/html')) {
    headers['Content-Security-Policy'] = contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`);
    headers['X-Frame-Options'] = 'DENY';
  }
  res.writeHead(200, headers);
  res.end(body);
}

/** The renderer's CSP, shared in spirit with the Electron host's (Monaco needs inline styles and blob workers). */
export function contentSecurityPolicy(connect: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${connect}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}
