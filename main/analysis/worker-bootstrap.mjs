// Runs the analysis worker from TypeScript sources (tests, development); the build bundles it to dist/main/analysis-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
