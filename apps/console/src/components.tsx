import type { ReactNode } from 'react';
import type { Organisation } from './api.js';

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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
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
