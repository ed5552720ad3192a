import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderReport } from './render-report.ts';
import type { ReportInput } from './report-input.ts';

/** Renders the report and writes it to `path`, creating missing directories. */
export async function writeReport(path: string, input: ReportInput): Promise<void> {
  const html = renderReport(input);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html, 'utf8');
}
