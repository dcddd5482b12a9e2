import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's own data folder (logs, recent projects, stores of read-only folders, caches).
 * ARCHBENCH_HOME overrides it (tests, portable installs); Electron passes app.getPath('userData').
 */
export function defaultDataDir(): string {
  if (process.env.ARCHBENCH_HOME) return process.env.ARCHBENCH_HOME;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Archbench');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Archbench');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'archbench');
}
