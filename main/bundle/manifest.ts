import { createHash } from 'node:crypto';

export interface ManifestEntry { path: string; sha256: string; size: number }

/** manifest.json: what made the bundle and the SHA-256 of every other file in it (`archbench verify` checks them). */
export interface BundleManifest {
  tool: 'archbench';
  version: string;
  /** `sha256:...` of every built-in rule id and default severity. */
  ruleSetVersion: string;
  ruleCount?: number;
  project: string;
  createdAt: string;
  /** The analysis run the bundle reports, in the project store. */
  runId?: number;
  files: ManifestEntry[];
  /** Files of the bundle that were asked for and not written, with why (report.pdf without Chromium). */
  skipped?: Array<{ path: string; reason: string }>;
  baseline?: { source: string; known: number; matched: number; newCount: number };
  /** The git revision of the analysed folder, when it is a checkout. */
  revision?: { repositoryUri?: string; revisionId?: string; branch?: string };
}

/** SHA-256 of a bundle file's bytes. */
export function entryFor(path: string, bytes: Uint8Array): ManifestEntry {
  return { path, sha256: sha256Hex(bytes), size: bytes.length };
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
