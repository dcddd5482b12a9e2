import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one build served by the browser host (http://127.0.0.1) and by Electron (app://archbench).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  resolve: {
    alias: [
      // monaco-yaml's worker (through monaco-worker-manager) imports Monaco's worker by its pre-0.50 path, which
      // monaco-editor 0.57's package exports map elsewhere; point it at the same module under its exported name.
      { find: 'monaco-editor/esm/vs/editor/editor.worker.js', replacement: 'monaco-editor/editor/editor.worker.js' },
    ],
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
