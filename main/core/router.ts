import { randomUUID } from 'node:crypto';
import { argSchemas, RpcError, type Handlers, type Method, type RpcErrorPayload } from '../../shared/contract/index.js';
import type { AppLog } from '../log/logger.js';

/** Implementations of every contract method; each may return a value or a promise of it. */
export type HandlerImpl = { [M in Method]: (args: Parameters<Handlers[M]>[0]) => ReturnType<Handlers[M]> | Promise<ReturnType<Handlers[M]>> };

export type Invoke = (method: string, args: unknown, requestId?: string) => Promise<unknown>;

/**
 * The one transport-agnostic entry into main: validate the payload against the contract,
 * run the handler, log one structured line per call with its request id, and turn
 * every failure into an RpcError the renderer can show.
 */
export function createRouter(impl: HandlerImpl, log: AppLog): Invoke {
  return async (method, args, requestId = randomUUID()) => {
    const started = performance.now();
    try {
      if (!Object.hasOwn(argSchemas, method)) throw new RpcError('unknown-method', `Unknown method "${method}".`);
      const parsed = argSchemas[method as Method].safeParse(args ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
        throw new RpcError('invalid-args', `Invalid arguments for ${method}${where}: ${issue.message}`, { issues: parsed.error.issues.slice(0, 5) as unknown as Record<string, unknown> });
      }
      const handler = impl[method as Method] as (a: unknown) => unknown;
      const result = await handler(parsed.data);
      log.logger.info({ requestId, method, ms: round(performance.now() - started) }, 'rpc');
      return result;
    } catch (error) {
      const rpc = toRpcError(error);
      const level = rpc.code === 'internal' ? 'error' : 'warn';
      log.logger[level]({ requestId, method, ms: round(performance.now() - started), code: rpc.code, err: rpc.code === 'internal' ? error : undefined }, rpc.message);
      if (rpc.code === 'internal' || rpc.code === 'io') {
        log.recordError({ time: new Date().toISOString(), requestId, method, message: rpc.message });
      }
      throw rpc;
    }
  };
}

/** Any thrown value as an RpcError; unexpected ones become `internal` with their message. */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  return new RpcError('internal', error instanceof Error ? error.message : String(error));
}

/** The serialisable form of an error for a transport. */
export function errorPayload(error: unknown): RpcErrorPayload {
  const rpc = toRpcError(error);
  return { code: rpc.code, message: rpc.message, ...(rpc.details ? { details: rpc.details } : {}) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
