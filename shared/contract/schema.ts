import * as z from 'zod';
import type { DatabaseSchema, Diagnostic } from '../model/model.js';

/** How the project's migrations were found and ordered (shown in the Schema view). */
export interface MigrationPlanInfo {
  scheme: string;
  reason: string;
  migrations: Array<{ path: string; scheme?: string; version?: string; repeatable?: boolean }>;
  excluded: Array<{ path: string; kind?: string; reason: string }>;
  diagnostics: Diagnostic[];
}

/** The replayed database as the Schema view shows it; null before the first replay or without SQL files. */
export interface SchemaInfo {
  plan: MigrationPlanInfo;
  supabase: { supabase: boolean; reason?: string };
  schema: DatabaseSchema;
  /** Objects missing because the statement that should have created them failed. */
  missing: Array<{ kind: string; schema?: string; name: string; file: string; line: number; message: string; extension?: string }>;
  timings: { totalMs: number; replayMs: number; introspectMs: number; resumedAt: number; replayedMigrations: number; cached: boolean };
}

export const schemaSchemas = {
  'schema.get': z.object({}).strict(),
};

export interface SchemaHandlers {
  'schema.get': (args: Record<string, never>) => SchemaInfo | null;
}
