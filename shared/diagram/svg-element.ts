import { xmlSafe } from './escape.js';

/**
 * A tiny SVG element tree. The diagram pieces are built once as these, then either serialised to a
 * standalone SVG string (reports, export) or turned into React elements (the on-screen view), so the
 * screen and the export cannot drift apart.
 */
export interface SvgElement {
  tag: string;
  attrs: Record<string, string | number | undefined>;
  children?: SvgElement[];
  /** Text content (escaped on serialisation; React escapes it itself). */
  text?: string;
}

export function el(tag: string, attrs: SvgElement['attrs'], children?: SvgElement[] | string): SvgElement {
  return typeof children === 'string' ? { tag, attrs, text: children } : { tag, attrs, children };
}

/** Serialise with every attribute value and text escaped. */
export function serialize(element: SvgElement): string {
  let out = `<${element.tag}`;
  for (const [name, value] of Object.entries(element.attrs)) {
    if (value === undefined) continue;
    out += ` ${name}="${xmlSafe(String(value))}"`;
  }
  if (element.text === undefined && !element.children?.length) return `${out}/>`;
  out += '>';
  if (element.text !== undefined) out += xmlSafe(element.text);
  for (const child of element.children ?? []) out += serialize(child);
  return `${out}</${element.tag}>`;
}
