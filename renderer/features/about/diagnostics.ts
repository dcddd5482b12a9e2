import type { AppInfo, ProjectInfo } from '../../../shared/contract/index.js';
import type { OutputEntry } from '../../state/workbench-store.js';

/** The diagnostics block a user pastes into a bug report: plain text, no secrets (paths only, no file contents). */
export function diagnosticsText(info: AppInfo, context: { hostKind: string; project: ProjectInfo | null; userAgent: string; output: OutputEntry[] }): string {
  const lines = [
    `Archbench ${info.version} (${info.host} host, renderer via ${context.hostKind})`,
    `Platform: ${info.platform}`,
    ...Object.entries(info.versions).map(([name, version]) => `${name}: ${version}`),
    `Browser: ${context.userAgent}`,
    `Data folder: ${info.dataDir}`,
    `Log file: ${info.logPath}`,
    `Project store: ${info.storePath ?? '(no project open)'}`,
  ];
  if (context.project) {
    lines.push(`Project: ${context.project.name}, ${context.project.artifactCount} artifacts, opened in ${context.project.openedInMs} ms${context.project.storeInAppData ? ', store in the data folder (folder not writable)' : ''}`);
    if (context.project.storeNotice) lines.push(`Store notice: ${context.project.storeNotice}`);
  }
  lines.push('', `Last errors (${info.lastErrors.length}):`);
  if (!info.lastErrors.length) lines.push('  none');
  for (const error of info.lastErrors) lines.push(`  ${error.time}${error.method ? ` ${error.method}` : ''}: ${error.message}`);
  const uiErrors = context.output.filter((e) => e.level !== 'info').slice(-10);
  if (uiErrors.length) {
    lines.push('', 'Recent warnings and errors in the workbench:');
    for (const entry of uiErrors) lines.push(`  ${new Date(entry.time).toISOString()} ${entry.level}: ${entry.message}`);
  }
  return lines.join('\n');
}
