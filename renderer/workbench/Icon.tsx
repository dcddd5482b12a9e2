// Codicons from the font Monaco bundles (no icon font download, no SVG sprite to keep in sync).
const CODEPOINTS = {
  files: 0xeaf0, export: 0xebac, trash: 0xea81, folder: 0xea83, 'folder-opened': 0xeaf7, file: 0xea7b, 'chevron-right': 0xeab6, 'chevron-down': 0xeab4,
  close: 0xea76, 'circle-filled': 0xea71, warning: 0xea6c, error: 0xea87, info: 0xea74, 'list-tree': 0xeb86,
  'list-flat': 0xeb84, refresh: 0xeb37, check: 0xeab2, 'debug-disconnect': 0xead0, plug: 0xeb2d, terminal: 0xea85,
  output: 0xeb9d, 'color-mode': 0xeac6, copy: 0xebcc, diff: 0xeae1, 'git-compare': 0xeafd, 'go-to-file': 0xea94,
  'collapse-all': 0xeac5, 'expand-all': 0xeb95, 'circle-slash': 0xeabd, 'new-folder': 0xea80, history: 0xea82,
  'layout-panel': 0xebf2, 'layout-sidebar-left': 0xebf3, save: 0xeb4b, discard: 0xeae2, remote: 0xeb3a, globe: 0xeb01,
  window: 0xeb7f, beaker: 0xea79, book: 0xeaa4, 'file-code': 0xeae9, search: 0xea6d, 'pass-filled': 0xebb3,
  loading: 0xeb19, flame: 0xeaf2, lock: 0xea75, unlock: 0xeb74, database: 0xeace, 'server-process': 0xeba2, zap: 0xea86,
  inbox: 0xeb09, broadcast: 0xeaad, cloud: 0xebaa, account: 0xeb99, gear: 0xeaf8, 'type-hierarchy': 0xebb9,
  'arrow-right': 0xea9c, 'symbol-interface': 0xeb61, shield: 0xeb53, 'debug-start': 0xead3, 'debug-stop': 0xead7,
  lightbulb: 0xea61, 'issue-reopened': 0xeb0b, pass: 0xeba4, 'list-filter': 0xeb83, 'group-by-ref-type': 0xeb97,
  link: 0xeb15, calendar: 0xeab0, person: 0xea67, 'symbol-namespace': 0xea8b, 'circle-large-outline': 0xebb5,
  'chevron-up': 0xeab7, clock: 0xea82, 'symbol-method': 0xea8c, law: 0xeb12, bug: 0xeaaf, 'workspace-trusted': 0xebc1,
  'arrow-swap': 0xebcb, eye: 0xea70, checklist: 0xeab3, tag: 0xea66,
  table: 0xebb7, key: 0xeb11, play: 0xeb2c, 'symbol-field': 0xeb5f, 'symbol-enum': 0xea95, 'list-ordered': 0xeb16, extensions: 0xeae6, 'debug-restart': 0xead2,
  pulse: 0xeb31, graph: 0xeb03,
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
