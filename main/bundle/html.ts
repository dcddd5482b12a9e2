import { createHash } from 'node:crypto';

/** Escape text for HTML element content and quoted attribute values: project content is hostile input. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escape text for a Markdown table cell or line: neutralise pipes, HTML and link syntax. */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '').replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Inline Markdown code: a backtick run longer than any inside the text, so nothing breaks out. */
export function markdownCode(value: unknown): string {
  const text = String(value ?? '').replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced Markdown code block whose fence is longer than any backtick run in the text. */
export function markdownFence(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * An href for a link, or undefined: only absolute http(s) URLs pass (never `javascript:`, `data:`, relative
 * or protocol-relative ones), returned escaped for a quoted attribute.
 */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return escapeHtml(url.href);
  } catch {
    return undefined;
  }
}

/** An HTML id built from project text: safe characters only, with a hash so different inputs never collide. */
export function anchorId(prefix: string, value: string): string {
  const readable = value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 8);
  return `${prefix}-${readable ? `${readable}-` : ''}${hash}`;
}
