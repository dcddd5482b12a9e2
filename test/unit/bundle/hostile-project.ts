import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../support/temp.js';

/** Strings an attacker would put into a spec, a compose file or archbench.yaml to run script in whoever opens the report. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(1)>',
  js: 'javascript:alert(1)',
} as const;

/** A file name that is itself an attack (no `/`, so the <script> one cannot be a file name). */
export const HOSTILE_FILE = '"><img src=x onerror=alert(2)>.yaml';

const yamlString = (value: string) => JSON.stringify(value);

/**
 * A small project whose every string channel into the report is hostile: spec title, description, paths, servers
 * and external docs; compose service names, images and environment; archbench.yaml project, components and risk
 * decisions; a file name; and a custom rule whose title, rationale, references, messages and locations carry them.
 */
export function hostileProject(): { path: string; cleanup(): void } {
  const dir = tempDir('archbench-hostile-');
  const root = join(dir.path, 'project');
  mkdirSync(join(root, '.archbench', 'rules'), { recursive: true });
  const spec = `openapi: 3.0.3
info:
  title: ${yamlString(`Shop ${HOSTILE.script}`)}
  version: "1"
  description: ${yamlString(`Described with ${HOSTILE.img} and [a link](${HOSTILE.js}) and <a href="${HOSTILE.js}">click</a>`)}
externalDocs:
  url: ${yamlString(HOSTILE.js)}
servers:
  - url: ${yamlString(HOSTILE.js)}
paths:
  ${yamlString(`/items/${HOSTILE.script}`)}:
    get:
      operationId: ${yamlString(`list${HOSTILE.img}`)}
      summary: ${yamlString(HOSTILE.script)}
      description: ${yamlString(`${HOSTILE.img} ${HOSTILE.js}`)}
      responses:
        "200":
          description: ${yamlString(HOSTILE.script)}
  /users:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                password: { type: string, description: ${yamlString(HOSTILE.img)} }
      responses:
        "200": { description: ok }
`;
  writeFileSync(join(root, 'openapi.yaml'), spec);
  writeFileSync(join(root, HOSTILE_FILE), spec.replace('/users', '/accounts'));
  writeFileSync(join(root, 'docker-compose.yml'), `services:
  ${yamlString(`web${HOSTILE.img}`)}:
    image: ${yamlString(`nginx${HOSTILE.script}`)}
    ports: ["80:80"]
    environment:
      UPSTREAM_URL: ${yamlString(`http://api:8080/${HOSTILE.script}`)}
      API_TOKEN: "sk_live_0123456789abcdefghij"
  api:
    image: ${yamlString(`api:${HOSTILE.js}`)}
    depends_on: [db]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: hunter2hunter2
`);
  writeFileSync(join(root, 'archbench.yaml'), `project:
  name: ${yamlString(`Hostile ${HOSTILE.script}`)}
  description: ${yamlString(`${HOSTILE.img} ${HOSTILE.js}`)}
components:
  ${yamlString(`evil${HOSTILE.script}`)}:
    kind: external
    description: ${yamlString(HOSTILE.img)}
risks:
  - rule: custom.hostile
    element: api
    status: accepted
    justification: ${yamlString(`Because ${HOSTILE.script} ${HOSTILE.img}`)}
    by: ${yamlString(HOSTILE.img)}
    date: 2026-01-01
    expires: 2099-01-01
`);
  writeFileSync(join(root, '.archbench', 'rules', 'hostile.sql'), `-- id: hostile
-- title: Hostile ${HOSTILE.script} title
-- category: security
-- severity: high
-- cwe: 79
-- rationale: Rationale ${HOSTILE.img}
-- remediation: Remediation ${HOSTILE.js}
-- references: ${HOSTILE.js}, https://example.com/ok?q="><script>alert(3)</script>
SELECT id AS element, 'Component ' || name || ' ${HOSTILE.script.replace(/'/g, "''")}' AS message, '${HOSTILE_FILE.replace(/'/g, "''")}' AS file, 3 AS line FROM components
`);
  return { path: root, cleanup: dir.cleanup };
}
