/** Error codes every transport carries unchanged, so the renderer can react to them. */
export type RpcErrorCode =
  | 'invalid-args'     // payload failed validation
  | 'unknown-method'
  | 'no-project'       // a project method before project.open
  | 'path-outside'     // `..`, absolute path or symlink leaving the folder
  | 'not-found'
  | 'conflict'         // file.save with an expectedHash that no longer matches the disk
  | 'too-large'
  | 'io'
  | 'internal';

/** An error meant for the user: a code, a clear message, and where it applies. */
export class RpcError extends Error {
  constructor(public readonly code: RpcErrorCode, message: string, public readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface RpcErrorPayload {
  code: RpcErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
