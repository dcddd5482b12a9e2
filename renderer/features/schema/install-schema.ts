import { registerCommands, type Command } from '../palette/command-registry.js';
import { workbench } from '../../state/workbench-store.js';
import { showSideView } from '../../workbench/layout-actions.js';
import { startSchemaSync, refreshSchema } from './schema-sync.js';

const hasProject = () => workbench.get().project !== null;

/** The Schema view's palette commands. */
export const SCHEMA_COMMANDS: Command[] = [
  { id: 'view.schema', category: 'View', title: 'Show Schema', run: () => showSideView('schema') },
  { id: 'schema.refresh', category: 'Schema', title: 'Reload the Schema', enabled: hasProject, run: refreshSchema },
];

/** Register the Schema view's commands and follow the open project's replayed schema. */
export function installSchemaView(): void {
  registerCommands(SCHEMA_COMMANDS);
  startSchemaSync();
}
