import type { PointerEvent as ReactPointerEvent } from 'react';

interface Props {
  /** 'vertical' resizes widths (a sash between side bar and editor); 'horizontal' resizes heights. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: () => number;
  /** +1 when dragging right/down grows the value, -1 when it shrinks it (the bottom panel). */
  direction: 1 | -1;
  label: string;
  onChange(value: number): void;
}

/** A drag handle between two parts of the layout; arrow keys resize too. */
export function Sash({ orientation, value, min, max, direction, label, onChange }: Props) {
  const clamp = (v: number) => Math.round(Math.max(min, Math.min(max(), v)));

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const start = orientation === 'vertical' ? event.clientX : event.clientY;
    const initial = value;
    document.body.classList.add(orientation === 'vertical' ? 'resizing-x' : 'resizing-y');
    const move = (e: PointerEvent) => onChange(clamp(initial + direction * ((orientation === 'vertical' ? e.clientX : e.clientY) - start)));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('pointercancel', up);
      document.body.classList.remove('resizing-x', 'resizing-y');
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
  };

  return (
    <div
      className={`sash sash-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 50 : 10;
        const keys = orientation === 'vertical' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
        if (!keys.includes(e.key)) return;
        e.preventDefault();
        onChange(clamp(value + direction * (e.key === keys[1] ? step : -step)));
      }}
    />
  );
}
