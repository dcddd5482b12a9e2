/** Small Markdown helpers for the threat-model and playbook documents: everything from the model is escaped. */

/** Escape text for Markdown prose and table cells (pipes, emphasis, HTML, brackets, backticks). */
export function md(text: unknown): string {
  return String(text ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/([`*_[\]<>|#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Inline code (backticks in the value are replaced so the span cannot be broken out of). */
export function code(text: unknown): string {
  return `\`${String(text ?? '').replace(/`/g, "'").replace(/\r?\n/g, ' ')}\``;
}

/** Escape prose written by Archbench itself, keeping its `code` spans (commands, archbench.yaml keys) as code. */
export function mdKeepCode(text: string): string {
  return text.split(/(`[^`]*`)/).map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? code(part.slice(1, -1)) : md(part))).join('');
}

/** A Markdown table. */
export function table(headers: string[], rows: string[][]): string[] {
  if (!rows.length) return [];
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** `file:line` of a location. */
export function where(location: { file: string; line: number } | undefined): string {
  return location ? code(`${location.file}:${location.line}`) : '';
}
