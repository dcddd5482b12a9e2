import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { Finding, FindingStatus } from '../../shared/model/finding.js';
import { RpcError } from '../../shared/contract/errors.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';
import { resolveInside } from '../fs/safe-path.js';

export interface RiskDecision {
  status: FindingStatus;
  justification?: string;
  by?: string;
  expires?: string;
}

const HEADER = '# Archbench overlay: what the files cannot say, and risk decisions. Versioned with the project.\n';

/**
 * Record (or, for `open`, remove) a risk decision for a finding in archbench.yaml, editing the YAML document
 * in place so the user's comments and formatting are kept. Returns the file's project path.
 */
export function writeRiskDecision(root: string, finding: Pick<Finding, 'fingerprint' | 'ruleId' | 'element'>, decision: RiskDecision, today = new Date()): string {
  const path = resolveInside(root, 'archbench.yaml');
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = HEADER;
  }
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) {
    const error = doc.errors[0];
    const line = error.linePos?.[0]?.line ?? 1;
    throw new RpcError('invalid-args', `archbench.yaml has a syntax error at line ${line}: ${error.message.split('\n')[0]}. Fix it before recording risk decisions.`, { file: 'archbench.yaml', line });
  }
  if (doc.contents === null) {
    (doc as { contents: unknown }).contents = doc.createNode({});
  } else if (!isMap(doc.contents)) {
    throw new RpcError('invalid-args', 'archbench.yaml must be a mapping at the top level.', { file: 'archbench.yaml' });
  }
  const top = doc.contents as unknown as YAMLMap;
  let seq = top.get('risks', true) as unknown;
  if (!isSeq(seq)) {
    seq = doc.createNode([]);
    top.set('risks', seq);
  }
  const risks = seq as YAMLSeq;
  const index = risks.items.findIndex((item) => isMap(item) && (item.get('fingerprint') === finding.fingerprint
    || (!item.has('fingerprint') && item.get('rule') === finding.ruleId && item.get('element') === finding.element)));
  if (decision.status === 'open') {
    if (index >= 0) risks.items.splice(index, 1);
  } else {
    const entry: Record<string, string> = {
      fingerprint: finding.fingerprint,
      rule: finding.ruleId,
      element: finding.element,
      status: decision.status,
      ...(decision.justification ? { justification: decision.justification } : {}),
      ...(decision.by ? { by: decision.by } : {}),
      date: today.toISOString().slice(0, 10),
      ...(decision.expires ? { expires: decision.expires } : {}),
    };
    const node = doc.createNode(entry) as YAMLMap;
    if (index >= 0) {
      const existing = risks.items[index] as YAMLMap;
      node.commentBefore = existing.commentBefore;
      node.comment = existing.comment;
      risks.items[index] = node;
    } else {
      risks.items.push(node);
    }
  }
  if (risks.flow && risks.items.length) risks.flow = false;
  writeFileAtomicSync(path, doc.toString({ lineWidth: 0 }));
  return 'archbench.yaml';
}
