import type { AttackPath } from '../../../shared/model/system-analysis.js';
import { useWorkbench } from '../../state/workbench-store.js';
import { Icon } from '../../workbench/Icon.js';
import { SeverityIcon } from '../analysis/SeverityIcon.js';
import { selectAttackPath } from './threat-actions.js';
import { threatsViewStore, useThreatsView } from './threats-view-store.js';

/** A path as a chain of component chips, entry first (wraps in a narrow side bar). */
export function PathChain({ path }: { path: AttackPath }) {
  return (
    <span className="path-chain" data-testid="attack-path-chain">
      {path.components.map((component, index) => (
        <span key={`${index}:${component}`} className="path-hop">
          {index > 0 && <Icon name="arrow-right" className="path-arrow" />}
          <span className={`path-chip${index === 0 ? ' entry' : index === path.components.length - 1 ? ' target' : ''}`} data-testid="path-chip" data-component={component}>{component}</span>
        </span>
      ))}
    </span>
  );
}

/** The side bar's "Attack paths" section: one row per path, a click shows its hops in the inspector. */
export function AttackPathList({ paths }: { paths: AttackPath[] }) {
  const collapsed = useThreatsView((s) => s.pathsCollapsed);
  const selection = useWorkbench((s) => s.selection);
  return (
    <section className="attack-paths" aria-label="Attack paths" data-testid="attack-paths" id="attack-paths">
      <button
        type="button"
        className="section-toggle"
        aria-expanded={!collapsed}
        data-testid="attack-paths-toggle"
        onClick={() => threatsViewStore.set({ pathsCollapsed: !collapsed })}
      >
        <Icon name={collapsed ? 'chevron-right' : 'chevron-down'} />
        <span>Attack paths</span>
        <span className="row-spacer" />
        <span className="row-count">{paths.length}</span>
      </button>
      {!collapsed && (paths.length ? (
        <ul className="attack-path-list">
          {paths.map((path) => {
            const selected = selection?.type === 'attack-path' && selection.id === path.id;
            return (
              <li key={path.id}>
                <button
                  type="button"
                  className={`attack-path-item${selected ? ' selected' : ''}`}
                  aria-pressed={selected}
                  data-testid="attack-path"
                  data-entry={path.entry}
                  data-target={path.target}
                  data-severity={path.severity}
                  onClick={() => selectAttackPath(path)}
                >
                  <span className="attack-path-head">
                    <SeverityIcon severity={path.severity} />
                    <span className="row-label">{path.entry} → {path.target}</span>
                    <span className="row-spacer" />
                    <span className="row-count" title="Controls missing along the path">{path.missingControls.length} missing</span>
                  </span>
                  <PathChain path={path} />
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="threats-note" data-testid="attack-paths-empty">No path leads from an internet entry point to a confidential datastore.</p>
      ))}
    </section>
  );
}
