import type { QueryClient } from '@tanstack/react-query';

import type { Mapping } from '../../../shared/contracts/overview';
import { useAdminQuery } from './client';

/**
 * The content types that hold invoices and customers (config/plugins.ts); `client` for a
 * caller the Content Manager runs outside the plugin's provider (its bulk actions).
 */
export const useMapping = (client?: QueryClient) =>
  useAdminQuery<Mapping>('mapping', '/dunning/mapping', { client });
