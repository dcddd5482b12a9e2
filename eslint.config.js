// Lint rules that keep the layers honest (see STYLE.md: layering by where code runs).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'worker_threads', 'stream', 'events', 'util', 'zlib']
  .flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // shared/: plain TypeScript only, usable from main and renderer alike.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '**/renderer/**'], message: 'shared/ must not import main/ or renderer/.' },
          { group: ['electron', 'react', 'react-dom', 'monaco-editor', ...nodeBuiltins], message: 'shared/ holds plain TypeScript: no Node, DOM or Electron imports.' },
        ],
      }],
    },
  },
  {
    // main/: Node. Only main/electron/ may import electron.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'Only main/electron/ imports electron; keep the core host-agnostic.' },
          { group: ['**/renderer/**', 'react', 'react-dom', 'monaco-editor'], message: 'main/ never imports renderer code.' },
        ],
      }],
    },
  },
  {
    // renderer/: browser code; never main/, never Node.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**'], message: 'The renderer talks to main only through shared/contract and renderer/api/client.ts.' },
          { group: ['electron', ...nodeBuiltins], message: 'The renderer is browser code: no Node or Electron imports.' },
        ],
      }],
    },
  },
);
