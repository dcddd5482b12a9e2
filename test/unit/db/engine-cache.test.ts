import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSchemaEngine } from '../../../main/db/engine.js';
import { sharedCacheDir } from './helpers.js';

describe('prepared data directories', () => {
  it('are built once per cacheDir and loaded from it afterwards', async () => {
    // The first engine on this machine builds them (initdb, seconds); any engine after that loads them.
    const first = await createSchemaEngine({ cacheDir: sharedCacheDir });
    expect(existsSync(first.basePaths.plain)).toBe(true);
    expect(existsSync(first.basePaths.supabase)).toBe(true);
    const builtAt = statSync(first.basePaths.supabase).mtimeMs;
    await first.close();

    const warm = await createSchemaEngine({ cacheDir: sharedCacheDir });
    try {
      expect(warm.baseSource).toBe('cache');
      expect(warm.basePaths).toEqual(first.basePaths);
      expect(statSync(warm.basePaths.supabase).mtimeMs).toBe(builtAt);
      if (first.baseSource === 'fresh') expect(warm.readyMs).toBeLessThan(first.readyMs);
      const text = [
        'create table notes (id uuid primary key default auth.uid(), body text);',
        'create view note_ids with (security_invoker = true) as select id from notes;',
        'create materialized view note_count as select count(*) as n from notes;',
        "create function touch() returns int language sql security definer set search_path = '' as $$ select 1 $$;",
      ].join('\n');
      const result = await warm.replay({ files: [{ path: 'supabase/migrations/20240101000000_init.sql', text }] });
      expect(result.supabase.supabase).toBe(true);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // Supabase's default privileges from the prelude apply to the project's tables.
      expect(result.tables.find((t) => t.name === 'notes')?.grants?.anon).toContain('SELECT');
      expect(result.schema.views.map((v) => [v.name, v.materialized, v.securityInvoker, v.source?.line])).toEqual([
        ['note_count', true, false, 3], ['note_ids', false, true, 2],
      ]);
      expect(result.schema.functions.find((f) => f.name === 'touch')).toMatchObject({ securityDefiner: true, searchPath: '""', executableBy: ['PUBLIC', 'anon', 'authenticated', 'service_role'] });
    } finally {
      await warm.close();
    }
  });
});
