import { sharedElk } from '../diagram/render-diagrams.js';
import { layoutSystem } from '../../shared/diagram/system-layout.js';
import { layoutErd } from '../../shared/diagram/erd-layout.js';
import { renderErdSvg } from '../../shared/diagram/erd-svg.js';
import { renderDiagramSvg } from '../../shared/diagram/system-svg.js';
import type { Finding } from '../../shared/model/finding.js';
import type { SystemModel } from '../../shared/model/model.js';
import { renderFallbackDiagram } from './fallback-diagram.js';
import { renderFallbackErd } from './fallback-erd.js';

/** The SVG documents of a bundle: diagram.svg always, erd.svg when the project has tables of its own. */
export interface BundleDiagrams {
  diagram: string;
  erd?: string;
}

/**
 * The one integration point between report bundles and the diagrams: the workbench's own ELK layouts (shared/diagram),
 * drawn the same as on screen. diagram.svg: boundaries as boxes, protocol labels, missing-control markers, legend.
 * erd.svg: the project's tables (not the environment's) with keys, RLS state and their findings' severity. When a
 * layout fails, or there is nothing to lay out, the simple drawings stand in, and `onError` says why.
 */
export async function renderDiagrams(model: SystemModel, options: {
  findings?: ReadonlyArray<Pick<Finding, 'element' | 'severity' | 'status'>>;
  onError?: (what: string, error: unknown) => void;
} = {}): Promise<BundleDiagrams> {
  const elk = sharedElk();
  let diagram: string | undefined;
  if (model.components.length) {
    try {
      diagram = renderDiagramSvg(model, await layoutSystem(model, elk), { idPrefix: 'sys', legend: true });
    } catch (error) {
      options.onError?.('diagram layout', error);
    }
  }
  let erd: string | undefined;
  const tables = model.tables.filter((t) => !t.system);
  if (tables.length) {
    try {
      erd = renderErdSvg(await layoutErd(tables, elk, { findings: options.findings }), { idPrefix: 'erd', title: 'Entity-relationship diagram' });
    } catch (error) {
      options.onError?.('ERD layout', error);
    }
  }
  return { diagram: diagram ?? renderFallbackDiagram(model), erd: erd ?? renderFallbackErd(model) };
}

/** Elements that could run code, embed documents or pull in content: never inlined into the report. */
const UNSAFE_ELEMENT = /^<\/?\s*(?:script|foreignObject|iframe|embed|object|image|audio|video|animate\w*|set|handler|listener)\b/i;
/** CSS (in a style element or attribute) that fetches or runs something. */
const UNSAFE_CSS = /@import|url\(\s*["']?(?!#)|javascript:|expression\(/i;
/** Attributes holding plain text (labels), where `url(` is just text. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'alt']);

/**
 * An SVG document ready to sit inside report.html: XML prolog and doctype removed, every id prefixed (two figures
 * may both define `arrow`), and undefined when the SVG holds anything active or external: script-capable elements,
 * event handler attributes, links that leave the document, CSS that fetches. Escaped text (a component named
 * `onerror=...`) is text and passes.
 */
export function inlineSvg(svg: string, prefix: string): string | undefined {
  const body = svg.replace(/<\?xml[^>]*\?>/g, '').replace(/<!DOCTYPE[^>]*>/gi, '').replace(/<!--[\s\S]*?-->/g, '').trim();
  if (!body.startsWith('<svg') || body.includes('<![CDATA[')) return undefined;
  for (const tag of body.match(/<[^>]*>/g) ?? []) {
    if (!isSafeTag(tag)) return undefined;
  }
  for (const [, css] of body.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) {
    if (UNSAFE_CSS.test(css)) return undefined;
  }
  return body
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

function isSafeTag(tag: string): boolean {
  if (UNSAFE_ELEMENT.test(tag)) return false;
  const attributes = /\s([^\s=/>"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g;
  // Whatever is left once well-formed attributes are removed must be the tag name alone: no stray handlers.
  const rest = tag.replace(attributes, '');
  if (/\son[a-z]+/i.test(rest.replace(/^<\/?\s*[\w:-]+/, ''))) return false;
  for (const [, rawName, rawValue] of tag.matchAll(attributes)) {
    const name = rawName.toLowerCase();
    const value = rawValue.replace(/^["']|["']$/g, '');
    if (name.startsWith('on')) return false;
    if ((name === 'href' || name === 'xlink:href') && !value.startsWith('#')) return false;
    if (!TEXT_ATTRIBUTES.has(name) && UNSAFE_CSS.test(value)) return false;
  }
  return true;
}
