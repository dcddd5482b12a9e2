import { lazy, Suspense } from 'react';

// The diagram code (canvas, layout orchestration) loads with the first diagram tab, not at start-up.
const DiagramView = lazy(() => import('./DiagramView.js').then((m) => ({ default: m.DiagramView })));
const ErdView = lazy(() => import('../erd/ErdView.js').then((m) => ({ default: m.ErdView })));

/** The system diagram tab's content. */
export function DiagramTab() {
  return <Suspense fallback={null}><DiagramView /></Suspense>;
}

/** The ERD tab's content. */
export function ErdTab() {
  return <Suspense fallback={null}><ErdView /></Suspense>;
}
