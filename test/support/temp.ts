import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder; removed by the returned cleanup. */
export function tempDir(prefix = 'archbench-test-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A temporary, writable copy of a folder (corpus folders are read-only and must never be edited). */
export function tempCopy(source: string): { path: string; cleanup(): void } {
  const dir = tempDir('archbench-project-');
  const path = join(dir.path, 'project');
  cpSync(source, path, { recursive: true });
  makeWritable(path);
  return { path, cleanup: dir.cleanup };
}

/** The corpus is laid out without write bits; a working copy needs them back. */
function makeWritable(path: string): void {
  const st = statSync(path);
  chmodSync(path, st.mode | (st.isDirectory() ? 0o700 : 0o600));
  if (st.isDirectory()) for (const name of readdirSync(path)) makeWritable(`${path}/${name}`);
}
