import { describe, expect, it } from 'vitest';
import { notebookProblems } from '../../../src/research/cli/notebooks.ts';

const chart = { output_type: 'display_data', data: { 'image/svg+xml': '<svg/>' } };

describe('notebookProblems', () => {
  it.each([
    ['a notebook with a chart and no error', [[chart]], []],
    ['no chart at all', [[{ output_type: 'stream', name: 'stdout', text: 'hi' }]], ['no chart output']],
    ['an error output', [[chart], [{ output_type: 'error', ename: 'TypeError', evalue: 'x is undefined' }]], ['cell 2: TypeError: x is undefined']],
    ['a tslab exception on stderr', [[chart, { output_type: 'stream', name: 'stderr', text: ['ReferenceError: base is not defined\n', '    at ...'] }]], ['cell 1: ReferenceError: base is not defined']],
    ['a tslab type error on stderr', [[chart, { output_type: 'stream', name: 'stderr', text: "1:21 - Cannot find name 'x'.\n" }]], ["cell 1: 1:21 - Cannot find name 'x'."]],
  ])('%s', (_name, outputs, expected) => {
    expect(notebookProblems({ cells: outputs.map((o) => ({ cell_type: 'code', outputs: o })) })).toEqual(expected);
  });
});
