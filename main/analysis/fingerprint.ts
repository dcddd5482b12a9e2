import { createHash } from 'node:crypto';

/**
 * A finding's stable identity: the rule and the element (plus the hit's key), never its line,
 * so risk decisions and "new since last run" survive edits that move code around.
 */
export function fingerprintOf(ruleId: string, element: string, key = ''): string {
  return createHash('sha256').update(`${ruleId}\u0000${element}\u0000${key}`).digest('hex').slice(0, 32);
}
