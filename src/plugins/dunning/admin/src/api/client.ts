import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';

/**
 * POST, PUT and DELETE on the plugin's admin routes (`/dunning/...`), answering the body's
 * `data`. Only the route modules of this folder call it, each with its own URLs and types.
 */
export const useMutations = () => {
  const { post, put, del } = useFetchClient();
  return useMemo(
    () => ({
      post: async <T = unknown>(path: string, body?: unknown): Promise<T> =>
        (await post<{ data: T }>(path, body)).data.data,
      put: async <T = unknown>(path: string, body?: unknown): Promise<T> =>
        (await put<{ data: T }>(path, body)).data.data,
      del: async <T = unknown>(path: string): Promise<T> =>
        (await del<{ data: T }>(path)).data.data,
    }),
    [post, put, del]
  );
};

/** The message a 400 carries: `field: reason (line, column)`. */
export const errorMessage = (error: unknown, fallback: string): string =>
  (error as { response?: { data?: { error?: { message?: string } } } })?.response?.data?.error
    ?.message ?? fallback;
