import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Zippable } from 'fflate';
import { lazyModule } from '../core/lazy.js';

const fflate = lazyModule<typeof import('fflate')>('fflate');

/** Zip files larger than this are refused when read back (a bundle is a few MB; this guards against zip bombs). */
const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;
/** Every entry gets the same timestamp so the same bundle zips to the same bytes. */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/** The bundle's files as a .zip (deflated, flat, deterministic entry order and times). */
export function zipBundle(files: Map<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const name of [...files.keys()].sort()) entries[name] = [files.get(name)!, { level: 6, mtime: FIXED_MTIME }];
  return fflate().zipSync(entries);
}

/** True when the bytes start like a zip archive. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

/**
 * The files of a bundle, from a folder or a .zip, by `/`-separated path (never extracted to disk, so entry names
 * cannot escape anywhere). `only` limits which entries are read.
 */
export function readBundleFiles(target: string, only?: (path: string) => boolean): Map<string, Uint8Array> {
  if (statSync(target).isDirectory()) return readFolder(target, only);
  const bytes = readFileSync(target);
  let total = 0;
  const entries = fflate().unzipSync(bytes, {
    filter: (file) => {
      if (file.name.endsWith('/') || (only && !only(file.name))) return false;
      total += file.originalSize;
      if (total > MAX_UNZIPPED_BYTES) throw new Error(`${target} unpacks to more than ${MAX_UNZIPPED_BYTES / 1048576} MiB`);
      return true;
    },
  });
  return new Map(Object.entries(entries));
}

function readFolder(dir: string, only?: (path: string) => boolean): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      const path = relative(dir, full).split(sep).join('/');
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && (!only || only(path))) out.set(path, readFileSync(full));
    }
  };
  walk(dir);
  return out;
}
