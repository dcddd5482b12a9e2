#!/usr/bin/env node
// The `archbench` command: runs the CLI that `npm install` (prepare) built into dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('archbench: the CLI is not built yet; run `npm run build` in the Archbench folder.\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
