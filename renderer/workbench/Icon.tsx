// Codicons from the font Monaco bundles (no icon font download, no SVG sprite to keep in sync).
const CODEPOINTS = {
  files: 0xeaf0, folder: 0xea83, 'folder-opened': 0xeaf7, file: 0xea7b, 'chevron-right': 0xeab6, 'chevron-down': 0xeab4,
  close: 0xea76, 'circle-filled': 0xea71, warning: 0xea6c, error: 0xea87, info: 0xea74, 'list-tree': 0xeb86,
  'list-flat': 0xeb84, refresh: 0xeb37, check: 0xeab2, 'debug-disconnect': 0xead0, plug: 0xeb2d, terminal: 0xea85,
  output: 0xeb9d, 'color-mode': 0xeac6, copy: 0xebcc, diff: 0xeae1, 'git-compare': 0xeafd, 'go-to-file': 0xea94,
  'collapse-all': 0xeac5, 'expand-all': 0xeb95, 'circle-slash': 0xeabd, 'new-folder': 0xea80, history: 0xea82,
  'layout-panel': 0xebf2, 'layout-sidebar-left': 0xebf3, save: 0xeb4b, discard: 0xeae2, remote: 0xeb3a, globe: 0xeb01,
  window: 0xeb7f, beaker: 0xea79, book: 0xeaa4, 'file-code': 0xeae9, search: 0xea6d, 'pass-filled': 0xebb3,
} as const;

export type IconName = keyof typeof CODEPOINTS;

/** A decorative icon; give the surrounding button or item its accessible name. */
export function Icon({ name, className, title }: { name: IconName; className?: string; title?: string }) {
  return (
    <span className={`icon${className ? ` ${className}` : ''}`} aria-hidden="true" title={title} data-icon={name}>
      {String.fromCodePoint(CODEPOINTS[name])}
    </span>
  );
}
