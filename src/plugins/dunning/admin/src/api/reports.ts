import type { Report } from '../../../shared/contracts/reports';
import { useAdminApi } from './useAdminApi';

/** GET /dunning/reports: as JSON for the page, as CSV for a download. */
export const useReport = (query: URLSearchParams) =>
  useAdminApi<Report>(`/dunning/reports?${query}`);
export const reportCsvPath = (query: URLSearchParams) => `/dunning/reports?${query}&format=csv`;
