import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths.js';

const TOOL = join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool');

/**
 * SARIF2005 asks for the tool's `informationUri`. Archbench has no published home page yet (main/bundle/sarif.ts), and
 * an invented address would send code-scanning users nowhere: this one warning is expected, every other one counts.
 */
const NO_HOME_PAGE = /warning SARIF2005: runs\[\d+\]\.tool\.driver: .*'informationUri'/;

/** Why the real SARIF validator cannot run here, or undefined when it can. */
export function multitoolUnavailable(): string | undefined {
  return existsSync(TOOL) ? undefined : 'no @microsoft/sarif-multitool in node_modules';
}

export interface SarifValidation {
  /** Every `error` line of the output (`file(line,col): error SARIF1002: ...`, `SARIF.MULTITOOL : error ERR...`). */
  errors: string[];
  /** Every `warning` line, the tool's own included (but the expected missing `informationUri`). */
  warnings: string[];
  output: string;
  completed: boolean;
}

/**
 * Run Microsoft's SARIF multitool `validate` with its built-in settings (errors and warnings reported) on the files.
 * Its exit code is 0 even with errors, so the verdict comes from its output text. All rules run, including the note
 * that GETs every helpUri: on a closed network that waits for time-outs (about 20 s a run), hence the long timeout.
 */
export function validateSarif(files: string[]): SarifValidation {
  for (const file of files) if (/[^\w./-]/.test(file)) throw new Error(`the multitool wrapper runs through a shell; use a plain path, not ${file}`);
  const result = spawnSync(TOOL, ['validate', ...files], { encoding: 'utf8', timeout: 170_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const lines = output.split('\n');
  return {
    errors: lines.filter((l) => /\berror\b/i.test(l)),
    warnings: lines.filter((l) => /\bwarning\b/i.test(l) && !NO_HOME_PAGE.test(l)),
    output,
    completed: /Analysis completed successfully/.test(output) && result.status === 0,
  };
}
