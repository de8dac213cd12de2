import { useFetchClient } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';

export type ApiState<T> = {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  refetch: () => void;
};

/**
 * GETs one of the plugin's admin routes (`/dunning/...`) and keeps its `data` (or, with
 * `raw`, the whole body, for routes that also answer `meta`).
 */
export const useAdminApi = <T>(
  path: string | null,
  { raw = false }: { raw?: boolean } = {}
): ApiState<T> => {
  const { get } = useFetchClient();
  const [state, setState] = useState<{ data?: T; error?: unknown; isLoading: boolean }>({
    isLoading: true,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    if (!path) return;
    setState((previous) => ({ ...previous, isLoading: true }));
    get<{ data: T } & T>(path)
      .then(
        ({ data }) =>
          !cancelled && setState({ data: raw ? (data as T) : data.data, isLoading: false })
      )
      .catch((error: unknown) => !cancelled && setState({ error, isLoading: false }));
    return () => {
      cancelled = true;
    };
  }, [get, path, raw, version]);

  const refetch = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, isLoading: state.isLoading, refetch };
};
