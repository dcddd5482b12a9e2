// The only bridge between the sandboxed renderer and main: `invoke(method, args)` and `on(event, cb)`
// for an allow-list of push events. No Node, no ipcRenderer, no arbitrary channels.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const EVENTS = new Set(['file.changedOnDisk', 'project.treeChanged', 'project.opened', 'analysis.progress', 'analysis.done', 'model.changed', 'report.progress', 'diagram.layoutStored']);

contextBridge.exposeInMainWorld('archbench', {
  invoke: (method: string, args: unknown) => {
    if (typeof method !== 'string') throw new TypeError('method must be a string');
    return ipcRenderer.invoke('archbench:rpc', method, args);
  },
  on: (event: string, listener: (payload: unknown) => void) => {
    if (!EVENTS.has(event)) throw new Error(`Unknown event "${event}"`);
    const wrapped = (_: IpcRendererEvent, name: string, payload: unknown) => { if (name === event) listener(payload); };
    ipcRenderer.on('archbench:event', wrapped);
    return () => { ipcRenderer.removeListener('archbench:event', wrapped); };
  },
});
