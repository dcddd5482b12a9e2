// Helpers for the infra rule tests: run one rule over in-memory files, find the line a snippet is on,
// and hardened baselines (a Kubernetes app and a compose app) that no infra rule should flag.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect } from 'vitest';
import type { Rule } from '../../../../main/analysis/rule.js';
import type { Finding } from '../../../../shared/model/finding.js';
import { contextFromFiles, findingsOf, type ProjectFiles } from '../../../support/rule-harness.js';

/** Findings of one rule over in-memory files. */
export function run(rule: Rule, files: ProjectFiles): Finding[] {
  return findingsOf(rule, contextFromFiles(files));
}

/** The one finding of `rule` over `files` (fails when there are none or several). */
export function only(rule: Rule, files: ProjectFiles): Finding {
  const findings = run(rule, files);
  expect(findings.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.message}`)).toHaveLength(1);
  return findings[0];
}

/** Asserts `rule` reports nothing over `files`. */
export function none(rule: Rule, files: ProjectFiles): void {
  expect(run(rule, files).map((finding) => `${finding.location.file}:${finding.location.line} ${finding.message}`)).toEqual([]);
}

/**
 * 1-based line of the `nth` line holding `snippet` (a snippet starting with spaces must be the whole
 * line, so indentation tells `spec:` levels apart). Fails unless exactly one line matches when
 * `nth` is not given.
 */
export function lineOf(text: string, snippet: string, nth?: number): number {
  const lines = text.split('\n');
  const matches = lines.flatMap((line, index) => ((/^\s/.test(snippet) ? line.trimEnd() === snippet : line.includes(snippet)) ? [index + 1] : []));
  if (nth === undefined && matches.length !== 1) throw new Error(`"${snippet}" is on ${matches.length} lines, expected 1`);
  const line = matches[(nth ?? 1) - 1];
  if (line === undefined) throw new Error(`"${snippet}" has no occurrence ${nth}`);
  return line;
}

/** The location a finding should have: file and the line of a snippet in that file's text. */
export function at(files: ProjectFiles, file: string, snippet: string, nth?: number): { file: string; line: number } {
  return { file, line: lineOf(files[file], snippet, nth) };
}

/** `text` with `from` replaced by `to`; fails when `from` is not in it, so a stale fixture cannot pass silently. */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain: ${from}`);
  return text.replace(from, to);
}

const DIGEST = 'sha256:3f1a2b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081';

/** A Kubernetes app written the way the infra rules ask for. */
export const GOOD_K8S = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      serviceAccountName: api
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app: api
      containers:
        - name: web
          image: registry.example.com/shop/api:1.4.2@${DIGEST}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD_FILE
              value: /var/run/secrets/db/password
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          livenessProbe:
            httpGet:
              path: /live
              port: http
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
          volumeMounts:
            - name: db-secret
              mountPath: /var/run/secrets/db
              readOnly: true
      volumes:
        - name: db-secret
          secret:
            secretName: api-db
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: api
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
automountServiceAccountToken: false
`;

/** A hardened Job and CronJob, in the same namespace as GOOD_K8S. */
export const GOOD_JOBS = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  ttlSecondsAfterFinished: 600
  activeDeadlineSeconds: 900
  backoffLimit: 2
  template:
    spec:
      serviceAccountName: migrate
      automountServiceAccountToken: false
      restartPolicy: Never
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: migrate
          image: registry.example.com/shop/migrate:2.0.1@${DIGEST}
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              cpu: 200m
              memory: 128Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
  namespace: shop
spec:
  schedule: "0 3 * * *"
  startingDeadlineSeconds: 300
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      activeDeadlineSeconds: 3600
      template:
        spec:
          serviceAccountName: report
          automountServiceAccountToken: false
          restartPolicy: OnFailure
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: report
              image: registry.example.com/shop/report:3.1.0@${DIGEST}
              resources:
                requests:
                  cpu: 50m
                  memory: 64Mi
                limits:
                  cpu: 200m
                  memory: 128Mi
              securityContext:
                allowPrivilegeEscalation: false
                readOnlyRootFilesystem: true
                capabilities:
                  drop: [ALL]
`;

/** A compose app written the way the infra rules ask for. */
export const GOOD_COMPOSE = `services:
  api:
    image: registry.example.com/shop/api:1.4.2@${DIGEST}
    user: "10001:10001"
    read_only: true
    restart: unless-stopped
    security_opt:
      - no-new-privileges:true
    cap_drop:
      - ALL
    ports:
      - "127.0.0.1:8080:8080"
    environment:
      LOG_LEVEL: info
      DATABASE_HOST: db
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
      interval: 10s
    deploy:
      resources:
        limits:
          cpus: "1"
          memory: 256M
  db:
    image: postgres:16.4@${DIGEST}
    user: "999:999"
    read_only: true
    restart: unless-stopped
    security_opt:
      - no-new-privileges:true
    cap_drop:
      - ALL
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "postgres"]
      interval: 5s
    deploy:
      resources:
        limits:
          cpus: "2"
          memory: 1G
secrets:
  db_password:
    file: ./db_password.txt
`;

/** Every file under a corpus folder (read in place, never copied into the repo), to patch in memory. */
export function readFolder(root: string): ProjectFiles {
  const files: ProjectFiles = {};
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}
