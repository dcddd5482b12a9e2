import type { SqlStatementResult } from '../../../shared/contract/index.js';
import { cellText, isNumericType, typeName } from './pg-types.js';

/** Cells longer than this are cut in the grid; the full value is in the tooltip. */
const CELL_CHARS = 300;

/** The rows of one statement as a grid: numbered rows, column headers with their types, NULL set apart. */
export function ResultGrid({ result }: { result: SqlStatementResult }) {
  const { fields, rows } = result;
  return (
    <div className="result-grid-scroll">
      <table className="result-grid" data-testid="result-grid" data-rows={rows.length}>
        <thead>
          <tr>
            <th className="result-rownum" scope="col">#</th>
            {fields.map((field, index) => (
              <th key={`${field.name}:${index}`} scope="col" data-testid="result-column" data-name={field.name} title={`${field.name}: ${typeName(field.dataTypeID)}`}>
                <span className="result-column-name">{field.name}</span>
                <span className="result-column-type">{typeName(field.dataTypeID)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowIndex} data-testid="result-row">
              <td className="result-rownum">{rowIndex + 1}</td>
              {fields.map((field, index) => {
                const text = cellText(row[field.name]);
                const numeric = isNumericType(field.dataTypeID);
                return (
                  <td key={`${field.name}:${index}`} className={`${numeric ? 'numeric' : ''}${text === null ? ' null' : ''}`} title={text !== null && text.length > 40 ? text.slice(0, 4000) : undefined} data-column={field.name}>
                    {text === null ? 'NULL' : text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS)}…` : text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
