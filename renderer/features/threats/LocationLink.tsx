import { openLocation } from '../findings/finding-actions.js';

/** `file:line` as a link that opens the file at that line. */
export function LocationLink({ location, testId }: { location: { file: string; line: number; column?: number }; testId?: string }) {
  return (
    <button type="button" className="link-button location-link" data-testid={testId} data-file={location.file} data-line={location.line} title="Open at this line" onClick={() => openLocation(location)}>
      {location.file}:{location.line}
    </button>
  );
}
