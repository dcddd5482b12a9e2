import { COMPONENT_KINDS, type Component, type ComponentKind, type Endpoint, type Flow, type SourceLocation, type SystemModel, type TrustBoundary } from '../../../shared/model/model.js';

export type ModelSection = 'components' | 'flows' | 'boundaries' | 'endpoints';

export const SECTION_LABELS: Record<ModelSection, string> = { components: 'Components', flows: 'Flows', boundaries: 'Trust Boundaries', endpoints: 'Endpoints' };

/** A row of the Model view, before it is rendered. */
export type ModelRow =
  | { type: 'section'; id: string; level: number; section: ModelSection; shown: number; total: number; expanded: boolean }
  | { type: 'kind'; id: string; level: number; kind: ComponentKind; shown: number; expanded: boolean }
  | { type: 'component'; id: string; level: number; component: Component; expanded?: boolean }
  | { type: 'source'; id: string; level: number; location: SourceLocation; primary: boolean }
  | { type: 'flow'; id: string; level: number; flow: Flow }
  | { type: 'boundary'; id: string; level: number; boundary: TrustBoundary; shown: number; expanded: boolean }
  | { type: 'member'; id: string; level: number; componentId: string; component?: Component }
  | { type: 'endpoint-group'; id: string; level: number; label: string; detail?: string; shown: number; expanded: boolean }
  | { type: 'endpoint'; id: string; level: number; endpoint: Endpoint };

/** Large groups start folded so a big spec does not bury everything else. */
const FOLD_ENDPOINTS_ABOVE = 120;

/** Is a node expanded? Each kind of node has a default; `toggled` holds the ids the user flipped. */
function isExpanded(id: string, toggled: ReadonlySet<string>, byDefault: boolean): boolean {
  return toggled.has(id) ? !byDefault : byDefault;
}

/** Lower-case words of the filter; an element matches when its text holds every one. */
function filterTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

const matches = (terms: string[], ...texts: Array<string | number | undefined>) => {
  if (!terms.length) return true;
  const haystack = texts.filter((t) => t !== undefined).join(' ').toLowerCase();
  return terms.every((term) => haystack.includes(term));
};

function componentMatches(component: Component, terms: string[]): boolean {
  return matches(terms, component.name, component.id, component.kind, component.image, component.internetFacing ? 'internet' : undefined);
}

function flowMatches(flow: Flow, terms: string[]): boolean {
  return matches(terms, flow.from, flow.to, `${flow.from}->${flow.to}`, flow.protocol, ...flow.inferredFrom);
}

function endpointMatches(endpoint: Endpoint, terms: string[]): boolean {
  return matches(terms, endpoint.method, endpoint.path, endpoint.component, endpoint.operationId, endpoint.source.file);
}

/** Flatten the model into the rows the view shows, honouring the filter and what is folded. */
export function modelRows(model: SystemModel, filter: string, toggled: ReadonlySet<string>): ModelRow[] {
  const terms = filterTerms(filter);
  const filtering = terms.length > 0;
  const open = (id: string, byDefault: boolean) => filtering || isExpanded(id, toggled, byDefault);
  const rows: ModelRow[] = [];
  const byId = new Map(model.components.map((c) => [c.id, c]));

  // Components by kind.
  const components = model.components.filter((c) => componentMatches(c, terms)).sort((a, b) => a.name.localeCompare(b.name));
  const componentsOpen = isExpanded('section:components', toggled, true);
  rows.push({ type: 'section', id: 'section:components', level: 1, section: 'components', shown: components.length, total: model.components.length, expanded: componentsOpen });
  if (componentsOpen) {
    for (const kind of COMPONENT_KINDS) {
      const ofKind = components.filter((c) => c.kind === kind);
      if (!ofKind.length) continue;
      const kindId = `kind:${kind}`;
      const kindOpen = open(kindId, true);
      rows.push({ type: 'kind', id: kindId, level: 2, kind, shown: ofKind.length, expanded: kindOpen });
      if (!kindOpen) continue;
      for (const component of ofKind) {
        const id = `component:${component.id}`;
        const several = component.sources.length > 1;
        const componentOpen = several && isExpanded(id, toggled, false);
        rows.push({ type: 'component', id, level: 3, component, ...(several ? { expanded: componentOpen } : {}) });
        if (componentOpen) {
          component.sources.forEach((location, index) => rows.push({ type: 'source', id: `${id}:source:${index}`, level: 4, location, primary: index === 0 }));
        }
      }
    }
  }

  // Flows.
  const flows = model.flows.filter((f) => flowMatches(f, terms)).sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const flowsOpen = isExpanded('section:flows', toggled, true);
  rows.push({ type: 'section', id: 'section:flows', level: 1, section: 'flows', shown: flows.length, total: model.flows.length, expanded: flowsOpen });
  if (flowsOpen) for (const flow of flows) rows.push({ type: 'flow', id: `flow:${flow.id}`, level: 2, flow });

  // Trust boundaries and their members.
  const boundaries = model.trustBoundaries.flatMap((boundary) => {
    const own = matches(terms, boundary.name, boundary.id, boundary.kind);
    const members = own ? boundary.components : boundary.components.filter((id) => matches(terms, id, byId.get(id)?.name));
    return own || members.length ? [{ boundary, members }] : [];
  });
  const boundariesOpen = isExpanded('section:boundaries', toggled, true);
  rows.push({ type: 'section', id: 'section:boundaries', level: 1, section: 'boundaries', shown: boundaries.length, total: model.trustBoundaries.length, expanded: boundariesOpen });
  if (boundariesOpen) {
    for (const { boundary, members } of boundaries) {
      const id = `boundary:${boundary.id}`;
      const boundaryOpen = open(id, boundary.components.length <= 8);
      rows.push({ type: 'boundary', id, level: 2, boundary, shown: members.length, expanded: boundaryOpen });
      if (boundaryOpen) {
        for (const member of [...members].sort()) rows.push({ type: 'member', id: `${id}:member:${member}`, level: 3, componentId: member, component: byId.get(member) });
      }
    }
  }

  // Endpoints by component (or by spec file when no component claims them).
  const endpoints = model.endpoints.filter((e) => endpointMatches(e, terms));
  const groups = new Map<string, { label: string; detail?: string; endpoints: Endpoint[] }>();
  for (const endpoint of endpoints) {
    const key = `${endpoint.component ?? ''}|${endpoint.source.file}`;
    const file = endpoint.source.file;
    const slash = file.lastIndexOf('/');
    // A component's endpoints name the spec beside it; a spec no component claims is named by its file, folder beside.
    const group = groups.get(key) ?? (endpoint.component
      ? { label: endpoint.component, detail: file, endpoints: [] }
      : { label: file.slice(slash + 1), detail: slash > 0 ? file.slice(0, slash) : undefined, endpoints: [] });
    group.endpoints.push(endpoint);
    groups.set(key, group);
  }
  const endpointsOpen = isExpanded('section:endpoints', toggled, true);
  rows.push({ type: 'section', id: 'section:endpoints', level: 1, section: 'endpoints', shown: endpoints.length, total: model.endpoints.length, expanded: endpointsOpen });
  if (endpointsOpen) {
    const foldGroups = model.endpoints.length > FOLD_ENDPOINTS_ABOVE;
    for (const [key, group] of [...groups].sort((a, b) => a[1].label.localeCompare(b[1].label))) {
      const id = `endpoints:${key}`;
      const groupOpen = open(id, !foldGroups);
      rows.push({ type: 'endpoint-group', id, level: 2, label: group.label, detail: group.detail, shown: group.endpoints.length, expanded: groupOpen });
      if (!groupOpen) continue;
      for (const endpoint of group.endpoints) rows.push({ type: 'endpoint', id: `endpoint:${endpoint.source.file}:${endpoint.id}`, level: 3, endpoint });
    }
  }
  return rows;
}

/** Is an endpoint protected: every alternative of its security requirements names at least one scheme? */
export function endpointSecurity(endpoint: Endpoint): 'secured' | 'open' | 'undeclared' {
  if (endpoint.securityUndeclared) return 'undeclared';
  return endpoint.security.length > 0 && endpoint.security.every((requirement) => Object.keys(requirement).length > 0) ? 'secured' : 'open';
}
