import { expect } from 'vitest';
import type { ArgsOf, Method, ResultOf } from '../../shared/contract/index.js';
import { e2eUnavailableReason, startSession, type Session } from './harness.js';
import { WorkbenchPage } from './pages/workbench-page.js';
import { corpus } from '../support/paths.js';
import { tempCopy } from '../support/temp.js';

/** Why this file's tests are skipped (printed once), or undefined when Chromium and the built renderer are here. */
export function skipReason(): string | undefined {
  const reason = e2eUnavailableReason();
  if (reason) console.warn(`[e2e] skipped: ${reason}`);
  return reason;
}

export interface Opened {
  session: Session;
  workbench: WorkbenchPage;
  /** The temporary copy of the corpus folder (writable; removed by close()). */
  folder: string;
  /** Uncaught errors in the page so far: a test file ends by expecting none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A workbench on a fresh temporary copy of a corpus folder (changed by `prepare` before opening), its own data folder and its own Chromium. */
export async function openCorpusCopy(name: string, prepare?: (folder: string) => void): Promise<Opened> {
  const copy = tempCopy(corpus(name));
  prepare?.(copy.path);
  const session = await startSession({ folder: copy.path });
  const workbench = new WorkbenchPage(session.page);
  const pageErrors = watchPageErrors(session);
  return {
    session, workbench, folder: copy.path, pageErrors,
    async close() {
      await session.close();
      copy.cleanup();
    },
  };
}

/** openCorpusCopy, then wait until the workbench shows the folder and its first analysis has finished. */
export async function openAnalysedCorpusCopy(name: string, prepare?: (folder: string) => void): Promise<Opened> {
  const opened = await openCorpusCopy(name, prepare);
  await opened.workbench.waitForProject('project');
  await opened.session.workbench.session()!.analysis.whenIdle();
  return opened;
}

/** A test file's afterAll: close what was opened (if it got that far) and expect no uncaught errors in the page. */
export async function closeExpectingNoPageErrors(opened: Opened | undefined): Promise<void> {
  const errors = opened?.pageErrors ?? [];
  await opened?.close();
  expect(errors).toEqual([]);
}

/** Collect the page's uncaught errors (the harness only prints them). */
export function watchPageErrors(session: Session): string[] {
  const errors: string[] = [];
  session.page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Call main in-process with the contract's types (to read what the UI should show: the model, the findings). */
export async function call<M extends Method>(session: Session, method: M, args: ArgsOf<M>): Promise<Awaited<ResultOf<M>>> {
  return (await session.workbench.invoke(method, args)) as Awaited<ResultOf<M>>;
}
