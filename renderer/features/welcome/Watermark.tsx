import { shortcutLabel } from '../../workbench/shortcuts.js';

const HINTS: Array<[string, string]> = [
  ['Show All Commands', 'Mod+Shift+P'],
  ['Go to File', 'Mod+P'],
  ['Toggle Panel', 'Mod+J'],
  ['Toggle Side Bar', 'Mod+B'],
];

/** What the empty editor area shows: the few shortcuts worth knowing. */
export function Watermark() {
  return (
    <div className="watermark" data-testid="editor-watermark">
      <p className="watermark-lead">Open a file from the Explorer</p>
      <dl>
        {HINTS.map(([label, keys]) => (
          <div key={label} className="watermark-row">
            <dt>{label}</dt>
            <dd><kbd>{shortcutLabel(keys)}</kbd></dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
