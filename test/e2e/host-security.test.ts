import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSession, type Session } from './harness.js';
import { skipReason } from './session.js';

const reason = skipReason();

/** Try a WebSocket upgrade; resolve with the HTTP status of a refusal, or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (error) => reject(error));
  });
}

describe.skipIf(!!reason)('browser host access', () => {
  let session: Session;
  let base: string;
  beforeAll(async () => {
    session = await startSession();
    base = `http://127.0.0.1:${session.host.port}`;
  });
  afterAll(async () => { await session?.close(); });

  it('refuses HTTP requests with a wrong or missing token', async () => {
    expect((await fetch(`${base}/?token=wrong-token`)).status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(401);
    const rpc = await fetch(`${base}/rpc`, {
      method: 'POST',
      headers: { Authorization: 'Bearer wrong-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'app.info', args: {} }),
    });
    expect(rpc.status).toBe(401);
    // The right token works, so the refusals above are about the token.
    const ok = await fetch(`${base}/rpc`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'project.current', args: {} }),
    });
    expect(ok.status).toBe(200);
  });

  it('refuses WebSocket upgrades with a wrong token', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${session.host.port}/rpc?token=wrong-token`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${session.host.port}/rpc`, { Cookie: 'archbench_token=wrong-token' })).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${session.host.port}/rpc?token=${session.host.token}`)).toBe(101);
  });

  it('serves the workbench page with a strict Content Security Policy', async () => {
    const page = await fetch(`${base}/`, { headers: { Authorization: `Bearer ${session.host.token}` } });
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    // And the renderer runs under it: the page got past its first RPC.
    await session.page.getByTestId('start-page').waitFor();
  });
});
