/**
 * The same threat mitigated the same way on several elements (a large API's hundreds of operations behind one auth
 * scheme) is one row in the reports: threat-model.md and report.html fold them alike.
 */
import type { Threat } from '../../shared/model/system-analysis.js';

/**
 * Threats in order, each mitigated one without a risk decision of its own folded into the first with the same STRIDE
 * letter, title and controls; the others stay rows of their own.
 */
export function foldMitigated(threats: Threat[]): Array<{ threat: Threat; elements: string[] }> {
  const out: Array<{ threat: Threat; elements: string[] }> = [];
  const folded = new Map<string, { threat: Threat; elements: string[] }>();
  for (const threat of threats) {
    if (threat.status !== 'mitigated' || threat.tracking) {
      out.push({ threat, elements: [threat.element] });
      continue;
    }
    const key = `${threat.stride}\u0000${threat.title}\u0000${threat.controls.join('; ')}`;
    const known = folded.get(key);
    if (known) known.elements.push(threat.element);
    else {
      const row = { threat, elements: [threat.element] };
      folded.set(key, row);
      out.push(row);
    }
  }
  return out;
}
