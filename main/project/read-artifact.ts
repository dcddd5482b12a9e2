import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Artifact } from '../../shared/model/artifact.js';
import { classifyArtifact } from './classify.js';
import type { DiscoveredFile } from './discovery.js';

/** Files larger than this are listed but not read or classified (hostile or generated folders). */
export const MAX_ARTIFACT_BYTES = 20 * 1024 * 1024;

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Read, hash and classify one discovered file into an artifact row. Never throws. */
export function readArtifactSync(file: DiscoveredFile): Artifact {
  const base = { path: file.path, size: file.size, mtimeMs: file.mtimeMs };
  if (file.skipReason) return { ...base, kind: 'other', hash: '', status: 'skipped', message: file.skipReason };
  if (file.size > MAX_ARTIFACT_BYTES) {
    return { ...base, kind: 'other', hash: '', status: 'skipped', message: `larger than ${MAX_ARTIFACT_BYTES / 1024 / 1024} MiB: not read` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file.absolute);
  } catch (error) {
    return { ...base, kind: 'other', hash: '', status: 'error', message: `cannot be read: ${(error as Error).message}` };
  }
  const { kind, detail } = classifyArtifact(file.path, bytes.toString('utf8'));
  const artifact: Artifact = { ...base, size: bytes.length, kind, hash: sha256(bytes), status: 'ok' };
  if (detail) artifact.detail = detail;
  return artifact;
}
