import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, locateInStatement, parseSqlFile } from '../../../main/db/parse.js';
import { splitSql } from '../../../main/db/split.js';
import { corpusDir, fixturesDir } from './helpers.js';

beforeAll(async () => {
  await loadSqlParser();
});

describe('splitSql', () => {
  it('keeps semicolons inside quotes, dollar quotes, comments, parentheses and BEGIN ATOMIC bodies', () => {
    const text = [
      "select 'a;b', E'it\\'s;', \"we;ird\" from t; -- c;",
      'create function f() returns int language plpgsql as $fn$ begin return 1; end $fn$;',
      '/* outer /* nested; */ still; */ select 2;',
      'create rule r as on insert to t do also (insert into u values (1); insert into u values (2));',
      'create function g() returns int language sql begin atomic select 1; select case when true then 2 end; end;',
      'select 3',
    ].join('\n');
    const chunks = splitSql(text).chunks.map((c) => c.text.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(chunks).toEqual(['select \'a;b\',', 'create function', 'select 2', 'create rule', 'create function', 'select 3']);
  });

  it('treats backslash lines as psql meta-commands and skips COPY data', () => {
    const text = '\\connect db\nselect 1;\ncopy t (a) from stdin;\n1;2\n\\.\nselect 2 \\gset\nselect 3;';
    const result = splitSql(text);
    expect(result.chunks.map((c) => c.text.trim())).toEqual(['select 1', 'copy t (a) from stdin', 'select 2', 'select 3']);
    expect(result.metaCommands.map((m) => m.text)).toEqual(['\\connect db', '\\gset']);
    expect(result.copyData).toHaveLength(1);
    expect(text.slice(result.copyData[0].start, result.copyData[0].end)).toBe('1;2\n\\.');
  });

  it('never throws on unterminated input', () => {
    for (const text of ["select 'abc", 'select $x$ never closed', '/* open', 'select "id', '\\', 'copy t from stdin;\n1']) {
      expect(() => splitSql(text)).not.toThrow();
    }
  });
});

describe('parseSqlFile', () => {
  it('gives each statement its file, line, column and AST node type', () => {
    const text = '-- header\n  create table t (id int primary key);\n\nalter table t\n  add column name text;\ncreate index on t (name)';
    const parsed = parseSqlFile('db/001.sql', text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.statements.map((s) => [s.nodeType, s.line, s.column])).toEqual([
      ['CreateStmt', 2, 3], ['AlterTableStmt', 4, 1], ['IndexStmt', 6, 1],
    ]);
    expect(parsed.statements[1].text).toBe('alter table t\n  add column name text');
    expect(parsed.statements[0].ast.relation.relname).toBe('t');
  });

  it('converts byte offsets correctly after multi-byte characters', () => {
    const text = "select 'Größe 😀';\nselect 'ü', 1 2;\ncreate table x (a int);";
    const parsed = parseSqlFile('u.sql', text);
    expect(parsed.statements.map((s) => s.line)).toEqual([1, 3]);
    expect(parsed.statements[1].column).toBe(1);
    const error = parsed.diagnostics.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ file: 'u.sql', line: 2, column: 15, code: 'sql.parse' });
    expect(error?.message).toBe('syntax error at or near "2"');
  });

  it('locates AST nodes inside a statement after non-ASCII text', () => {
    const text = "create table t (\n  \"naïve\" text default 'é',\n  b int\n);";
    const [statement] = parseSqlFile('t.sql', text).statements;
    const b = statement.ast.tableElts[1].ColumnDef;
    expect(locateInStatement(statement, b.location)).toEqual({ line: 3, column: 3 });
  });

  it('reports psql meta-commands and COPY data as info, and parses the rest', () => {
    const text = readFileSync(join(fixturesDir, 'psql-dump/db/schema.sql'), 'utf8');
    const parsed = parseSqlFile('db/schema.sql', text);
    const infos = parsed.diagnostics.filter((d) => d.severity === 'info');
    expect(infos.map((d) => [d.code, d.line])).toEqual([['sql.psql-meta', 2], ['sql.psql-meta', 3], ['sql.copy-data', 15]]);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.statements.map((s) => s.nodeType)).toEqual([
      'VariableSetStmt', 'CreateExtensionStmt', 'CreateExtensionStmt', 'CreateStmt', 'CopyStmt', 'CreateFunctionStmt', 'SelectStmt', 'CreateStmt',
    ]);
  });

  it('parses every file of the PostgreSQL regression suite without throwing', () => {
    const dir = join(corpusDir, 'postgres-regression-suite/postgres/regression_suite');
    const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
    expect(files).toHaveLength(243);
    let statements = 0;
    let errors = 0;
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const parsed = parseSqlFile(file, text);
      statements += parsed.statements.length;
      for (const d of parsed.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        if (d.severity === 'error') errors++;
      }
    }
    // The suite is full of deliberate errors and PostgreSQL 19 syntax the 18 parser rejects: they are diagnostics, not crashes.
    expect(statements).toBeGreaterThan(40_000);
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(statements / 20);
  });
});
