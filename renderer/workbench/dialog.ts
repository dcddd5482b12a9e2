import { createStore } from '../state/store.js';

export interface DialogButton {
  id: string;
  label: string;
  primary?: boolean;
}

export interface DialogRequest {
  title: string;
  message: string;
  buttons: DialogButton[];
  /** A text field (the browser host's "Open Folder": there is no native picker there). */
  input?: { label: string; placeholder?: string; value?: string };
  resolve(answer: { button: string; value: string }): void;
}

/** The one modal dialog on screen, if any. */
export const dialogStore = createStore<{ dialog: DialogRequest | null }>({ dialog: null });

/** Ask the user; resolves with the button pressed ('cancel' for Escape) and the input's value. */
export function ask(request: Omit<DialogRequest, 'resolve'>): Promise<{ button: string; value: string }> {
  dialogStore.get().dialog?.resolve({ button: 'cancel', value: '' });
  return new Promise((resolve) => {
    dialogStore.set({
      dialog: {
        ...request,
        resolve: (answer) => {
          dialogStore.set({ dialog: null });
          resolve(answer);
        },
      },
    });
  });
}
