import * as z from 'zod';

export interface LoggedError {
  time: string;
  requestId?: string;
  method?: string;
  message: string;
}

/** What the About / diagnostics view shows and copies into a bug report. */
export interface AppInfo {
  version: string;
  host: 'electron' | 'browser' | 'cli';
  versions: Record<string, string>;
  platform: string;
  dataDir: string;
  logPath: string;
  storePath: string | null;
  lastErrors: LoggedError[];
}

export const appSchemas = {
  'app.info': z.object({}).strict(),
  'app.chooseFolder': z.object({}).strict(),
};

export interface AppHandlers {
  'app.info': (args: Record<string, never>) => AppInfo;
  /** Native folder picker where the host has one (Electron); `supported: false` in the browser host. */
  'app.chooseFolder': (args: Record<string, never>) => { supported: boolean; path: string | null };
}
