import { entryFor, type BundleManifest } from './manifest.js';
import { readBundleFiles } from './zip.js';

export interface VerifyResult { ok: boolean; checked: number; problems: string[] }

/** Check every file of a bundle (folder or .zip) against its manifest.json; extra, missing and altered files are problems. */
export async function verifyBundle(target: string): Promise<VerifyResult> {
  let files: Map<string, Uint8Array>;
  try {
    files = readBundleFiles(target);
  } catch (error) {
    return { ok: false, checked: 0, problems: [`cannot read the bundle: ${(error as Error).message}`] };
  }
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) return { ok: false, checked: 0, problems: ['manifest.json is missing'] };
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8'));
  } catch {
    return { ok: false, checked: 0, problems: ['manifest.json is not valid JSON'] };
  }
  if (!manifest || !Array.isArray(manifest.files)) return { ok: false, checked: 0, problems: ['manifest.json has no file list'] };
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const bytes = files.get(entry.path);
    if (!bytes) { problems.push(`missing: ${entry.path}`); continue; }
    if (entryFor(entry.path, bytes).sha256 !== entry.sha256) problems.push(`changed: ${entry.path} (SHA-256 differs from manifest.json)`);
  }
  for (const path of files.keys()) {
    if (path !== 'manifest.json' && !listed.has(path)) problems.push(`not in manifest: ${path}`);
  }
  return { ok: problems.length === 0, checked: manifest.files.length, problems };
}
