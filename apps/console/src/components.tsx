import type { ReactNode } from 'react';
import type { Organisation } from './api.js';

/** What went wrong, in the server's words (already in the console's language); nothing when all is well. */
export function ErrorAlert({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

/** The end of every form: what went wrong, said by the server in the console's language, then the button. */
export function FormEnd({
  error,
  working,
  label,
  workingLabel,
  incomplete = false,
}: {
  error: string | null;
  working: boolean;
  label: ReactNode;
  workingLabel: ReactNode;
  /** Something the form needs is missing: the button waits for it. */
  incomplete?: boolean;
}) {
  return (
    <>
      <ErrorAlert error={error} />
      <button type="submit" disabled={working || incomplete}>
        {working ? workingLabel : label}
      </button>
    </>
  );
}

/** Places as <option>s, indented by their depth in the tree (province › district › ward). */
export function PlaceOptions({ places }: { places: readonly Organisation[] }) {
  return (
    <>
      {places.map((o) => (
        <option key={o.id} value={o.id}>
          {'\u00a0\u00a0'.repeat(Math.max(0, o.path.split('/').filter(Boolean).length - 1))}
          {o.name}
        </option>
      ))}
    </>
  );
}

/** Bars, one per value, scaled to the largest: enough chart for plays by day. */
export function BarChart({ values, label }: { values: readonly { key: string; value: number }[]; label: string }) {
  const most = Math.max(1, ...values.map((v) => v.value));
  return (
    <svg className="chart" viewBox={`0 0 ${Math.max(1, values.length) * 24} 100`} role="img" aria-label={label}>
      {values.map((v, i) => (
        <rect key={v.key} x={i * 24 + 4} y={100 - (v.value / most) * 96} width={16} height={(v.value / most) * 96}>
          <title>{`${v.key}: ${v.value}`}</title>
        </rect>
      ))}
    </svg>
  );
}

/** Saves rows as a CSV file, with a byte-order mark so spreadsheet programs read Vietnamese as UTF-8. */
export function downloadCsv(name: string, rows: readonly (readonly (string | number)[])[]): void {
  const quote = (cell: string | number) =>
    /[",\r\n]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : String(cell);
  const text = rows.map((row) => row.map(quote).join(',')).join('\r\n');
  const url = URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
