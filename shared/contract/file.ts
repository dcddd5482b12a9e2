import * as z from 'zod';

/** A file's text and the hash of the bytes it was read from (the base for conflict detection). */
export interface FileContent {
  path: string;
  content: string;
  hash: string;
  mtimeMs: number;
}

export interface SaveResult {
  path: string;
  hash: string;
  mtimeMs: number;
}

const relativePath = z.string().min(1).max(4096);

export const fileSchemas = {
  'file.read': z.object({ path: relativePath }).strict(),
  'file.save': z.object({
    path: relativePath,
    content: z.string().max(64 * 1024 * 1024),
    /** Hash the editor's text was based on; the save is refused with `conflict` when the disk differs. Omit to create or to overwrite deliberately. */
    expectedHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  }).strict(),
};

export interface FileHandlers {
  'file.read': (args: { path: string }) => FileContent;
  'file.save': (args: { path: string; content: string; expectedHash?: string }) => SaveResult;
}
