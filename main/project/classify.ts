import type { ArtifactKind } from '../../shared/model/artifact.js';

export interface Classification {
  kind: ArtifactKind;
  detail?: string;
}

const YAML_EXT = /\.(ya?ml)$/i;
const JSON_EXT = /\.json$/i;
const SQL_EXT = /\.(sql|psql|pgsql)$/i;
const GRAPHQL_EXT = /\.(graphql|graphqls|gql)$/i;
const PROTO_EXT = /\.proto$/i;
const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/;
const COMPOSE_SERVICE_KEY = /^\s+(image|build|command|entrypoint|ports|expose|depends_on|environment|env_file|volumes|extends|restart|deploy|user|read_only|privileged|healthcheck|networks|profiles|cap_add|cap_drop)\s*:/m;

/**
 * Decide what a file is from its content, using its name only as a hint or a tie-break.
 * `text` is the whole file: top-level keys such as `openapi:` may sit anywhere (Twilio's spec sorts them).
 */
export function classifyArtifact(relativePath: string, text: string): Classification {
  const base = relativePath.split('/').pop() ?? relativePath;
  const lower = base.toLowerCase();

  if (lower === 'archbench.yaml' || lower === 'archbench.yml') return { kind: 'archbench' };
  if (looksBinary(text)) return { kind: 'other', detail: 'binary' };

  if (YAML_EXT.test(base) || JSON_EXT.test(base) || looksLikeYamlDocument(text)) {
    const structured = classifyStructured(text, JSON_EXT.test(base), COMPOSE_NAME.test(lower));
    if (structured) return structured;
  }
  if (PROTO_EXT.test(base) || /^\s*syntax\s*=\s*["']proto[23]["']\s*;/m.test(text)) {
    if (PROTO_EXT.test(base) || /^\s*(service|message)\s+\w+\s*\{/m.test(text)) return { kind: 'proto' };
  }
  if (GRAPHQL_EXT.test(base) || looksLikeGraphql(text)) return { kind: 'graphql' };
  if (SQL_EXT.test(base) || looksLikeSql(text)) return { kind: 'sql' };
  return { kind: 'other' };
}

/** YAML or JSON: tell OpenAPI, compose, Kubernetes, Threagile and Threat Dragon apart by their keys. */
function classifyStructured(text: string, isJson: boolean, isComposeName: boolean): Classification | undefined {
  const trimmed = text.trimStart();
  const json = isJson || trimmed.startsWith('{');
  const key = (name: string) =>
    json ? new RegExp(`"${name}"\\s*:`).test(text) : new RegExp(`^["']?${name}["']?\\s*:`, 'm').test(text);

  if (json && /^\{\s*"\$(schema|id)"\s*:/.test(trimmed)) return { kind: 'other', detail: 'json-schema' };

  const openapi = json
    ? /"openapi"\s*:\s*"(3\.\d+)/.exec(text)
    : /^["']?openapi["']?\s*:\s*["']?(3\.\d+)/m.exec(text);
  if (openapi) return { kind: 'openapi', detail: `openapi-${openapi[1]}` };
  const swagger = json ? /"swagger"\s*:\s*"2\.0"/.test(text) : /^["']?swagger["']?\s*:\s*["']?2\.0/m.test(text);
  if (swagger) return { kind: 'openapi', detail: 'swagger-2.0' };

  if (key('threagile_version')) return { kind: 'threagile' };
  if (json && /"summary"\s*:/.test(text) && /"detail"\s*:/.test(text) && /"diagrams"\s*:/.test(text)) {
    return { kind: 'threat-dragon', detail: /"version"\s*:\s*"2\./.test(text) ? 'v2' : 'v1' };
  }
  if (json && /"otmVersion"\s*:/.test(text)) return { kind: 'threat-dragon', detail: 'otm' };

  if (!json) {
    const helm = /\{\{[-\s]*(\.|include|template|if|range|toYaml|end)/.test(text);
    if (/^apiVersion\s*:/m.test(text) && /^kind\s*:\s*\S+/m.test(text)) {
      if (/^kind\s*:\s*Kustomization\b/m.test(text)) return { kind: 'kubernetes', detail: 'kustomization' };
      return { kind: 'kubernetes', detail: helm ? 'helm-template' : undefined };
    }
    // Compose: a top-level `services:` map whose entries have compose keys (override files may carry only
    // restart / deploy / user ...), or a v1 file (services at the top level) named like a compose file.
    if (/^services\s*:/m.test(text) && COMPOSE_SERVICE_KEY.test(text)) return { kind: 'compose' };
    if (isComposeName && /^[\w.-]+\s*:\s*\n\s+(image|build)\s*:/m.test(text)) return { kind: 'compose', detail: 'v1' };
  } else if (/"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) {
    return { kind: 'kubernetes', detail: 'json' };
  } else if (/"services"\s*:/.test(text) && /"(image|build)"\s*:/.test(text)) {
    return { kind: 'compose', detail: 'json' };
  }
  return undefined;
}

function looksLikeYamlDocument(text: string): boolean {
  return /^(openapi|swagger|apiVersion|services|threagile_version)\s*:/m.test(text);
}

function looksLikeGraphql(text: string): boolean {
  return /^\s*(type|schema|extend\s+type|interface|input|enum|union|scalar|directive)\b[^\n]*\{?/m.test(text)
    && /^\s*(type\s+(Query|Mutation|Subscription)\b|schema\s*\{)/m.test(text);
}

function looksLikeSql(text: string): boolean {
  return /^\s*(create|alter|drop)\s+(table|index|unique\s+index|schema|extension|view|function|or\s+replace|policy|type|trigger|sequence)\b/im.test(text)
    || /^\s*(insert\s+into|grant\s+\w+|comment\s+on)\b/im.test(text) && /;\s*$/m.test(text);
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8000);
  return sample.includes('\u0000');
}
