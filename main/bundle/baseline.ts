import { existsSync, readFileSync, statSync } from 'node:fs';
import { FINGERPRINT_KEY } from './sarif.js';
import type { BaselineSummary, ReportFinding } from './report-data.js';
import { looksLikeZip, readBundleFiles } from './zip.js';

/** A baseline that cannot be used: the CLI exits 2 with this message. */
export class BaselineError extends Error {}

export interface Baseline {
  source: string;
  fingerprints: Set<string>;
}

/**
 * The finding fingerprints of an earlier run, from its findings.json, a bundle folder or a bundle .zip
 * (findings.json preferred, findings.sarif's partial fingerprints otherwise).
 */
export function readBaseline(target: string, shownAs = target): Baseline {
  if (!existsSync(target)) throw new BaselineError(`no such baseline: ${shownAs}`);
  let files: Map<string, Uint8Array>;
  const wanted = (path: string) => /(^|\/)findings\.(json|sarif)$/.test(path);
  try {
    if (statSync(target).isDirectory() || looksLikeZip(readFileSync(target).subarray(0, 4))) files = readBundleFiles(target, wanted);
    else files = new Map([[target.toLowerCase().endsWith('.sarif') ? 'findings.sarif' : 'findings.json', readFileSync(target)]]);
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${shownAs}: ${(error as Error).message}`);
  }
  const pick = (name: string) => [...files].filter(([path]) => path === name || path.endsWith(`/${name}`)).sort(([a], [b]) => a.length - b.length)[0]?.[1];
  const json = pick('findings.json');
  const sarif = pick('findings.sarif');
  if (json) return { source: shownAs, fingerprints: fromFindingsJson(parse(json, shownAs)) ?? fail(shownAs) };
  if (sarif) return { source: shownAs, fingerprints: fromSarif(parse(sarif, shownAs)) ?? fail(shownAs) };
  throw new BaselineError(`the baseline ${shownAs} has no findings.json or findings.sarif`);
}

/** Mark the findings the baseline knows (by fingerprint) and count what is new and what is gone. */
export function applyBaseline(findings: ReportFinding[], baseline: Baseline): { findings: ReportFinding[]; summary: BaselineSummary } {
  const marked = findings.map((f) => ({ ...f, baseline: baseline.fingerprints.has(f.fingerprint) }));
  const current = new Set(findings.map((f) => f.fingerprint));
  const matched = marked.filter((f) => f.baseline).length;
  return {
    findings: marked,
    summary: {
      source: baseline.source,
      known: baseline.fingerprints.size,
      matched,
      newCount: marked.length - matched,
      gone: [...baseline.fingerprints].filter((p) => !current.has(p)).length,
    },
  };
}

function parse(bytes: Uint8Array, shownAs: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new BaselineError(`the baseline ${shownAs} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

function fromFindingsJson(value: unknown): Set<string> | undefined {
  const findings = (value as { findings?: unknown })?.findings;
  if (!Array.isArray(findings)) return fromSarif(value);
  return new Set(findings.map((f) => (f as { fingerprint?: unknown })?.fingerprint).filter((p): p is string => typeof p === 'string'));
}

function fromSarif(value: unknown): Set<string> | undefined {
  const runs = (value as { runs?: unknown })?.runs;
  if (!Array.isArray(runs)) return undefined;
  const prints = new Set<string>();
  for (const run of runs) {
    for (const result of (run as { results?: unknown[] })?.results ?? []) {
      const print = (result as { partialFingerprints?: Record<string, unknown> })?.partialFingerprints?.[FINGERPRINT_KEY];
      if (typeof print === 'string') prints.add(print);
    }
  }
  return prints;
}

function fail(shownAs: string): never {
  throw new BaselineError(`the baseline ${shownAs} is neither an Archbench findings.json ({ findings: [...] }) nor a SARIF log`);
}
