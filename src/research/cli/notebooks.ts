#!/usr/bin/env node
/**
 * `npm run notebooks`: executes every notebook in notebooks/ headless through Jupyter's tslab
 * kernel and fails when a cell fails or a notebook produced no chart. Executed copies go to
 * out/notebooks/ (`--inplace` writes the outputs back into notebooks/ instead).
 * Needs /usr/bin/jupyter with nbconvert and the tslab kernel (see docs/research.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const NOTEBOOKS = join(ROOT, 'notebooks');
const OUT = join(ROOT, 'out', 'notebooks');
const JUPYTER = process.env.JUPYTER ?? '/usr/bin/jupyter';

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string }
interface Notebook { cells: { cell_type: string; outputs?: Output[] }[] }

/** Problems in an executed notebook (run with --allow-errors, so every failing cell is listed): error outputs, tslab errors on stderr, no chart. */
export function notebookProblems(nb: Notebook): string[] {
  const problems: string[] = [];
  let charts = 0;
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === 'error') problems.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') {
        const text = Array.isArray(o.text) ? o.text.join('') : (o.text ?? '');
        // tslab reports type errors and uncaught exceptions on stderr instead of an error output.
        if (/error|exception|^\d+:\d+ - /im.test(text)) problems.push(`cell ${i + 1}: ${text.split('\n')[0]}`);
      }
      if (o.data && ('image/svg+xml' in o.data || 'image/png' in o.data)) charts++;
    }
  });
  if (charts === 0) problems.push('no chart output');
  return problems;
}

function main(argv: string[]): void {
  const inplace = argv.includes('--inplace');
  const only = argv.filter((a) => !a.startsWith('--'));
  if (!existsSync(JUPYTER)) throw new Error(`${JUPYTER} not found: apt-get install -y jupyter-notebook jupyter-nbconvert python3-ipykernel, then npx tslab install --python=/usr/bin/python3`);
  const files = readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
  if (files.length === 0) throw new Error(`no notebooks in ${NOTEBOOKS}`);
  mkdirSync(OUT, { recursive: true });
  // The kernel spec runs `tslab` from PATH: make sure the project's copy is found.
  const env = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, PYDEVD_DISABLE_FILE_VALIDATION: '1' };
  let failed = 0;
  for (const f of files) {
    const t0 = performance.now();
    const outDir = inplace ? NOTEBOOKS : OUT;
    try {
      execFileSync(JUPYTER, ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=tslab', '--ExecutePreprocessor.timeout=600', '--allow-errors', '--output-dir', outDir, join(NOTEBOOKS, f)], { cwd: NOTEBOOKS, env, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const stderr = String((e as { stderr?: Buffer }).stderr ?? '');
      process.stdout.write(`FAIL ${f}\n${stderr.split('\n').filter((l) => l.trim() && !/Debugger|frozen modules|PYDEVD|Note: Debugging/.test(l)).slice(-15).join('\n')}\n`);
      failed++;
      continue;
    }
    const problems = notebookProblems(JSON.parse(readFileSync(join(outDir, f), 'utf8')) as Notebook);
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (problems.length > 0) {
      failed++;
      process.stdout.write(`FAIL ${f} (${secs} s)\n  ${problems.join('\n  ')}\n`);
    } else {
      process.stdout.write(`ok   ${f} (${secs} s) -> ${join(outDir, f)}\n`);
    }
  }
  if (failed > 0) {
    process.stdout.write(`${failed} of ${files.length} notebooks failed\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
