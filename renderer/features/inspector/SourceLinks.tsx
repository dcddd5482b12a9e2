import type { SourceLocation } from '../../../shared/model/model.js';
import { openLocation } from '../findings/finding-actions.js';

/** Links to the places a model element was found: each opens its file at the line. */
export function SourceLinks({ sources, testId }: { sources: readonly SourceLocation[]; testId?: string }) {
  return (
    <ul className="details-related">
      {sources.map((source, index) => (
        <li key={index}><button type="button" className="link-button location-link" data-testid={testId} onClick={() => openLocation(source)}>{source.file}:{source.line}</button></li>
      ))}
    </ul>
  );
}
