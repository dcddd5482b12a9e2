/** What a bundle can hold and how a run can gate; a module of its own so `archbench --help` loads nothing else. */
export const BUNDLE_FORMATS = ['html', 'md', 'sarif', 'json', 'pdf'] as const;
export type BundleFormat = (typeof BUNDLE_FORMATS)[number];

export const SEVERITY_GATES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type SeverityGate = (typeof SEVERITY_GATES)[number];
