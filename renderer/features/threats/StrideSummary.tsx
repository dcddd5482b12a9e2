import { STRIDE_NAMES, type StrideLetter, type Threat } from '../../../shared/model/system-analysis.js';
import { STRIDE_LETTERS } from './threat-groups.js';
import { toggleStride, useThreatsView } from './threats-view-store.js';

/** Six chips, S T R I D E, with how many threats each letter has (the list's own counts); a click shows only that letter. */
export function StrideSummary({ threats }: { threats: Threat[] }) {
  const selected = useThreatsView((s) => s.stride);
  const open = (letter: StrideLetter) => threats.filter((t) => t.stride === letter && t.status === 'open').length;
  const total = threats.length;
  const openTotal = threats.filter((t) => t.status === 'open').length;
  return (
    <div className="stride-summary" data-testid="stride-summary">
      <div className={`stride-chips${STRIDE_LETTERS.some((letter) => threats.filter((t) => t.stride === letter).length >= 100) ? ' two-rows' : ''}`} role="group" aria-label="Filter by STRIDE category">
        {STRIDE_LETTERS.map((letter) => {
          const count = threats.filter((t) => t.stride === letter).length;
          const openCount = open(letter);
          return (
            <button
              key={letter}
              type="button"
              className={`stride-chip${count ? '' : ' zero'}`}
              aria-pressed={selected.has(letter)}
              title={`${STRIDE_NAMES[letter]}: ${count} ${count === 1 ? 'threat' : 'threats'}${openCount !== count ? `, ${openCount} open` : ''}`}
              data-testid="stride-chip"
              data-stride={letter}
              data-count={count}
              onClick={() => toggleStride(letter)}
            >
              <span className="stride-letter" data-stride={letter}>{letter}</span>
              <span className="stride-count">{count}</span>
            </button>
          );
        })}
      </div>
      <p className="threats-counts">
        {total} {total === 1 ? 'threat' : 'threats'}, {openTotal} open
        {selected.size > 0 && <> · showing {[...selected].map((l) => STRIDE_NAMES[l]).join(', ')}</>}
      </p>
    </div>
  );
}
