import { monaco } from '../editor/monaco.js';
import { schemaStore } from '../schema/schema-store.js';

/** Suggest the replayed database's tables, views, columns and functions in every PostgreSQL editor (console and .sql files). */
export function installSqlCompletion(): monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider('pgsql', {
    provideCompletionItems(model, position) {
      const info = schemaStore.get().info;
      if (!info) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const { Struct, Field, Function, Interface, Enum } = monaco.languages.CompletionItemKind;
      const suggestions: monaco.languages.CompletionItem[] = [];
      const columns = new Map<string, string[]>();
      const shown = (schema: string, name: string) => (schema === 'public' ? name : `${schema}.${name}`);
      for (const table of info.schema.tables) {
        suggestions.push({ label: shown(table.schema, table.name), kind: Struct, insertText: shown(table.schema, table.name), detail: `table ${table.schema}.${table.name}`, range, sortText: `1${table.name}` });
        for (const column of table.columns) columns.set(column.name, [...(columns.get(column.name) ?? []), `${table.name}: ${column.type}`]);
      }
      for (const view of info.schema.views) {
        suggestions.push({ label: shown(view.schema, view.name), kind: Interface, insertText: shown(view.schema, view.name), detail: `${view.materialized ? 'materialized view' : 'view'} ${view.schema}.${view.name}`, range, sortText: `1${view.name}` });
      }
      for (const [name, tables] of columns) {
        suggestions.push({ label: name, kind: Field, insertText: name, detail: tables.slice(0, 4).join(', ') + (tables.length > 4 ? ', …' : ''), range, sortText: `2${name}` });
      }
      for (const fn of info.schema.functions.filter((f) => !f.system)) {
        suggestions.push({ label: shown(fn.schema, fn.name), kind: Function, insertText: `${shown(fn.schema, fn.name)}(`, detail: `(${fn.arguments}) → ${fn.returns}`, range, sortText: `3${fn.name}` });
      }
      for (const enumType of info.schema.enums.filter((e) => !e.system)) {
        suggestions.push({ label: shown(enumType.schema, enumType.name), kind: Enum, insertText: shown(enumType.schema, enumType.name), detail: enumType.values.join(' | '), range, sortText: `4${enumType.name}` });
      }
      return { suggestions };
    },
  });
}
