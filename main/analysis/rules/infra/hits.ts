/**
 * Helpers every infra rule uses to turn what it sees in one file into findings: one finding per
 * element and key, whichever files describe it (per-service manifests and a release bundle,
 * compose variants), with the first file as the location and the others as related locations.
 */
import type { SourceLocation } from '../../../../shared/model/model.js';
import type { RuleHit } from '../../rule.js';

/** Keep the first hit of each element and key; the same problem found in other files becomes its related locations. */
export function oncePerElement(hits: Iterable<RuleHit | undefined>): RuleHit[] {
  const kept = new Map<string, RuleHit>();
  for (const hit of hits) {
    if (!hit) continue;
    const id = `${hit.element}\u0000${hit.key ?? ''}`;
    const first = kept.get(id);
    if (!first) {
      kept.set(id, { ...hit, ...(hit.related ? { related: [...hit.related] } : {}) });
      continue;
    }
    const known: SourceLocation[] = [first.location, ...(first.related ?? [])];
    if (known.some((location) => location.file === hit.location.file && location.line === hit.location.line)) continue;
    first.related = [...(first.related ?? []), { ...hit.location, message: `The same in ${hit.location.file}` }];
  }
  return [...kept.values()];
}

/** `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
