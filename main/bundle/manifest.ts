import { createHash } from 'node:crypto';

export interface ManifestEntry { path: string; sha256: string; size: number }

export interface BundleManifest {
  tool: 'archbench';
  version: string;
  ruleSetVersion: string;
  project: string;
  createdAt: string;
  files: ManifestEntry[];
}

/** SHA-256 of a bundle file's bytes. */
export function entryFor(path: string, bytes: Uint8Array): ManifestEntry {
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}
