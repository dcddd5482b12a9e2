/** Escape text for HTML element content and quoted attribute values: project content is hostile input. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escape text for a Markdown table cell or line: neutralise pipes, HTML and link syntax. */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '').replace(/[\\`*_{}[\]()<>#+!|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
