import { useEffect, useRef, useState, type FormEvent } from 'react';
import { dismissToast } from '../state/output.js';
import { dismissNotice } from '../state/persistence.js';
import { useStore } from '../state/store.js';
import { useWorkbench, workbench } from '../state/workbench-store.js';
import { dialogStore, type DialogRequest } from './dialog.js';
import { Icon } from './Icon.js';

/** Notifications in the bottom-right corner. */
export function Toasts() {
  const toasts = useWorkbench((s) => s.toasts);
  if (!toasts.length) return null;
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'} data-testid="toast">
          <Icon name={toast.level === 'error' ? 'error' : 'info'} className="toast-icon" />
          <span className="toast-message">{toast.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}

/** The store notice (store rebuilt, moved aside...), until dismissed. */
export function StoreNotice() {
  const notice = useWorkbench((s) => s.storeNotice);
  if (!notice) return null;
  const dismiss = () => {
    const root = workbench.get().project?.root;
    if (root) dismissNotice(root, notice);
    workbench.set({ storeNotice: null });
  };
  return (
    <div className="notice-bar" role="status" data-testid="store-notice">
      <Icon name="info" className="notice-icon" />
      <span className="notice-message">{notice}</span>
      <button type="button" className="icon-button" aria-label="Dismiss the notice" data-testid="store-notice-dismiss" onClick={dismiss}>
        <Icon name="close" />
      </button>
    </div>
  );
}

/** The modal dialog requested through `ask()`. */
export function DialogHost() {
  const dialog = useStore(dialogStore, (s) => s.dialog);
  return dialog ? <Dialog key={dialog.title} dialog={dialog} /> : null;
}

function Dialog({ dialog }: { dialog: DialogRequest }) {
  const [value, setValue] = useState(dialog.input?.value ?? '');
  const root = useRef<HTMLDivElement>(null);
  const primary = dialog.buttons.find((b) => b.primary) ?? dialog.buttons[0];

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const field = root.current?.querySelector<HTMLElement>('input') ?? root.current?.querySelector<HTMLElement>('button.primary');
    field?.focus();
    return () => previous?.focus?.();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    dialog.resolve({ button: primary.id, value });
  };

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        aria-describedby="dialog-message"
        ref={root}
        data-testid="dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            dialog.resolve({ button: 'cancel', value });
          }
        }}
      >
        <form onSubmit={submit}>
          <h2 id="dialog-title">{dialog.title}</h2>
          <p id="dialog-message">{dialog.message}</p>
          {dialog.input && (
            <label className="dialog-field">
              <span>{dialog.input.label}</span>
              <input className="text-input" data-testid="dialog-input" value={value} placeholder={dialog.input.placeholder} onChange={(e) => setValue(e.target.value)} spellCheck={false} />
            </label>
          )}
          <div className="dialog-buttons">
            {dialog.buttons.map((button) => (
              <button
                key={button.id}
                type={button === primary ? 'submit' : 'button'}
                className={`button${button.primary ? ' primary' : ''}`}
                data-testid={`dialog-${button.id}`}
                onClick={button === primary ? undefined : () => dialog.resolve({ button: button.id, value })}
              >
                {button.label}
              </button>
            ))}
          </div>
        </form>
      </div>
    </div>
  );
}
