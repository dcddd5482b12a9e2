import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** ../shared/corpus beside the repo: real-world samples, read in place and never copied into the repo. */
export const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');

/** A corpus folder by name (e.g. `vampi`). */
export function corpus(name: string): string {
  return join(CORPUS, name);
}
