import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');

/** The fenced code blocks of the README with their language tag, in order. */
export function codeBlocks(markdown: string = README): { lang: string; body: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

export interface ExampleLine {
  readonly line: string;
  /** Set when the line ends in `# not run in CI: <reason>` (real-money commands only). */
  readonly skipReason?: string;
}

/** Every line of the README's ```sh blocks that starts with `npx krakenbt `, in order. */
export function krakenbtExamples(markdown: string = README): ExampleLine[] {
  return codeBlocks(markdown)
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.body.split('\n'))
    .filter((l) => l.startsWith('npx krakenbt '))
    .map((line) => {
      const skip = /#\s*not run in CI:\s*(.+)$/.exec(line);
      return skip ? { line, skipReason: skip[1].trim() } : { line };
    });
}
