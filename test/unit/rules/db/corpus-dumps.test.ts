// The database rules on danbooru's structure.sql (a Rails schema dump, read in place) and on
// Archbench's own sample project.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRules } from '../../../../main/analysis/engine.js';
import { DB_RULES } from '../../../../main/analysis/rules/db/index.js';
import type { SchemaEngine } from '../../../../main/db/engine.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { corpus, REPO_ROOT } from '../../../support/paths.js';
import { at, countByRule, readFolder, replay, startEngine, type Replayed } from './support.js';

const STRUCTURE = 'db/structure.sql';
const V1 = 'db/migrations/V1__orders.sql';
const V2 = 'db/migrations/V2__payments.sql';

let engine: SchemaEngine;
let danbooru: Replayed;
let sample: Replayed;
let danbooruFindings: Finding[];
let sampleFindings: Finding[];
let danbooruRulesMs: number;

function analyse(project: Replayed): { findings: Finding[]; ms: number } {
  const started = performance.now();
  const result = runRules(DB_RULES, project.context);
  const ms = performance.now() - started;
  expect(result.failures).toEqual([]);
  return { findings: result.findings, ms };
}

const of = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

beforeAll(async () => {
  engine = await startEngine();
  danbooru = await replay(engine, readFolder(corpus('danbooru')));
  sample = await replay(engine, readFolder(join(REPO_ROOT, 'resources', 'sample-project')));
  const d = analyse(danbooru);
  danbooruFindings = d.findings;
  danbooruRulesMs = d.ms;
  sampleFindings = analyse(sample).findings;
});

afterAll(async () => {
  await engine?.close();
});

describe('danbooru db/structure.sql', () => {
  it('lists the 12 foreign keys no index serves (partial indexes WHERE col IS NOT NULL count as serving)', () => {
    const unindexed = of(danbooruFindings, 'db.fk-unindexed').map((f) => `${f.element.replace('public.', '')}.${f.message.match(/\(([^)]+)\)/)![1]}`).sort();
    expect(unindexed).toEqual([
      'bulk_update_requests.approver_id', 'bulk_update_requests.forum_topic_id', 'dmails.to_id', 'forum_posts.updater_id', 'forum_topics.updater_id',
      'ip_bans.creator_id', 'news_updates.creator_id', 'news_updates.updater_id', 'tag_aliases.approver_id', 'tag_aliases.forum_topic_id',
      'tag_implications.approver_id', 'tag_implications.forum_topic_id',
    ]);
    // Each points at its ALTER TABLE ... ADD CONSTRAINT.
    const dmails = of(danbooruFindings, 'db.fk-unindexed').find((f) => f.element === 'public.dmails')!;
    expect(dmails.location).toMatchObject({ file: STRUCTURE, line: at(danbooru, STRUCTURE, 'fk_rails_46910c4d2c FOREIGN KEY (to_id)').line - 1 });
    // posts.parent_id has `index_posts_on_parent_id ... WHERE (parent_id IS NOT NULL)`: served.
    expect(of(danbooruFindings, 'db.fk-unindexed').some((f) => f.element === 'public.posts')).toBe(false);
  });

  it('finds integer references to bigint keys, the table without a key and the extensions in public', () => {
    expect(of(danbooruFindings, 'db.fk-type-mismatch').filter((f) => f.severity === 'medium').map((f) => f.message.split(' is ')[0]).sort())
      .toEqual(['post_replacements.media_asset_id', 'post_replacements.old_media_asset_id', 'user_events.user_session_id']);
    expect(of(danbooruFindings, 'db.pk-missing').map((f) => f.element)).toEqual(['public.ai_tags']);
    expect(of(danbooruFindings, 'db.extension-in-public').map((f) => f.element).sort())
      .toEqual(['extension:btree_gin', 'extension:fuzzystrmatch', 'extension:pg_trgm', 'extension:pgcrypto']);
  });

  it('reports no migration-safety finding: a dump creates every table it touches', () => {
    expect(danbooruFindings.filter((f) => f.ruleId.startsWith('mig.'))).toEqual([]);
  });

  it('has these counts per rule', () => {
    expect(countByRule(danbooruFindings)).toEqual({
      'db.column-type-inconsistent-by-name': 16, 'db.extension-in-public': 4, 'db.fk-type-mismatch': 7, 'db.fk-unindexed': 12, 'db.implicit-fk-missing': 4,
      'db.index-duplicate': 2, 'db.index-redundant-prefix': 26, 'db.pk-missing': 1, 'db.too-many-indexes': 3, 'db.type-char': 1, 'db.type-int4-id': 47,
      'db.type-serial': 58, 'db.type-timestamp-no-tz': 63, 'db.type-varchar-n': 1,
    });
    // About 0.1 s on an idle machine; the bound only catches a pathological slowdown on a loaded one.
    expect(danbooruRulesMs).toBeLessThan(10_000);
  });
});

describe('resources/sample-project', () => {
  it('reports what the sample is built to show, each at its line', () => {
    const summary = sampleFindings.map((f) => [f.ruleId, f.location.file, f.location.line]);
    expect(summary).toEqual(expect.arrayContaining([
      ['db.fk-unindexed', V1, at(sample, V1, 'customer_id  bigint NOT NULL REFERENCES customers (id)').line],
      ['db.type-serial', V2, at(sample, V2, 'id           serial PRIMARY KEY').line],
      ['db.type-int4-id', V2, at(sample, V2, 'id           serial PRIMARY KEY').line],
      ['db.type-timestamp-no-tz', V2, at(sample, V2, 'created_at   timestamp DEFAULT now()').line],
      ['db.implicit-fk-missing', V2, at(sample, V2, 'order_id     bigint NOT NULL').line],
      ['db.type-varchar-n', V2, at(sample, V2, 'provider_ref varchar(64)').line],
      ['mig.lock-timeout-missing', V2, at(sample, V2, 'ALTER TABLE orders ADD COLUMN paid_at').line],
    ]));
    expect(countByRule(sampleFindings)).toEqual({
      'db.column-type-inconsistent-by-name': 1, 'db.fk-unindexed': 1, 'db.implicit-fk-missing': 1, 'db.type-int4-id': 1, 'db.type-serial': 1,
      'db.type-timestamp-no-tz': 1, 'db.type-varchar-n': 1, 'mig.lock-timeout-missing': 1,
    });
  });

  it('does not flag CREATE INDEX payments_order: payments is created in the same file, so it is empty', () => {
    expect(of(sampleFindings, 'mig.index-not-concurrent')).toEqual([]);
  });
});
