import { useEffect, useId, useState, type ReactNode } from 'react';

/** One row of a properties grid: a label and its control (the control gets the label's id). */
function Row({ label, id, children, unit }: { label: string; id: string; children: ReactNode; unit?: string }) {
  return (
    <>
      <label htmlFor={id} className="design-prop-label">{label}</label>
      <div className="design-prop-control">{children}{unit && <span className="design-prop-unit">{unit}</span>}</div>
    </>
  );
}

/**
 * A text or number property written when the field is left or Enter is pressed (not on each key).
 * Empty means "not set" (null). The draft follows the model when the model changes underneath.
 */
export function TextProp({ label, value, onCommit, testId, numeric, unit, list, multiline, placeholder, disabled }: {
  label: string;
  value: string | number | undefined;
  onCommit(value: string | number | null): void;
  testId: string;
  numeric?: boolean;
  unit?: string;
  list?: string;
  multiline?: boolean;
  placeholder?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => { setDraft(shown); setInvalid(false); }, [shown]);

  const commit = () => {
    const text = draft.trim();
    if (text === shown) return;
    if (!text) return onCommit(null);
    if (numeric) {
      const number = Number(text);
      if (!Number.isInteger(number) || number < 0) return setInvalid(true);
      setInvalid(false);
      return onCommit(number);
    }
    onCommit(text);
  };
  const common = {
    id, value: draft, disabled, placeholder: placeholder ?? 'not set', 'data-testid': testId, 'aria-invalid': invalid || undefined,
    className: `text-input design-prop-input${invalid ? ' invalid' : ''}`,
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: commit,
    spellCheck: false,
  };
  return (
    <Row label={label} id={id} unit={unit}>
      {multiline ? (
        <textarea {...common} rows={3} onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit(); if (e.key === 'Escape') setDraft(shown); }} />
      ) : (
        <input
          {...common} list={list} inputMode={numeric ? 'numeric' : undefined} autoComplete="off"
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } if (e.key === 'Escape') setDraft(shown); }}
        />
      )}
    </Row>
  );
}

/** A property chosen from a list; the empty choice ("not set") removes it from archbench.yaml. */
export function SelectProp({ label, value, options, onCommit, testId, required, disabled }: {
  label: string;
  value: string | undefined;
  options: readonly string[];
  onCommit(value: string | null): void;
  testId: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <Row label={label} id={id}>
      <select id={id} className="text-input design-prop-input" data-testid={testId} value={value ?? ''} disabled={disabled} onChange={(e) => onCommit(e.target.value || null)}>
        {(!required || value === undefined) && <option value="">not set</option>}
        {value !== undefined && !options.includes(value) && <option value={value}>{value}</option>}
        {options.map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
    </Row>
  );
}

/** A yes / no property that can also be left unset. */
export function BooleanProp({ label, value, onCommit, testId, disabled }: { label: string; value: boolean | undefined; onCommit(value: boolean | null): void; testId: string; disabled?: boolean }) {
  const id = useId();
  return (
    <Row label={label} id={id}>
      <select id={id} className="text-input design-prop-input" data-testid={testId} value={value === undefined ? '' : value ? 'yes' : 'no'} disabled={disabled}
        onChange={(e) => onCommit(e.target.value === '' ? null : e.target.value === 'yes')}>
        <option value="">not set</option>
        <option value="yes">yes</option>
        <option value="no">no</option>
      </select>
    </Row>
  );
}
