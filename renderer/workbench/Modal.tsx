import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A labelled modal form: focus moves into it (first field, or `autoFocus`) and stays there (Tab wraps),
 * Escape or a click on the backdrop cancels, and focus returns where it was when it closes.
 */
export function Modal({ title, description, testId, busy, onCancel, onSubmit, children, buttons, wide }: {
  title: string;
  description?: ReactNode;
  testId: string;
  busy?: boolean;
  onCancel(): void;
  onSubmit(): void;
  children: ReactNode;
  buttons: ReactNode;
  wide?: boolean;
}) {
  const root = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = root.current?.querySelector<HTMLElement>('[data-autofocus]') ?? root.current?.querySelector<HTMLElement>('input, select, textarea');
    first?.focus();
    return () => { if (previous?.isConnected) previous.focus(); };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      if (!busy) onCancel();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = [...(root.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((el) => el.offsetParent !== null);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSubmit();
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget && !busy) onCancel(); }}>
      <div
        ref={root}
        className={`dialog design-dialog${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        aria-busy={busy || undefined}
        data-testid={testId}
        onKeyDown={onKeyDown}
      >
        <form onSubmit={submit}>
          <h2 id={titleId}>{title}</h2>
          {description && <p id={descriptionId}>{description}</p>}
          {children}
          <div className="dialog-buttons">{buttons}</div>
        </form>
      </div>
    </div>
  );
}

/** A field with its label above it. */
export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <label className="dialog-field">
      <span>{label}</span>
      {children}
      {hint && <small className="design-hint">{hint}</small>}
    </label>
  );
}

/** Main's reason for refusing, shown in the dialog. */
export function DialogError({ message }: { message: string | null }) {
  return message ? <p className="design-error" role="alert" data-testid="design-dialog-error">{message}</p> : null;
}
