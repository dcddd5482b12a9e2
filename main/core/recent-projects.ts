import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecentProject } from '../../shared/contract/project.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';

const MAX_RECENT = 12;

/** The recent-projects list, kept as JSON in the app's data folder. */
export class RecentProjects {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent-projects.json');
  }

  list(): RecentProject[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter((p) => typeof p?.root === 'string' && typeof p?.name === 'string') : [];
    } catch {
      return [];
    }
  }

  remember(project: { root: string; name: string }): void {
    const list = [{ root: project.root, name: project.name, openedAt: new Date().toISOString() }, ...this.list().filter((p) => p.root !== project.root)];
    writeFileAtomicSync(this.file, JSON.stringify(list.slice(0, MAX_RECENT), null, 2));
  }
}
