import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createWorkbench, type Workbench } from '../../main/core/workbench.js';
import { startBrowserHost, type BrowserHost } from '../../main/host/browser-host.js';
import { corpus, REPO_ROOT } from '../support/paths.js';
import { tempCopy, tempDir } from '../support/temp.js';

let workbench: Workbench;
let host: BrowserHost;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  const data = tempDir('archbench-data-');
  const renderer = tempDir('archbench-renderer-');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>Archbench</title>');
  const project = tempCopy(corpus('vampi'));
  workbench = createWorkbench({ dataDir: data.path, resourcesDir: join(REPO_ROOT, 'resources'), host: 'browser', version: 'test', watch: false });
  await workbench.invoke('project.open', { path: project.path });
  host = await startBrowserHost({ workbench, rendererDir: renderer.path });
  cleanups.push(data.cleanup, renderer.cleanup, project.cleanup);
});

afterAll(async () => {
  await host.close();
  await workbench.close();
  for (const c of cleanups) c();
});

/** Raw HTTP so the test controls Host and Origin headers exactly. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'GET', headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function rpcOverWebSocket(headers: Record<string, string>, query = ''): Promise<{ opened: boolean; reply?: any; error?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc${query}`, { headers });
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'project.current', args: {} })));
    ws.on('message', (data) => { resolve({ opened: true, reply: JSON.parse(String(data)) }); ws.close(); });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, error: String(res.statusCode) }));
    ws.on('error', (e) => resolve({ opened: false, error: e.message }));
  });
}

describe('browser host security', () => {
  it('listens on loopback only and prints a URL with the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{20,}$`));
    expect((host.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { cookie: 'archbench_token=wrong' })).status).toBe(401);
  });

  it('trades the token for an HttpOnly cookie and serves the renderer with a strict CSP', async () => {
    const first = await get(`/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toMatch(/archbench_token=.*HttpOnly; SameSite=Strict/);
    const page = await get('/', { cookie: `archbench_token=${host.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Archbench</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin even with the token', async () => {
    expect((await get('/', { host: `evil.example:${host.port}`, cookie: `archbench_token=${host.token}` })).status).toBe(421);
    expect((await get('/', { origin: 'http://evil.example', cookie: `archbench_token=${host.token}` })).status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/..%2f..%2fpackage.json', { cookie: `archbench_token=${host.token}` });
    expect(res.status).toBe(404);
  });

  it('answers RPC over WebSocket only with the token and a same origin', async () => {
    const ok = await rpcOverWebSocket({ cookie: `archbench_token=${host.token}`, origin: `http://127.0.0.1:${host.port}` });
    expect(ok.opened).toBe(true);
    expect(ok.reply).toMatchObject({ id: 1, ok: true, result: { name: 'project' } });
    expect((await rpcOverWebSocket({ origin: `http://127.0.0.1:${host.port}` })).opened).toBe(false);
    expect((await rpcOverWebSocket({ cookie: 'archbench_token=nope' })).opened).toBe(false);
    expect((await rpcOverWebSocket({ cookie: `archbench_token=${host.token}`, origin: 'http://evil.example' })).opened).toBe(false);
  });
});

describe('RPC validation', () => {
  it('rejects unknown methods and malformed payloads with the field that is wrong', async () => {
    await expect(workbench.invoke('project.delete', {})).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(workbench.invoke('file.read', { path: 42 })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining('path') });
    await expect(workbench.invoke('file.read', { path: 'a', extra: true })).rejects.toMatchObject({ code: 'invalid-args' });
    await expect(workbench.invoke('file.save', { path: 'a.yaml', content: 'x', expectedHash: 'not-a-hash' })).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringContaining('expectedHash') });
  });

  it('returns errors over the wire with their code and message', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'file.read', args: { path: '../outside' } }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'path-outside' } });
  });

  it('logs one JSON line per call with a request id', async () => {
    await workbench.invoke('project.current', {});
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(workbench.log.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const call = lines.reverse().find((l) => l.method === 'project.current');
    expect(call).toMatchObject({ level: 30, msg: 'rpc' });
    expect(call.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
