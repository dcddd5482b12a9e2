/**
 * Node entry points for the report bundle: the system diagram and the ERD as standalone SVG strings,
 * laid out by plain elkjs in this thread (main/bundle/diagrams.ts calls these).
 */
import type ELK from 'elkjs/lib/elk.bundled.js';
import { lazyModule } from '../core/lazy.js';
import { memoryCache, type ElkLike } from '../../shared/diagram/elk-runner.js';
import { layoutErd, type ErdLayout } from '../../shared/diagram/erd-layout.js';
import { renderErdSvg } from '../../shared/diagram/erd-svg.js';
import { layoutSystem, type SubLayout } from '../../shared/diagram/system-layout.js';
import { renderDiagramSvg } from '../../shared/diagram/system-svg.js';
import type { DiagramTheme } from '../../shared/diagram/diagram-style.js';
import type { Finding } from '../../shared/model/finding.js';
import type { SystemModel } from '../../shared/model/model.js';

/** ELK's 1.6 MB of code loads with the first diagram, not with every command (in the CLI, through a code cache). */
const elkjs = lazyModule<typeof ELK>('elkjs/lib/elk.bundled.js', { codeCache: 'elk' });

let elk: ElkLike | null = null;
/** One ELK for the process: its code gets faster once the JIT has seen it, so later reports lay out sooner. */
export function sharedElk(): ElkLike {
  elk ??= new (elkjs())();
  return elk;
}

// Sub-layouts of earlier calls (CLI runs once; the desktop app exports again after small changes).
const systemCache = memoryCache<SubLayout>(4000);
const erdCache = memoryCache<ErdLayout>(20);

export interface RenderDiagramOptions {
  /** Findings for the worst-severity badges (open ones count). */
  findings?: readonly Finding[];
  theme?: DiagramTheme;
  /** Prefix of ids inside the SVG (two figures on one HTML page must not share ids). */
  idPrefix?: string;
  legend?: boolean;
}

/** The system diagram (components, flows, trust boundaries) as a standalone SVG document. */
export async function renderSystemDiagram(model: SystemModel, options: RenderDiagramOptions = {}): Promise<string> {
  const layout = await layoutSystem(model, sharedElk(), { findings: options.findings, cache: systemCache });
  return renderDiagramSvg(model, layout, { theme: options.theme ?? 'light', idPrefix: options.idPrefix ?? 'sys', legend: options.legend ?? true });
}

/** The ERD of the model's tables as a standalone SVG document; undefined when the model has no tables of its own. */
export async function renderErd(model: SystemModel, options: Omit<RenderDiagramOptions, 'legend'> = {}): Promise<string | undefined> {
  if (!model.tables.some((t) => !t.system)) return undefined;
  const layout = await layoutErd(model.tables, sharedElk(), { findings: options.findings, cache: erdCache });
  return renderErdSvg(layout, { theme: options.theme ?? 'light', idPrefix: options.idPrefix ?? 'erd', title: model.project?.name ? `${model.project.name}: database schema` : undefined });
}
