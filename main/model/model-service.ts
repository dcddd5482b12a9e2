import { readFileSync } from 'node:fs';
import type { Artifact, ArtifactKind } from '../../shared/model/artifact.js';
import type { SystemModel } from '../../shared/model/model.js';
import { importArtifact, mergeContributions, type FileContribution } from '../ingest/index.js';
import { emptyContribution } from '../ingest/types.js';
import { keepingParses } from '../ingest/positions.js';
import { resolveInside } from '../fs/safe-path.js';
import { sha256 } from '../project/read-artifact.js';
import type { StoreDatabase } from '../store/store.js';
import { writeModelTables } from '../store/model-tables.js';

/** Artifact kinds the ingest importers read (SQL goes to the database engine). */
export const INGESTED_KINDS: ReadonlySet<ArtifactKind> = new Set(['openapi', 'compose', 'kubernetes', 'graphql', 'proto', 'archbench', 'threagile', 'threat-dragon']);

/** Kinds whose files the rules parse again (API specs, compose files, Kubernetes manifests). */
const REREAD_BY_RULES: ReadonlySet<ArtifactKind> = new Set(['openapi', 'compose', 'kubernetes']);

/** Bump when importers change what they produce, so cached contributions are rebuilt. */
export const INGEST_CACHE_VERSION = 'ingest-6';

export interface ModelRefresh {
  model: SystemModel;
  /** Files imported again (changed, new, or one of their auxiliary files changed). */
  reimported: string[];
  reused: number;
  ms: number;
  /** Of `ms`, writing the model tables. */
  writeMs: number;
  /** The model as JSON (as written to the store, unless the caller writes it). */
  modelJson: string;
}

interface CachedContribution { path: string; hash: string; cache_version: string; dependencies: string; contribution: string }

/**
 * Keeps the architecture model of a project in its store: one cached contribution per artifact,
 * re-imported only when the artifact or an auxiliary file it read (`.env`, `$ref` targets) changed,
 * then merged (cheap) and written to the model tables.
 */
export class ModelService {
  constructor(private readonly root: string, private readonly db: StoreDatabase) {}

  /**
   * Bring the model up to date with the artifacts currently in the store. With `write: false` the model tables are
   * left to the caller (the analysis first checks whether the previous run's results still hold).
   */
  refreshSync(artifacts: Artifact[], options: { write?: boolean } = {}): ModelRefresh {
    const started = performance.now();
    const byPath = new Map(artifacts.map((a) => [a.path, a]));
    const cached = new Map((this.db.prepare('SELECT * FROM file_contributions').all() as CachedContribution[]).map((r) => [r.path, r]));
    const contributions: FileContribution[] = [];
    const reimported: string[] = [];
    const upsert = this.db.prepare('INSERT OR REPLACE INTO file_contributions (path, hash, cache_version, dependencies, contribution) VALUES (?, ?, ?, ?, ?)');
    const remove = this.db.prepare('DELETE FROM file_contributions WHERE path = ?');
    let reused = 0;

    const fresh = (row: CachedContribution | undefined, artifact: Artifact): boolean => {
      if (!row || row.hash !== artifact.hash || row.cache_version !== INGEST_CACHE_VERSION) return false;
      const deps = JSON.parse(row.dependencies) as Record<string, string | null>;
      return Object.entries(deps).every(([path, hash]) => this.currentHash(path, byPath) === hash);
    };

    this.db.transaction(() => {
      for (const artifact of artifacts) {
        if (!INGESTED_KINDS.has(artifact.kind) || artifact.status !== 'ok') continue;
        const row = cached.get(artifact.path);
        cached.delete(artifact.path);
        if (fresh(row, artifact)) {
          contributions.push(JSON.parse(row!.contribution));
          reused++;
          continue;
        }
        const { contribution, dependencies } = this.importOne(artifact, byPath);
        contributions.push(contribution);
        reimported.push(artifact.path);
        upsert.run(artifact.path, artifact.hash, INGEST_CACHE_VERSION, JSON.stringify(dependencies), JSON.stringify(contribution));
      }
      for (const stale of cached.keys()) remove.run(stale);
    })();

    const model = mergeContributions(contributions);
    for (const artifact of artifacts) {
      if (artifact.status === 'error' && artifact.message) {
        model.diagnostics.push({ file: artifact.path, line: 1, severity: 'error', code: 'artifact.unreadable', message: artifact.message });
      }
    }
    const writing = performance.now();
    const modelJson = options.write === false ? JSON.stringify(model) : writeModelTables(this.db, model);
    const done = performance.now();
    return { model, reimported, reused, ms: done - started, writeMs: done - writing, modelJson };
  }

  /** Hash of an auxiliary file: from the store when it is an artifact, else from disk (`.env` is often git-ignored). */
  private currentHash(path: string, byPath: Map<string, Artifact>): string | null {
    const known = byPath.get(path);
    if (known) return known.hash;
    try {
      return sha256(readFileSync(resolveInside(this.root, path)));
    } catch {
      return null;
    }
  }

  private importOne(artifact: Artifact, byPath: Map<string, Artifact>): { contribution: FileContribution; dependencies: Record<string, string | null> } {
    const dependencies: Record<string, string | null> = {};
    let text: string;
    try {
      text = readFileSync(resolveInside(this.root, artifact.path), 'utf8');
    } catch (error) {
      const contribution = emptyContribution({ path: artifact.path, kind: artifact.kind, text: '' });
      contribution.diagnostics.push({ file: artifact.path, line: 1, severity: 'error', code: 'artifact.unreadable', message: (error as Error).message });
      return { contribution, dependencies };
    }
    const readText = (relativePath: string): string | undefined => {
      try {
        const bytes = readFileSync(resolveInside(this.root, relativePath));
        dependencies[relativePath] = byPath.get(relativePath)?.hash ?? sha256(bytes);
        return bytes.toString('utf8');
      } catch {
        dependencies[relativePath] = null;
        return undefined;
      }
    };
    const file = { path: artifact.path, kind: artifact.kind, detail: artifact.detail, text };
    // The rules read specs and manifests again: keep those parses for them instead of parsing twice.
    const contribution = REREAD_BY_RULES.has(artifact.kind) ? keepingParses(() => importArtifact(file, { readText })) : importArtifact(file, { readText });
    return { contribution, dependencies };
  }
}
