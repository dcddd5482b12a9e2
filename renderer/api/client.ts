/**
 * The renderer's one typed RPC client. The transport is Electron's preload bridge when present,
 * otherwise the browser host's WebSocket (authenticated by the cookie the host set on first visit).
 */
import type { ArgsOf, EventName, Events, Method, ResultOf, RpcErrorCode, ServerMessage } from '../../shared/contract/index.js';

/** The link to main: Electron's bridge is always up; the browser host's WebSocket can drop and come back. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

interface Transport {
  invoke(method: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** The bridge main/electron/preload.ts exposes. */
interface ElectronBridge {
  invoke(method: string, args: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: RpcErrorCode; message: string; details?: Record<string, unknown> } }>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    archbench?: ElectronBridge;
  }
}

/** An error from main, with the contract's code. */
export class ClientError extends Error {
  constructor(public readonly code: RpcErrorCode | 'disconnected', message: string, public readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'ClientError';
  }
}

function electronTransport(bridge: ElectronBridge): Transport {
  return {
    async invoke(method, args) {
      const reply = await bridge.invoke(method, args);
      if (reply.ok) return reply.result;
      throw new ClientError(reply.error.code, reply.error.message, reply.error.details);
    },
    on: (event, listener) => bridge.on(event, listener),
    state: () => 'connected',
    onStateChange: () => () => undefined,
  };
}

function webSocketTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let ready: Promise<WebSocket> | undefined;
  let backoff = 250;
  let state: ConnectionState = 'connecting';
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const connect = (): Promise<WebSocket> => {
    if (ready) return ready;
    ready = new Promise((resolve, reject) => {
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`);
      ws.onopen = () => { socket = ws; backoff = 250; setState('connected'); resolve(ws); };
      ws.onerror = () => reject(new ClientError('disconnected', 'Cannot reach the Archbench host.'));
      ws.onclose = () => {
        socket = undefined;
        ready = undefined;
        for (const [, pending] of waiting) pending.reject(new ClientError('disconnected', 'The connection to the Archbench host closed.'));
        waiting.clear();
        // Reconnect so pushed events keep arriving after a host restart or a network blip.
        setTimeout(() => { if (listeners.size) connect().catch(() => undefined); }, backoff = Math.min(backoff * 2, 5000));
        setState('disconnected');
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as ServerMessage;
        if ('event' in data) return dispatch(data.event, data.payload);
        const pending = waiting.get(data.id);
        if (!pending) return;
        waiting.delete(data.id);
        if (data.ok) pending.resolve(data.result);
        else pending.reject(new ClientError(data.error.code as RpcErrorCode, data.error.message, data.error.details));
      };
    });
    return ready;
  };

  const dispatch = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  return {
    async invoke(method, args) {
      const ws = socket ?? (await connect());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, args }));
      });
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      connect().catch(() => undefined);
      return () => listeners.get(event)?.delete(listener);
    },
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}

const transport: Transport = typeof window !== 'undefined' && window.archbench ? electronTransport(window.archbench) : webSocketTransport();

/** Which host the renderer runs in. */
export const hostKind: 'electron' | 'browser' = typeof window !== 'undefined' && window.archbench ? 'electron' : 'browser';

/** Call a contract method. */
export function invoke<M extends Method>(method: M, args: ArgsOf<M>): Promise<Awaited<ResultOf<M>>> {
  return transport.invoke(method, args) as Promise<Awaited<ResultOf<M>>>;
}

/** Listen to a push event from main; returns the unsubscribe function. */
export function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return transport.on(event, listener as (payload: unknown) => void);
}

/** The current state of the link to main. */
export function connectionState(): ConnectionState {
  return transport.state();
}

/** Be told when the link to main drops or comes back (after a reconnect, state may have moved on: refetch). */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  return transport.onStateChange(listener);
}
