// `npm start`: run the desktop app where an Electron binary exists; explain otherwise.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require('electron'); // the path of the downloaded binary
} catch (error) {
  binary = undefined;
}
if (typeof binary !== 'string' || !existsSync(binary)) {
  console.error('archbench: no Electron binary on this machine (the electron package downloads it on first install, and this network cannot).');
  console.error('Run the same workbench in a browser instead:  npx archbench serve [folder]');
  process.exit(1);
}
if (!existsSync(new URL('../../dist/main/electron/main.cjs', import.meta.url))) {
  console.error('archbench: not built yet; run `npm run build` first.');
  process.exit(1);
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit', cwd: new URL('../..', import.meta.url) });
child.on('exit', (code) => process.exit(code ?? 0));
