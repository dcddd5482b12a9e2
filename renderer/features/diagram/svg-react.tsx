import { createElement, memo, type ReactElement } from 'react';
import type { SvgElement } from '../../../shared/diagram/svg-element.js';

/** `stroke-width` -> `strokeWidth`; data-, aria- and namespaced attributes stay as they are. */
function reactName(name: string): string {
  if (name === 'class') return 'className';
  if (name.startsWith('data-') || name.startsWith('aria-') || name.includes(':')) return name;
  return name.replace(/-([a-z])/g, (_m, ch: string) => ch.toUpperCase());
}

/** Turn a shared SVG element tree into React elements (React escapes text and attributes itself). */
export function toReact(element: SvgElement, key?: string | number): ReactElement {
  const props: Record<string, unknown> = key === undefined ? {} : { key };
  for (const [name, value] of Object.entries(element.attrs)) if (value !== undefined) props[reactName(name)] = value;
  if (element.attrs['data-node'] !== undefined) props['data-testid'] = 'diagram-node';
  else if (element.attrs['data-edge'] !== undefined) props['data-testid'] = 'diagram-edge';
  else if (element.attrs['data-group'] !== undefined) props['data-testid'] = 'diagram-group';
  else if (element.attrs['data-table'] !== undefined) props['data-testid'] = 'erd-table';
  if (element.text !== undefined) return createElement(element.tag, props, element.text);
  return createElement(element.tag, props, ...(element.children ?? []).map((child, index) => toReact(child, index)));
}

/** One memoised element: re-rendered only when its descriptor object changes. */
export const SvgNode = memo(function SvgNode({ element }: { element: SvgElement }) {
  return toReact(element);
});
