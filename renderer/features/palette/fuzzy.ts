/** A match of a query in a text: a score (higher is better) and the matched character positions. */
export interface FuzzyMatch {
  score: number;
  positions: number[];
}

/**
 * Subsequence match, case-insensitive, preferring matches at word starts and runs of consecutive
 * characters ("tt" finds "Toggle Theme", "ofo" finds "Open Folder").
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const chars = [...q.replace(/ /g, '')];
  /** Can chars[k..] still be found in order from position `from`? */
  const fits = (k: number, from: number): boolean => {
    for (; k < chars.length; k++) {
      const index = t.indexOf(chars[k], from);
      if (index === -1) return false;
      from = index + 1;
    }
    return true;
  };
  if (!fits(0, 0)) return null;
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let run = 0;
  chars.forEach((char, k) => {
    const previous = positions[positions.length - 1];
    let index = previous !== undefined && t[previous + 1] === char ? previous + 1 : -1;
    if (index === -1) {
      // Prefer a word start, as long as the rest of the query still fits after it.
      for (let i = from; i < t.length; i++) {
        if (t[i] === char && isWordStart(text, i) && fits(k + 1, i + 1)) { index = i; break; }
      }
    }
    if (index === -1) index = t.indexOf(char, from);
    const consecutive = previous !== undefined && index === previous + 1;
    run = consecutive ? run + 1 : 0;
    score += 1;
    if (isWordStart(text, index)) score += 6;
    if (consecutive) score += 6 + 2 * run; // runs of typed characters are what people mean
    if (index === 0) score += 3;
    if (previous !== undefined && !consecutive) score -= Math.min(3, (index - previous - 1) * 0.2);
    positions.push(index);
    from = index + 1;
  });
  score -= text.length * 0.01; // shorter titles first among equals
  return { score, positions };
}

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const previous = text[index - 1];
  return previous === ' ' || previous === '/' || previous === ':' || previous === '-' || previous === '.' || previous === '(' ||
    (previous === previous.toLowerCase() && text[index] !== text[index].toLowerCase());
}
