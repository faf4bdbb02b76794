import { useCallback, useState } from 'react';

/**
 * What a form or a button does on the server: busy while it runs, and what went wrong in the
 * server's own words (already in the console's language) when it fails.
 */
export function useAction() {
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setWorking(true);
    setError(null);
    try {
      await action();
    } catch (problem) {
      setError((problem as Error).message);
    } finally {
      setWorking(false);
    }
  }, []);
  return { working, error, setError, run };
}
