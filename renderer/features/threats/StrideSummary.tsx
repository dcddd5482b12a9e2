import { STRIDE_NAMES, type Threat } from '../../../shared/model/system-analysis.js';
import { STRIDE_LETTERS } from './threat-groups.js';
import { toggleStride, useThreatsView } from './threats-view-store.js';

/** Six chips, S T R I D E, with how many threats each letter has (the list's own counts); a click shows only that letter. */
export function StrideSummary({ threats }: { threats: Threat[] }) {
  const selected = useThreatsView((s) => s.stride);
  const counts = new Map(STRIDE_LETTERS.map((letter) => [letter, { all: 0, open: 0 }]));
  for (const threat of threats) {
    const count = counts.get(threat.stride)!;
    count.all++;
    if (threat.status === 'open') count.open++;
  }
  const total = threats.length;
  const openTotal = [...counts.values()].reduce((sum, count) => sum + count.open, 0);
  return (
    <div className="stride-summary" data-testid="stride-summary">
      <div className={`stride-chips${[...counts.values()].some((count) => count.all >= 100) ? ' two-rows' : ''}`} role="group" aria-label="Filter by STRIDE category">
        {STRIDE_LETTERS.map((letter) => {
          const { all: count, open: openCount } = counts.get(letter)!;
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
