import { useFetchClient } from '@strapi/strapi/admin';
import {
  keepPreviousData,
  type QueryClient,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useMemo } from 'react';

import { PLUGIN_ID } from '../pluginId';

/** The admin API's route groups: each read's query key starts with its group, which a mutation invalidates. */
export type RouteGroup =
  | 'batches'
  | 'contacts-to-fix'
  | 'customers'
  | 'engine'
  | 'mapping'
  | 'overview'
  | 'reminders'
  | 'reports'
  | 'scenarios'
  | 'senders'
  | 'settings'
  | 'statement'
  | 'templates';

/** What a reminder, a case or a customer's dunning changes: every view of the receivables. */
export const DUNNING_STATE: readonly RouteGroup[] = [
  'batches',
  'contacts-to-fix',
  'customers',
  'engine',
  'overview',
  'reminders',
  'reports',
  'statement',
];

/** A read's state as the pages use it: `isLoading` while nothing for this query is there yet. */
type ReadState<T> = { data: T | undefined; error: unknown; isLoading: boolean };

const readState = <T>(query: UseQueryResult<T>): ReadState<T> => ({
  data: query.data,
  error: query.error,
  isLoading: query.isPending || query.isPlaceholderData,
});

/**
 * GETs one of the plugin's admin routes (`/dunning/...`, none when `path` is null) through
 * the plugin's query cache, keeping its `data` (or, with `raw`, the whole body, for routes
 * that also answer `meta`). While another query string loads, the last answer stays shown.
 */
export const useAdminQuery = <T>(
  group: RouteGroup,
  path: string | null,
  { raw = false, client }: { raw?: boolean; client?: QueryClient } = {}
): ReadState<T> => {
  const { get } = useFetchClient();
  const query = useQuery(
    {
      queryKey: [PLUGIN_ID, group, path],
      queryFn: async ({ signal }) => {
        const { data } = await get<{ data: T } & T>(path!, { signal });
        return raw ? (data as T) : data.data;
      },
      enabled: path !== null,
      placeholderData: keepPreviousData,
    },
    client
  );
  return readState(query);
};

/**
 * A read the admin API answers to a POST (a draft, a rendering) of `body`; `enabled: false`
 * asks nothing. A draft prepared for one opening is dropped from the cache once unused;
 * `keepLast` shows the last answer while another `body` loads.
 */
export const useAdminPostQuery = <T>(
  group: RouteGroup,
  path: string,
  body: Record<string, unknown>,
  {
    enabled = true,
    perOpening = false,
    keepLast = false,
  }: { enabled?: boolean; perOpening?: boolean; keepLast?: boolean } = {}
): ReadState<T> => {
  const { post } = useFetchClient();
  const query = useQuery({
    queryKey: [PLUGIN_ID, group, path, body],
    queryFn: async ({ signal }) => (await post<{ data: T }>(path, body, { signal })).data.data,
    enabled,
    gcTime: perOpening ? 0 : undefined,
    placeholderData: keepLast ? keepPreviousData : undefined,
  });
  return readState(query);
};

/**
 * POST, PUT and DELETE on the plugin's admin routes (`/dunning/...`), answering the body's
 * `data`; once one succeeds, the reads of the `invalidates` groups are fetched again before
 * it answers, so the page shows fresh data. Only the route modules of this folder call it.
 */
export const useMutations = (invalidates: readonly RouteGroup[]) => {
  const { post, put, del } = useFetchClient();
  const queryClient = useQueryClient();
  return useMemo(() => {
    const refreshed = async <T>(answer: T): Promise<T> => {
      await Promise.all(
        invalidates.map((group) => queryClient.invalidateQueries({ queryKey: [PLUGIN_ID, group] }))
      );
      return answer;
    };
    return {
      post: async <T = unknown>(path: string, body?: unknown): Promise<T> =>
        refreshed((await post<{ data: T }>(path, body)).data.data),
      put: async <T = unknown>(path: string, body?: unknown): Promise<T> =>
        refreshed((await put<{ data: T }>(path, body)).data.data),
      del: async <T = unknown>(path: string): Promise<T> =>
        refreshed((await del<{ data: T }>(path)).data.data),
    };
  }, [post, put, del, queryClient, invalidates]);
};

/** The message a 400 carries: `field: reason (line, column)`. */
export const errorMessage = (error: unknown, fallback: string): string =>
  (error as { response?: { data?: { error?: { message?: string } } } })?.response?.data?.error
    ?.message ?? fallback;
