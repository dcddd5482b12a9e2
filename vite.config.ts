import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one build served by the browser host (http://127.0.0.1) and by Electron (app://archbench).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
