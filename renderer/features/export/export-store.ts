import { createStore, useStore } from '../../state/store.js';

export const exportStore = createStore<{ open: boolean }>({ open: false });
export const useExportDialog = <T,>(select: (s: { open: boolean }) => T) => useStore(exportStore, select);

export const openExportDialog = () => exportStore.set({ open: true });
export const closeExportDialog = () => exportStore.set({ open: false });
