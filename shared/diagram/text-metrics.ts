/**
 * Text width estimates for layout. The layout runs in a worker and in Node, where no font metrics exist,
 * so widths come from a per-character table of a typical UI sans-serif (in ems), slightly generous.
 */
const NARROW = new Set('iljtf.,:;|!\'`()[]{} '.split(''));
const WIDE = new Set('mwMW@%'.split(''));

/** Estimated width in px of `text` set at `fontSize` px in the UI font. */
export function textWidth(text: string, fontSize: number, monospace = false): number {
  if (monospace) return text.length * fontSize * 0.62;
  let ems = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) ems += 0.32;
    else if (WIDE.has(ch)) ems += 0.9;
    else if (ch >= 'A' && ch <= 'Z') ems += 0.68;
    else if (ch >= '0' && ch <= '9') ems += 0.58;
    else if (ch.charCodeAt(0) > 0x2e80) ems += 1;
    else ems += 0.56;
  }
  return ems * fontSize;
}

/** Cut `text` to fit `maxWidth` px, ending with an ellipsis when it had to be cut. */
export function truncateText(text: string, fontSize: number, maxWidth: number, monospace = false): string {
  if (textWidth(text, fontSize, monospace) <= maxWidth) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (textWidth(chars.slice(0, mid).join('') + '…', fontSize, monospace) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join('') + '…';
}
