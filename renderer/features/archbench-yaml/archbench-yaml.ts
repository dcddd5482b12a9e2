/**
 * archbench.yaml in Monaco: completion, hover and validation from the published JSON Schema, through
 * monaco-yaml, for the project's archbench.yaml / archbench.yml only (other YAML keeps Monaco's plain YAML).
 * The schema is bundled and its worker is a Vite `?worker` chunk: no network, and the CSP's 'self' holds.
 */
import { configureMonacoYaml, type JSONSchema, type MonacoYaml } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import schema from '../../../resources/schema/archbench.schema.json';
import { monaco } from '../editor/monaco.js';

/** The models the schema applies to: the project root's archbench.yaml / archbench.yml. */
function isArchbenchYaml(uri: monaco.Uri): boolean {
  return uri.scheme === 'archbench' && (uri.path === '/archbench.yaml' || uri.path === '/archbench.yml');
}

/** Monaco's provider registrations take a language selector; these match only the archbench.yaml models. */
const SELECTOR: monaco.languages.LanguageFilter[] = [
  { language: 'yaml', scheme: 'archbench', pattern: '/archbench.yaml' },
  { language: 'yaml', scheme: 'archbench', pattern: '/archbench.yml' },
];

type AnyFunction = (...args: any[]) => any;

/**
 * The Monaco API as monaco-yaml sees it. monaco-yaml registers everything for the language id 'yaml' (every
 * YAML file: compose, Kubernetes, OpenAPI) and talks to its worker the pre-0.55 way; this view of the API
 * narrows its providers and its validation to archbench.yaml, and starts its worker the way Monaco 0.55+
 * expects (a Worker instance; the create data as the worker's second message, as Monaco's own languages do).
 */
function scopedMonaco(): typeof monaco {
  const languages: Record<string, unknown> = { ...monaco.languages };
  for (const [name, value] of Object.entries(monaco.languages)) {
    if (!name.startsWith('register') || name === 'register' || typeof value !== 'function') continue;
    languages[name] = (selector: unknown, ...rest: unknown[]) => (value as AnyFunction)(selector === 'yaml' ? SELECTOR : selector, ...rest);
  }
  // Leave the language configuration (comments, brackets, indentation) of all YAML files as Monaco set it.
  languages.setLanguageConfiguration = () => ({ dispose: () => undefined });

  const onlyArchbench = (listener: (model: monaco.editor.ITextModel) => void) => (model: monaco.editor.ITextModel) => {
    if (isArchbenchYaml(model.uri)) listener(model);
  };
  const editor: Record<string, unknown> = {
    ...monaco.editor,
    getModels: () => monaco.editor.getModels().filter((model) => isArchbenchYaml(model.uri)),
    onDidCreateModel: (listener: (model: monaco.editor.ITextModel) => void) => monaco.editor.onDidCreateModel(onlyArchbench(listener)),
    onWillDisposeModel: (listener: (model: monaco.editor.ITextModel) => void) => monaco.editor.onWillDisposeModel(onlyArchbench(listener)),
    onDidChangeModelLanguage: (listener: (event: { model: monaco.editor.ITextModel; oldLanguage: string }) => void) =>
      monaco.editor.onDidChangeModelLanguage((event) => { if (isArchbenchYaml(event.model.uri)) listener(event); }),
    createWebWorker: (options: { createData?: unknown }) => {
      const worker = new YamlWorker();
      worker.postMessage('ignore'); // the first message only initialises the worker side (monaco-worker-manager)
      worker.postMessage(options.createData);
      return monaco.editor.createWebWorker({ worker });
    },
  };
  return { ...monaco, languages, editor } as unknown as typeof monaco;
}

let instance: MonacoYaml | undefined;

/** Configure monaco-yaml once, for archbench.yaml. */
export function installArchbenchYaml(): MonacoYaml {
  instance ??= configureMonacoYaml(scopedMonaco(), {
    enableSchemaRequest: false,
    hover: true,
    hoverSchemaSource: false,
    completion: true,
    validate: true,
    format: { enable: false },
    schemas: [{ uri: schema.$id, fileMatch: ['archbench.yaml', 'archbench.yml'], schema: schema as unknown as JSONSchema }],
  });
  return instance;
}
