import type { SourceLocation } from '../../../shared/model/model.js';
import { workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';
import type { SchemaRow } from './schema-rows.js';

/** Where a row of the Schema view leads when activated: the statement that defines the object, or the file itself. */
export function locationOf(row: SchemaRow): SourceLocation | undefined {
  switch (row.type) {
    case 'problem': return row.location;
    case 'migration': case 'excluded': return { file: row.path, line: 1 };
    case 'override': return overrideLocation();
    case 'schema': return row.schema.source;
    case 'table': return row.table.source;
    case 'column': return row.column.source ?? row.table.source;
    // An index or key made by CREATE TABLE has no statement of its own: the table's is where it is written.
    case 'index': return row.index.source ?? row.table.source;
    case 'foreign-key': return row.foreignKey.source ?? row.table.source;
    case 'policy': return row.policy.source ?? row.table.lastChanged ?? row.table.source;
    case 'trigger': return row.trigger.source;
    case 'view': return row.view.source;
    case 'function': return row.fn.source;
    case 'enum': return row.enumType.source;
    case 'sequence': return row.sequence.source;
    case 'extension': return row.extension.source;
    default: return undefined;
  }
}

/** archbench.yaml's `migrations` key when it has one, else the file itself when it exists. */
function overrideLocation(): SourceLocation | undefined {
  const settings = analysisStore.get().model?.migrations;
  if (settings?.source) return settings.source;
  return workbench.get().tree.some((a) => a.path === 'archbench.yaml') ? { file: 'archbench.yaml', line: 1 } : undefined;
}
