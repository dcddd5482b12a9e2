/**
 * Components the model infers rather than reads from a deployment: the service an API description alone implies,
 * the database (and Supabase Data API) SQL migrations alone imply. Their deployment is unknown, not missing.
 */
import type { Component, Flow } from './model.js';

/** Origins that describe an interface or a schema (operations, tables), not a deployment. */
const INTERFACE_ORIGINS: ReadonlySet<string> = new Set(['openapi', 'graphql', 'proto', 'sql', 'supabase']);

/**
 * A component only API descriptions or migrations tell of (inferred in a project of API specs or SQL alone): its
 * replicas, the gateway in front, its monitoring and its datastores are unknown, not missing (a Supabase project's
 * are the platform's), so nothing is judged on them.
 */
export function deploymentUnknown(component: Pick<Component, 'origins' | 'replicas'> | undefined): boolean {
  const origins = component?.origins ?? [];
  // archbench.yaml may annotate an inferred component (criticality, owner) without deploying it; replicas would.
  return origins.some((origin) => INTERFACE_ORIGINS.has(origin)) && origins.every((origin) => INTERFACE_ORIGINS.has(origin) || origin === 'archbench')
    && component?.replicas === undefined;
}

/** Nothing in the model is deployed by a file: every component is known only from API descriptions or migrations. */
export function nothingDeployed(components: ReadonlyArray<Pick<Component, 'origins' | 'replicas'>>): boolean {
  return components.length > 0 && components.every((component) => deploymentUnknown(component));
}

/**
 * A flow between two components the project does not deploy (Supabase's Data API to its database, an inferred API to
 * the inferred database): its TLS, timeouts and queries are not settings the project's files could show.
 */
export function undeployedFlow(flow: Pick<Flow, 'from' | 'to'>, componentOf: (id: string) => Pick<Component, 'origins' | 'replicas'> | undefined): boolean {
  return deploymentUnknown(componentOf(flow.from)) && deploymentUnknown(componentOf(flow.to));
}
