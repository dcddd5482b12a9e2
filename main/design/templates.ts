/**
 * Project templates: folders under resources/templates/<id>/, each with a `template.json`
 * ({ title, description, order }) that is not copied. Creating a project copies the folder and puts the
 * project's name where the files say `{{name}}`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { RpcError } from '../../shared/contract/errors.js';
import type { ProjectTemplate } from '../../shared/contract/design.js';

const MANIFEST = 'template.json';

/** The templates shipped in `resourcesDir/templates`, in their declared order. */
export function listTemplates(resourcesDir: string): ProjectTemplate[] {
  const folder = join(resourcesDir, 'templates');
  if (!existsSync(folder)) return [];
  const templates: Array<ProjectTemplate & { order: number }> = [];
  for (const id of readdirSync(folder)) {
    const manifest = join(folder, id, MANIFEST);
    if (!existsSync(manifest)) continue;
    const meta = JSON.parse(readFileSync(manifest, 'utf8')) as { title?: string; description?: string; order?: number };
    templates.push({ id, title: meta.title ?? id, description: meta.description ?? '', order: meta.order ?? 100 });
  }
  return templates.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)).map(({ order: _order, ...template }) => template);
}

/**
 * Create `<parent>/<name>` from a template. Refuses a parent that is not an existing folder and a target
 * that exists and is not empty; returns the new folder.
 */
export function createFromTemplate(resourcesDir: string, parent: string, name: string, templateId: string): string {
  if (!listTemplates(resourcesDir).some((template) => template.id === templateId)) {
    throw new RpcError('invalid-args', `No project template "${templateId}".`, { template: templateId });
  }
  if (!isAbsolute(parent)) throw new RpcError('invalid-args', `The parent folder must be an absolute path: "${parent}".`, { path: parent });
  if (name === '.' || name === '..' || name.trim() !== name) throw new RpcError('invalid-args', `"${name}" cannot be a folder name.`, { name });
  const parentDir = resolve(parent);
  let st;
  try {
    st = statSync(parentDir);
  } catch {
    throw new RpcError('not-found', `The folder "${parentDir}" does not exist.`, { path: parentDir });
  }
  if (!st.isDirectory()) throw new RpcError('invalid-args', `"${parentDir}" is not a folder.`, { path: parentDir });
  const target = join(parentDir, name);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new RpcError('conflict', `"${target}" already exists and is a file.`, { path: target });
    if (readdirSync(target).length) throw new RpcError('conflict', `"${target}" already exists and is not empty; pick another name or an empty folder.`, { path: target });
  }
  const source = join(resourcesDir, 'templates', templateId);
  const created = !existsSync(target);
  try {
    mkdirSync(target, { recursive: true });
    cpSync(source, target, { recursive: true, filter: (from) => resolve(from) !== join(source, MANIFEST) });
    substituteProjectName(target, name);
  } catch (error) {
    if (created) rmSync(target, { recursive: true, force: true });
    throw new RpcError('io', `Could not create "${target}": ${(error as Error).message}`, { path: target });
  }
  return target;
}

/** Replace `{{name}}` in every text file of the new project. */
function substituteProjectName(folder: string, name: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) { substituteProjectName(path, name); continue; }
    const text = readFileSync(path, 'utf8');
    if (text.includes('{{name}}')) writeFileSync(path, text.replaceAll('{{name}}', name));
  }
}
