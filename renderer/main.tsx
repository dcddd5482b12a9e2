import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/theme.css';
import './styles/base.css';
import { persistLayoutChanges, loadTheme } from './state/persistence.js';
import { registerWorkbenchCommands } from './workbench/commands.js';
import { installKeybindings } from './workbench/keybindings.js';
import { setTheme } from './workbench/layout-actions.js';
import { startProjectSync } from './workbench/project-actions.js';
import { Workbench } from './workbench/Workbench.js';
import { installWindowEffects } from './workbench/window-effects.js';

setTheme(loadTheme());
registerWorkbenchCommands();
installKeybindings();
persistLayoutChanges();
installWindowEffects();
startProjectSync();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Workbench />
  </StrictMode>,
);
