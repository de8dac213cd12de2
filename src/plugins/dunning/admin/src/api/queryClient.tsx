import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType } from 'react';

/**
 * The plugin's one query cache, shared by its pages and the components it injects into the
 * Content Manager. A failed read shows its error at once and nothing refetches on a focus,
 * as before the cache.
 */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

/** `Component` inside the plugin's query cache: every page and injected component is. */
export const withQueryClient = <Props extends object>(Component: ComponentType<Props>) => {
  const WithQueryClient = (props: Props) => (
    <QueryClientProvider client={queryClient}>
      <Component {...props} />
    </QueryClientProvider>
  );
  WithQueryClient.displayName = `WithQueryClient(${Component.displayName ?? Component.name})`;
  return WithQueryClient;
};
