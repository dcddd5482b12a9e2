import { SEVERITY_LABELS } from '../analysis/labels.js';
import { useSystem } from '../threats/system-store.js';
import { diagramStore, useDiagram } from './diagram-store.js';

/** The attack-path mode's control: pick one of the threat model's attack paths to draw on the diagram. */
export function AttackPathPicker() {
  const paths = useSystem((s) => s.analysis?.threats.attackPaths);
  const selected = useDiagram((s) => s.attackPath);
  if (!paths?.length && !selected) return null;
  return (
    <label className={`diagram-attack-picker${selected ? ' active' : ''}`} title="Attack path: highlight a path from an internet entry point to sensitive data, with the controls each hop lacks">
      <span className="icon" aria-hidden="true">{String.fromCodePoint(0xeb53)}</span>
      <select
        value={selected ?? ''} aria-label="Attack path to show" data-testid="diagram-attack-path"
        onChange={(e) => diagramStore.set({ attackPath: e.target.value || null, blast: false })}
      >
        <option value="">Attack path…</option>
        {(paths ?? []).map((p) => (
          <option key={p.id} value={p.id}>{p.entry} → {p.target} ({SEVERITY_LABELS[p.severity].toLowerCase()}, {p.components.length - 1} {p.components.length === 2 ? 'hop' : 'hops'})</option>
        ))}
      </select>
    </label>
  );
}
