/** What the description means for browsers: CORS left unsaid, and script in rendered documentation. */
import type { Rule, RuleHit } from '../../rule.js';
import { REF } from './support/references.js';
import { elementAt, SpecWorkspace, type Spec } from './support/spec-workspace.js';

/** How deep declaresHeader looks. */
const HEADER_DEPTH = 40;
const ALLOW_ORIGIN = 'access-control-allow-origin';

/** True when any `headers` map in the value declares the header (case-insensitive). */
function declaresHeader(value: unknown, header: string, depth = 0): boolean {
  if (!value || typeof value !== 'object' || depth > HEADER_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => declaresHeader(item, header, depth + 1));
  for (const [key, child] of Object.entries(value)) {
    if (key === 'headers' && child && typeof child === 'object' && Object.keys(child).some((name) => name.toLowerCase() === header)) return true;
    if (key !== 'example' && key !== 'examples' && declaresHeader(child, header, depth + 1)) return true;
  }
  return false;
}

/**
 * True when a `headers` map in the files (or in the spec's components) declares Access-Control-Allow-Origin. The document
 * scans answer when a file declares it within the depth declaresHeader looks, or nowhere at all (the components are
 * part of the spec's file); only declarations nested deeper are left to the walk.
 */
function declaresAllowOrigin(workspace: SpecWorkspace, spec: Spec, files: Set<string>): boolean {
  const depths = [...files].flatMap((file) => workspace.scan(file)?.headerDepths.get(ALLOW_ORIGIN) ?? []);
  if (!depths.length) return false;
  if (depths.some((depth) => depth <= HEADER_DEPTH)) return true;
  return [...files].some((file) => declaresHeader(workspace.document(file)?.value, ALLOW_ORIGIN))
    || declaresHeader(workspace.at(spec, ['components']).value, ALLOW_ORIGIN);
}

export const corsOriginDeclared: Rule = {
  id: 'api.cors-origin-declared',
  title: 'CORS policy not described',
  category: 'security',
  severity: 'low',
  stride: 'I',
  cwe: 942,
  owaspApi: 'API8:2023',
  rationale: 'If browsers call the API, its CORS policy decides which sites can read responses with the user\'s credentials. A description that never mentions Access-Control-Allow-Origin leaves that policy unreviewed, and servers that reflect any Origin with credentials are a common misconfiguration.',
  remediation: 'Declare the Access-Control-Allow-Origin header on responses (with the allowed origins in its description) and the OPTIONS preflight where browsers call the API, or state in the description that the API is not meant for browsers. Never reflect arbitrary origins with credentials.',
  references: [REF.cors, REF.api8, REF.owaspRuleset],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    for (const spec of workspace.specs) {
      const operations = workspace.operations.filter((operation) => operation.spec === spec);
      if (!operations.length || operations.some((operation) => operation.method === 'options')) continue;
      const documents = new Set([spec.file, ...operations.map((operation) => operation.at.file)]);
      if (declaresAllowOrigin(workspace, spec, documents)) continue;
      const at = workspace.at(spec, [spec.swagger ? 'swagger' : 'openapi']);
      hits.push({
        element: spec.file,
        location: workspace.location(at),
        message: `${spec.file} declares no CORS policy (no Access-Control-Allow-Origin response header, no OPTIONS operation): the contract does not say which browser origins may call the API.`,
      });
    }
    return hits;
  },
};

const UNSAFE_MARKUP: Array<[RegExp, string]> = [
  [/<script\b/i, '<script>'],
  [/javascript\s*:/i, 'a javascript: URL'],
  [/<(iframe|object|embed)\b/i, 'an embedded frame or object'],
  [/<[a-z][^>]*\son[a-z]+\s*=/i, 'an inline event handler'],
  [/data:text\/html/i, 'a data:text/html URL'],
];
/** Any of them, in one pass over a text (most texts have none). */
const ANY_UNSAFE_MARKUP = new RegExp(UNSAFE_MARKUP.map(([pattern]) => pattern.source).join('|'), 'i');

export const markdownUnsafe: Rule = {
  id: 'api.markdown-unsafe',
  title: 'Script in a description',
  category: 'security',
  severity: 'medium',
  stride: 'T',
  cwe: 79,
  rationale: 'Descriptions are rendered as Markdown (CommonMark allows raw HTML) by documentation portals and developer tools. Script tags, javascript: links and event handlers in them run in the reader\'s browser: stored cross-site scripting through the API description, often one that was fetched from a third party.',
  remediation: 'Remove the markup; if HTML is needed, render descriptions with a sanitiser (and review descriptions that come from generated or third-party sources).',
  references: [REF.oasRichText, REF.owaspRuleset, REF.cwe(79)],
  check(context) {
    const workspace = SpecWorkspace.of(context);
    const hits: RuleHit[] = [];
    const files = new Set([...workspace.specs.map((spec) => spec.file), ...workspace.refs.flatMap((use) => use.target ? [use.target.file] : [])]);
    for (const file of files) {
      const document = workspace.document(file);
      if (!document) continue;
      for (const { path, key, text } of workspace.scan(file)!.markupCandidates) {
        if (!ANY_UNSAFE_MARKUP.test(text)) continue;
        const found = UNSAFE_MARKUP.find(([pattern]) => pattern.test(text));
        if (!found) continue;
        const at = { file, document, path: [...path, key] };
        hits.push({ element: elementAt(at), location: workspace.location(at), message: `The ${key} at ${path.join('.') || 'the top level'} contains ${found[1]}, which documentation renderers may execute.`, evidence: text.slice(0, 200) });
      }
    }
    return hits;
  },
};
