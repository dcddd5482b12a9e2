import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/theme.css';
import './styles/base.css';
import { startAnalysisSync } from './features/analysis/analysis-sync.js';
import { installArchbenchYaml } from './features/archbench-yaml/archbench-yaml.js';
import { installFindingMarkers } from './features/findings/finding-markers.js';
import { registerFindingsCommands } from './features/findings/findings-commands.js';
import { installSchemaView } from './features/schema/install-schema.js';
import { installThreatsView } from './features/threats/install-threats.js';
import { installSqlConsole } from './features/sql-console/install-sql-console.js';
import { installDiagrams } from './features/diagram/install-diagrams.js';
import { installDesign } from './features/design/install-design.js';
import { installExport } from './features/export/install-export.js';
import { persistLayoutChanges, loadTheme } from './state/persistence.js';
import { registerWorkbenchCommands } from './workbench/commands.js';
import { installKeybindings } from './workbench/keybindings.js';
import { setTheme } from './workbench/layout-actions.js';
import { startProjectSync } from './workbench/project-actions.js';
import { Workbench } from './workbench/Workbench.js';
import { installWindowEffects } from './workbench/window-effects.js';

setTheme(loadTheme());
registerWorkbenchCommands();
registerFindingsCommands();
installKeybindings();
persistLayoutChanges();
installWindowEffects();
installArchbenchYaml();
installFindingMarkers();
startAnalysisSync();
installSchemaView();
installThreatsView();
installSqlConsole();
installDiagrams();
installDesign();
installExport();
startProjectSync();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Workbench />
  </StrictMode>,
);
