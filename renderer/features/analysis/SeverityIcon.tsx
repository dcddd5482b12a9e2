import type { Severity } from '../../../shared/model/finding.js';
import { Icon } from '../../workbench/Icon.js';
import { SEVERITY_ICONS, SEVERITY_LABELS } from './labels.js';
import './analysis.css';

/** A severity as a coloured icon; the label is its tooltip and accessible name. */
export function SeverityIcon({ severity, className }: { severity: Severity; className?: string }) {
  return (
    <span className={`severity-icon severity-${severity}${className ? ` ${className}` : ''}`} role="img" aria-label={SEVERITY_LABELS[severity]} title={SEVERITY_LABELS[severity]} data-severity={severity}>
      <Icon name={SEVERITY_ICONS[severity]} />
    </span>
  );
}
