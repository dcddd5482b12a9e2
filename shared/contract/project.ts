import * as z from 'zod';
import type { Artifact } from '../model/artifact.js';

/** What the workbench knows about the open project. */
export interface ProjectInfo {
  root: string;
  name: string;
  storePath: string;
  /** True when the folder could not be written and the store lives in the app's data folder. */
  storeInAppData: boolean;
  /** Set when the store had to be moved aside and rebuilt (corrupt or from a newer Archbench). */
  storeNotice?: string;
  artifactCount: number;
  /** Files read (hashed) while opening; 0 when reopening an unchanged folder. */
  filesRead: number;
  openedInMs: number;
  isSample: boolean;
}

export interface RecentProject {
  root: string;
  name: string;
  openedAt: string;
}

export const projectSchemas = {
  'project.open': z.object({ path: z.string().min(1).max(4096) }),
  'project.openSample': z.object({}).strict(),
  'project.current': z.object({}).strict(),
  'project.close': z.object({}).strict(),
  'project.recent': z.object({}).strict(),
  'project.tree': z.object({}).strict(),
};

export interface ProjectHandlers {
  'project.open': (args: { path: string }) => ProjectInfo;
  'project.openSample': (args: Record<string, never>) => ProjectInfo;
  'project.current': (args: Record<string, never>) => ProjectInfo | null;
  'project.close': (args: Record<string, never>) => { closed: boolean };
  'project.recent': (args: Record<string, never>) => RecentProject[];
  'project.tree': (args: Record<string, never>) => Artifact[];
}
