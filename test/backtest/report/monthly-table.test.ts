import { describe, expect, it } from 'vitest';
import { renderMonthlyTable } from '../../../src/backtest/report/monthly-table.ts';

const rowsOf = (html: string): string[] => html.split('<tbody>')[1].split('</tbody>')[0].split('<tr>').slice(1);
const cellsOf = (row: string): string[] => row.split(/<t[dh][ >]/).slice(1);

describe('renderMonthlyTable', () => {
  const html = renderMonthlyTable([
    { year: 2024, month: 2, return: -0.1 },
    { year: 2023, month: 12, return: 0.1 },
    { year: 2024, month: 1, return: 0.2 },
  ]);

  it('has one row per year, sorted, with 12 months and a year total', () => {
    const rows = rowsOf(html);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^<th scope="row">2023</);
    expect(rows[1]).toMatch(/^<th scope="row">2024</);
    for (const row of rows) expect(cellsOf(row)).toHaveLength(14);
  });

  it('compounds the year total and leaves missing months blank', () => {
    const cells2024 = cellsOf(rowsOf(html)[1]);
    expect(cells2024[1]).toContain('+20.0%');
    expect(cells2024[2]).toContain('-10.0%');
    expect(cells2024[3]).toContain('class="month empty"');
    expect(cells2024[13]).toContain('+8.0%'); // 1.2 x 0.9 - 1
  });

  it('colours gains green and losses red', () => {
    const cells2024 = cellsOf(rowsOf(html)[1]);
    expect(cells2024[1]).toContain('rgba(26,152,80,');
    expect(cells2024[2]).toContain('rgba(215,48,39,');
  });

  it('renders an empty table with a note when there is no month', () => {
    const empty = renderMonthlyTable([]);
    expect(rowsOf(empty)).toHaveLength(0);
    expect(empty).toContain('No complete return period');
  });

  it.each([
    { rows: [{ year: 2024, month: 13, return: 0 }], error: /month 13 for year 2024/ },
    { rows: [{ year: 2024, month: 1, return: NaN }], error: /2024-1 return is NaN/ },
    { rows: [{ year: 2024, month: 1, return: 0 }, { year: 2024, month: 1, return: 0 }], error: /lists 2024-1 twice/ },
  ])('rejects $error', ({ rows, error }) => {
    expect(() => renderMonthlyTable(rows)).toThrow(error);
  });
});
