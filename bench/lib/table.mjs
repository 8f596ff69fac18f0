// The report: one row per goal, as a Markdown table (readable in a terminal, pastable into an issue).

export function holds(row) {
  if (!Number.isFinite(row.ratio)) return false;
  return row.atLeast ? row.ratio >= row.goal : row.ratio <= row.goal;
}

function formatRatio(row) {
  if (!Number.isFinite(row.ratio)) return '—';
  if (row.percent) return `${(row.ratio * 100).toFixed(0)} %`;
  // Two decimals, or three where two would round onto the goal and hide which side of it the figure is.
  return row.ratio.toFixed(Math.abs(row.ratio - row.goal) < 0.005 ? 3 : 2);
}

function formatGoal(row) {
  const value = row.percent ? `${(row.goal * 100).toFixed(0)} %` : String(row.goal);
  return `${row.atLeast ? '≥' : '≤'} ${value}`;
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderTable(rows) {
  const lines = [
    '| Figure | Measured: this / what it is divided by | Ratio | Goal | Holds |',
    '| --- | --- | ---: | ---: | :---: |',
    ...rows.map((row) => `| ${cell(row.figure)} | ${cell(row.measured)} | ${formatRatio(row)} | ${formatGoal(row)} | ${holds(row) ? 'yes' : 'NO'} |`),
  ];
  const held = rows.filter(holds).length;
  return `${lines.join('\n')}\n\n${held}/${rows.length} goals hold`;
}
