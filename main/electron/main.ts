// The desktop app: a thin composition root over main/core (the only folder that imports electron).
// Hardened per Electron's security checklist: contextIsolation, sandbox, no nodeIntegration, strict CSP,
// an app:// protocol instead of file://, navigation and new windows denied, every IPC sender checked.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell, type MenuItemConstructorOptions, type IpcMainInvokeEvent } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWorkbench, type Workbench } from '../core/workbench.js';
import { errorPayload } from '../core/router.js';
import { contentSecurityPolicy } from '../host/browser-host.js';
import { EVENTS } from '../../shared/contract/index.js';

const APP_ORIGIN = 'app://archbench';
const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'dist', 'renderer');
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(appRoot, 'resources');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let workbench: Workbench;
let window: BrowserWindow | undefined;

app.enableSandbox();

app.whenReady().then(async () => {
  workbench = createWorkbench({
    dataDir: app.getPath('userData'),
    resourcesDir,
    host: 'electron',
    version: app.getVersion(),
    analysisWorker: join(__dirname, '..', 'analysis-worker.js'),
    chooseFolder: async () => {
      const result = await dialog.showOpenDialog(window!, { properties: ['openDirectory'] });
      return result.canceled ? null : result.filePaths[0] ?? null;
    },
  });

  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    if (url.host !== 'archbench') return new Response('Not found', { status: 404 });
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy('')] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle('archbench:rpc', async (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'internal', message: 'Refused: untrusted sender frame.' } };
    try {
      return { ok: true, result: await workbench.invoke(String(method), args) };
    } catch (error) {
      return { ok: false, error: errorPayload(error) };
    }
  });
  workbench.onAny((event, payload) => {
    if (EVENTS.includes(event)) window?.webContents.send('archbench:event', event, payload);
  });

  await refreshMenu();
  workbench.on('project.opened', () => void refreshMenu());
  createWindow();
  const folder = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => !a.startsWith('-'));
  if (folder) await workbench.invoke('project.open', { path: folder }).catch(() => undefined);
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => { if (!url.startsWith(APP_ORIGIN)) event.preventDefault(); });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.on('window-all-closed', () => {
  void workbench?.close().finally(() => app.quit());
});

function createWindow(): void {
  window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Archbench',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window?.show());
  // The renderer refuses to unload while files have unsaved edits (renderer/workbench/window-effects.ts): ask.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window!, {
      type: 'warning', title: 'Unsaved changes', message: 'Some files have unsaved changes.',
      detail: 'Close Archbench and lose them, or cancel and save them first (Ctrl+S).',
      buttons: ['Close Without Saving', 'Cancel'], defaultId: 1, cancelId: 1, noLink: true,
    });
    if (choice === 0) event.preventDefault(); // lets the window close after all
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!frame && frame === window?.webContents.mainFrame && new URL(frame.url).origin === APP_ORIGIN;
}

async function openFolder(path?: string): Promise<void> {
  const target = path ?? (await dialog.showOpenDialog(window!, { properties: ['openDirectory'] })).filePaths[0];
  if (!target) return;
  try {
    await workbench.invoke('project.open', { path: target });
  } catch (error) {
    dialog.showErrorBox('Cannot open folder', (error as Error).message);
  }
}

/** The app menu, rebuilt whenever a project opens so Open Recent stays current. */
async function refreshMenu(): Promise<void> {
  const recent = await (workbench.invoke('project.recent', {}) as Promise<Array<{ root: string; name: string }>>).catch(() => []);
  const recentItems: MenuItemConstructorOptions[] = recent.map((p) => ({ label: `${p.name} — ${p.root}`, click: () => void openFolder(p.root) }));
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => void openFolder() },
        { label: 'Open Recent', submenu: recentItems.length ? recentItems : [{ label: 'No recent projects', enabled: false }] },
        { label: 'Open Sample Project', click: () => void workbench.invoke('project.openSample', {}) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Archbench', click: () => window?.webContents.send('archbench:event', 'app.showAbout', {}) }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
