import type { Report } from '../../../shared/contracts/reports';
import { useAdminQuery } from './client';

/** GET /dunning/reports: as JSON for the page, as CSV for a download. */
export const useReport = (query: URLSearchParams) =>
  useAdminQuery<Report>('reports', `/dunning/reports?${query}`);
export const reportCsvPath = (query: URLSearchParams) => `/dunning/reports?${query}&format=csv`;
