// A Sqitch project analysed end to end: sqitch.plan orders deploy/*.sql, the reworked change's current script wins,
// and revert/verify scripts are not replayed (they would drop what deploy created).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFolder } from '../../../main/bundle/analyze.js';
import type { Table } from '../../../shared/model/model.js';
import { tempDir } from '../../support/temp.js';
import { SQITCH_PLAN } from './helpers.js';

const home = tempDir('archbench-sqitch-');
afterAll(() => home.cleanup());

const FILES: Record<string, string> = {
  'sqitch.conf': '[core]\n  engine = pg\n',
  'sqitch.plan': SQITCH_PLAN,
  'deploy/appschema.sql': 'BEGIN;\nCREATE SCHEMA flipr;\nCOMMIT;\n',
  'deploy/users@v1.0.0-dev1.sql': 'BEGIN;\nCREATE TABLE flipr.users (nickname TEXT PRIMARY KEY, password TEXT NOT NULL);\nCOMMIT;\n',
  // Alphabetically before users*.sql: replayed in file-name order it would fail (flipr.users does not exist yet).
  'deploy/flips.sql': 'BEGIN;\nCREATE TABLE flipr.flips (id BIGSERIAL PRIMARY KEY, nickname TEXT NOT NULL REFERENCES flipr.users(nickname), body TEXT NOT NULL);\nCOMMIT;\n',
  'deploy/users.sql': 'BEGIN;\nALTER TABLE flipr.users ADD COLUMN twitter TEXT;\nCOMMIT;\n',
  'revert/users.sql': 'BEGIN;\nALTER TABLE flipr.users DROP COLUMN twitter;\nCOMMIT;\n',
  'revert/flips.sql': 'BEGIN;\nDROP TABLE flipr.flips;\nCOMMIT;\n',
  'verify/flips.sql': 'BEGIN;\nSELECT id FROM flipr.flips WHERE FALSE;\nROLLBACK;\n',
};

describe('Sqitch projects', () => {
  it('replay deploy scripts in plan order: every table, the reworked column, nothing reverted', async () => {
    const root = join(home.path, 'flipr');
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const out = join(home.path, 'out');
    await analyzeFolder({ root, outDir: out, formats: ['json'], failOn: 'none', dataDir: join(home.path, 'data') });
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { tables: Table[]; diagnostics: Array<{ code: string; file: string; message: string }> };
    const tables = model.tables.filter((table) => !table.system);
    expect(tables.map((table) => `${table.schema}.${table.name}`).sort()).toEqual(['flipr.flips', 'flipr.users']);
    expect(tables.find((table) => table.name === 'users')!.columns.map((column) => column.name)).toEqual(['nickname', 'password', 'twitter']);
    expect(tables.find((table) => table.name === 'flips')!.foreignKeys).toHaveLength(1);
    expect(model.diagnostics.filter((d) => d.code === 'sql.apply')).toEqual([]);
  });
});
