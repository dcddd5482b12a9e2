import { Command, CommanderError, Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FORMATS, SEVERITY_GATES, type BundleFormat, type SeverityGate } from '../bundle/formats.js';
import { packagePaths, VERSION } from '../core/package-paths.js';
import { requireWithCodeCache } from '../core/code-cache.js';

// Each command loads its own modules when it runs (`import()` below): startup time is part of every CI run.

/** A usage or input error: exit code 2 with a one-line reason. */
class UsageError extends Error {}

type AnalysisModule = typeof import('../bundle/analyze.js');

/**
 * The analysis code: the CommonJS bundle next to the built CLI through V8's code cache (core/code-cache.ts);
 * from source (tests), the modules themselves.
 */
async function loadAnalysis(): Promise<{ exports: AnalysisModule; cacheUsed: boolean; writeCache?: () => void }> {
  const bundle = fileURLToPath(new URL('./analyze.cjs', import.meta.url));
  const buildId = process.env.ARCHBENCH_BUILD_ID; // set by the build
  if (buildId && existsSync(bundle)) {
    const loaded = requireWithCodeCache<AnalysisModule>(bundle, `${bundle}.${buildId}.cache`);
    loaded.exports.enablePackageCodeCache(dirname(bundle), buildId); // ELK for the diagrams
    return { ...loaded, writeCache: () => { loaded.writeCache(); loaded.exports.writePackageCodeCaches(); } };
  }
  return { exports: await import('../bundle/analyze.js'), cacheUsed: false };
}

/** `--timings`: time since the process started, each phase, and the ten slowest rules. */
function timingTable(phases: Array<[string, number]>, rules: Record<string, number>): string {
  const row = (name: string, ms: number) => `${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms\n`;
  const slowest = Object.entries(rules).sort((a, b) => b[1] - a[1]).slice(0, 10);
  return 'Timings\n' + phases.map(([name, ms]) => row(name, ms)).join('')
    + row('total since the process started', performance.now())
    + (slowest.length ? 'Slowest rules\n' + slowest.map(([id, ms]) => row(`  ${id}`, ms)).join('') : '');
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('archbench')
    .description('Archbench: reads a project folder (OpenAPI, GraphQL, proto, SQL migrations, compose, Kubernetes, archbench.yaml),\nbuilds one architecture model and reports reliability and security findings, offline.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError('(run `archbench --help` for usage)');

  program.command('analyze')
    .description('Analyse a folder and write the report bundle (model.json, findings.json, findings.sarif, report.html, report.md, ... and manifest.json).')
    .argument('<folder>', 'project folder to analyse')
    .option('--out <dir>', 'write the bundle into this folder (replaced whole if it holds an earlier bundle)', 'archbench-report')
    .option('--format <list>', 'comma-separated subset: html,md,sarif,json,pdf (default: the whole bundle, without pdf)')
    .option('--pdf', 'add report.pdf to the whole bundle (needs Chromium; skipped with a note otherwise)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an open finding reaches this severity').choices([...SEVERITY_GATES]).default('high'))
    .option('--baseline <path>', 'findings.json, bundle folder or bundle .zip of an earlier run: report and gate only on findings not in it')
    .option('--zip <file>', 'also write the bundle as a .zip file')
    .option('--timings', 'print where the time went (phases and the slowest rules) to stderr')
    .action(async (folder: string, options: { out: string; format?: string; pdf?: boolean; failOn: SeverityGate; zip?: string; baseline?: string; timings?: boolean }) => {
      const root = resolve(folder);
      if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`not a folder: ${folder}`);
      const formats = options.format ? options.format.split(',').map((f) => f.trim()).filter(Boolean) : undefined;
      const unknown = formats?.filter((f) => !(BUNDLE_FORMATS as readonly string[]).includes(f));
      if (unknown?.length) throw new UsageError(`unknown format "${unknown[0]}" (choose from ${BUNDLE_FORMATS.join(', ')})`);
      if (options.baseline && !existsSync(resolve(options.baseline))) throw new UsageError(`no such baseline: ${options.baseline}`);
      const loadStarted = performance.now();
      const analysis = await loadAnalysis();
      const loadPhase: [string, number] = [`load the analysis code${analysis.cacheUsed ? ' (code cache)' : ''}`, performance.now() - loadStarted];
      const { analyzeFolder, BaselineError, BundleTargetError } = analysis.exports;
      let result;
      try {
        result = await analyzeFolder({
          root, outDir: resolve(options.out), formats: formats as BundleFormat[] | undefined, pdf: options.pdf,
          zip: options.zip ? resolve(options.zip) : undefined, failOn: options.failOn, baseline: options.baseline,
        });
      } catch (error) {
        if (error instanceof BaselineError || error instanceof BundleTargetError) throw new UsageError(error.message);
        throw error;
      }
      process.stdout.write(result.summaryLine + '\n');
      for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
      if (options.timings) process.stderr.write(timingTable([loadPhase, ...result.timings], result.ruleTimings));
      // The build's training run (main/tools/build.mjs) keeps what V8 compiled for the next runs.
      if (process.env.ARCHBENCH_TRAIN_CODE_CACHE === '1') analysis.writeCache?.();
      exitCode = result.gateFailed ? 1 : 0;
    });

  program.command('serve')
    .description('Serve the workbench to a browser on 127.0.0.1 with a random token (for remote or headless machines).')
    .argument('[folder]', 'project folder to open (default: offer the sample project and recent projects)')
    .option('--port <n>', 'port to listen on (default: a free one)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${v}"`);
      return n;
    })
    .action(async (folder: string | undefined, options: { port?: number }) => {
      const paths = packagePaths();
      if (!existsSync(resolve(paths.rendererDir, 'index.html'))) throw new UsageError('the renderer is not built: run `npm run build`');
      const [{ createWorkbench }, { defaultDataDir }, { startBrowserHost }] = await Promise.all([
        import('../core/workbench.js'), import('../core/app-data.js'), import('../host/browser-host.js'),
      ]);
      const workbench = createWorkbench({ dataDir: defaultDataDir(), resourcesDir: paths.resourcesDir, host: 'browser', version: VERSION });
      if (folder) {
        const root = resolve(folder);
        if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`not a folder: ${folder}`);
        await workbench.invoke('project.open', { path: root });
      }
      const host = await startBrowserHost({ workbench, rendererDir: paths.rendererDir, port: options.port });
      process.stdout.write(`Archbench is serving ${folder ? resolve(folder) : 'the start page'} at\n  ${host.url}\nOpen that URL in a browser on this machine (the token in it is required). Press Ctrl+C to stop.\n`);
      await new Promise<void>((done) => {
        const stop = () => { void host.close().then(() => workbench.close()).then(done); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program.command('rules')
    .description('List every rule with its metadata.')
    .option('--json', 'machine-readable output')
    .option('--markdown', 'rule documentation generated from the metadata')
    .action(async (options: { json?: boolean; markdown?: boolean }) => {
      const [{ allRules }, { ruleDocs }] = await Promise.all([import('../analysis/registry.js'), import('../analysis/rule-docs.js')]);
      const rules = allRules();
      if (options.json) process.stdout.write(JSON.stringify({ rules }, null, 2) + '\n');
      else if (options.markdown) process.stdout.write(ruleDocs(rules));
      else if (rules.length === 0) process.stdout.write('No rules are registered in this build.\n');
      else for (const r of rules) process.stdout.write(`${r.id.padEnd(40)} ${r.severity.padEnd(9)} ${r.category.padEnd(12)} ${r.title}\n`);
    });

  program.command('export')
    .description('Export the architecture model built from a folder as Threat Dragon v2 JSON or Open Threat Model (OTM) JSON.')
    .argument('<folder>', 'project folder')
    .addOption(new Option('--format <format>', 'threat-dragon or otm').choices(['threat-dragon', 'otm']).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write')
    .action(async (folder: string, options: { format: 'threat-dragon' | 'otm'; out: string }) => {
      const root = resolve(folder);
      if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`not a folder: ${folder}`);
      const { exportModel } = await import('./export-model.js');
      const written = await exportModel(root, options.format, resolve(options.out));
      process.stdout.write(`${written.components} components and ${written.flows} flows written to ${options.out}\n`);
    });

  program.command('verify')
    .description('Check a bundle against its manifest.json (SHA-256 of every file); exit 1 if anything was changed.')
    .argument('<bundle>', 'bundle folder or .zip')
    .action(async (bundle: string) => {
      const target = resolve(bundle);
      if (!existsSync(target)) throw new UsageError(`no such bundle: ${bundle}`);
      const { verifyBundle } = await import('../bundle/verify.js');
      const result = await verifyBundle(target);
      for (const problem of result.problems) process.stdout.write(`${problem}\n`);
      process.stdout.write(result.ok ? `OK: ${result.checked} files match manifest.json\n` : `TAMPERED: ${result.problems.length} problem(s)\n`);
      exitCode = result.ok ? 0 : 1;
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed a one-line reason
    }
    if (error instanceof UsageError) {
      process.stderr.write(`archbench: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`archbench: ${message.split('\n')[0]}\n`);
    return 2;
  }
}
