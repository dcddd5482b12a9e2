import { workbench } from '../../state/workbench-store.js';
import { analysisStore } from '../analysis/analysis-store.js';

/**
 * What the diagram and the ERD stores lay out from: `onProject` runs when another project opens (null when it
 * closes), `onModel` when the model or the findings change (a new layout, or new badges).
 */
export function followProjectAndModel(onProject: (root: string | null) => void, onModel: () => void): void {
  let root: string | null = null;
  const follow = () => {
    const next = workbench.get().project?.root ?? null;
    if (next === root) return;
    root = next;
    onProject(next);
  };
  workbench.subscribe(follow);
  follow();
  let lastModel = analysisStore.get().model;
  let lastFindings = analysisStore.get().findings;
  analysisStore.subscribe(() => {
    const { model, findings } = analysisStore.get();
    if (model === lastModel && findings === lastFindings) return;
    lastModel = model;
    lastFindings = findings;
    onModel();
  });
}
