import type { ReliabilityReport } from '../../../shared/model/system-analysis.js';
import { Icon } from '../../workbench/Icon.js';
import { revealComponent } from './reliability-actions.js';

/** The longest synchronous call chains: depth, how retries multiply along them, how many hops have no timeout. */
export function ChainList({ chains }: { chains: ReliabilityReport['chains'] }) {
  if (!chains.length) return <p className="reliability-note">No synchronous call chain longer than one hop.</p>;
  return (
    <ul className="reliability-list">
      {chains.map((chain, index) => (
        <li key={index} className="reliability-item static" data-testid="chain-item" data-depth={chain.depth} data-root={chain.components[0]}>
          <span className="reliability-line">
            <span className="reliability-pill">depth {chain.depth}</span>
            <span className={`reliability-pill${chain.retryAmplification > 1 ? ' danger' : ''}`} title="Product of retries along the chain">×{chain.retryAmplification} retries</span>
            <span className={`reliability-pill${chain.missingTimeouts ? ' danger' : ''}`}>{chain.missingTimeouts} without timeout</span>
          </span>
          <span className="path-chain">
            {chain.components.map((component, i) => (
              <span key={`${i}:${component}`} className="path-hop">
                {i > 0 && <Icon name="arrow-right" className="path-arrow" />}
                <button type="button" className="path-chip link" onClick={() => revealComponent(component)}>{component}</button>
              </span>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}
