import type { Mapping } from '../../../shared/contracts/overview';
import { useAdminApi } from './useAdminApi';

/** The content types that hold invoices and customers (config/plugins.ts). */
export const useMapping = () => useAdminApi<Mapping>('/dunning/mapping');
