import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to SVG in Node (no browser, no canvas: text widths are estimated).
 * SVG shows inline in Jupyter, VS Code and on GitHub, and stays in the saved notebook.
 * vega is imported lazily: its canvas shim uses top-level await, which the CommonJS path
 * notebooks load this module through (tsx's require hook) cannot take statically.
 */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
