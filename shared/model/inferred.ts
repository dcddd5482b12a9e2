/**
 * Components the model infers rather than reads from a deployment: the service an API description alone implies,
 * the database (and Supabase Data API) SQL migrations alone imply. Their deployment is unknown, not missing.
 */
import type { Component } from './model.js';

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
