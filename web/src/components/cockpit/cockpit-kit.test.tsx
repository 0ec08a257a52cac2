import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { userEvent } from 'vitest/browser';
import { DataTable, sortRows, type DataColumn } from './data-table';
import { ChartFrame } from './chart-frame';
import { MetricTile } from './metric-tile';

type Row = { id: string; csm: string; mrr: number | null };
const rows: Row[] = [
  { id: 'a', csm: 'Bea', mrr: 300 },
  { id: 'b', csm: 'Al', mrr: null },
  { id: 'c', csm: 'Cy', mrr: 1200 },
];
const columns: DataColumn<Row>[] = [
  { key: 'csm', label: 'CSM', value: (r) => r.csm },
  { key: 'mrr', label: 'MRR', value: (r) => r.mrr, numeric: true },
];

describe('sortRows', () => {
  it('sorts by the raw value, empty values last in both directions', () => {
    expect(sortRows(rows, columns, { key: 'mrr', dir: 'desc' }).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, columns, { key: 'mrr', dir: 'asc' }).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(sortRows(rows, columns, { key: 'csm', dir: 'asc' }).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, columns, null).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('DataTable', () => {
  it('sorts when a header is pressed and says so with aria-sort', async () => {
    const screen = await render(<DataTable caption="CSMs" columns={columns} rows={rows} rowKey={(r) => r.id} />);
    await userEvent.click(screen.getByRole('button', { name: /MRR/ }));
    const header = screen.container.querySelectorAll('th')[1];
    expect(header.getAttribute('aria-sort')).toBe('descending');
    const firstCells = [...screen.container.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')?.textContent);
    expect(firstCells).toEqual(['Cy', 'Bea', 'Al']);
    await userEvent.click(screen.getByRole('button', { name: /MRR/ }));
    expect(header.getAttribute('aria-sort')).toBe('ascending');
  });
});

describe('ChartFrame', () => {
  it('switches the chart for a table of the same numbers, with a CSV export', async () => {
    const screen = await render(
      <ChartFrame title="Book MRR" columns={columns} rows={rows} rowKey={(r) => r.id} csvName="book-mrr">
        <svg data-testid="the-chart" />
      </ChartFrame>,
    );
    await expect.element(screen.getByTestId('the-chart')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show as table' }));
    await expect.element(screen.getByRole('table')).toBeVisible();
    await expect.element(screen.getByText('1200')).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Download CSV' })).toBeVisible();
    expect(screen.container.querySelector('[data-testid="the-chart"]')).toBeNull();
  });
});

describe('MetricTile', () => {
  it('shows the value, the change in words and the definition on demand; drills down', async () => {
    let drilled = 0;
    const screen = await render(
      <MetricTile
        label="GRR"
        value="91.2 %"
        change={{ text: '+1.3 pts', direction: 'up', good: true }}
        previous="89.9 %"
        definition="(S − contraction − churn) / S"
        onDrill={() => drilled++}
        drillLabel="See the 12 accounts"
      />,
    );
    await expect.element(screen.getByText('91.2 %')).toBeVisible();
    await expect.element(screen.getByText('+1.3 pts')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Definition of GRR' }));
    await expect.element(screen.getByText('(S − contraction − churn) / S')).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByRole('button', { name: 'See the 12 accounts' }));
    expect(drilled).toBe(1);
  });
});
