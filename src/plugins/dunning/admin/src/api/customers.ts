import { useMemo } from 'react';

import type { OwnerInput, PauseInput } from '../../../shared/contracts/customers';
import type { PortalActionPage } from '../../../shared/contracts/portal';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** A customer's dunning from the statement: pause, resume, account owner. */
export const useCustomerActions = () => {
  const { put, del } = useMutations();
  return useMemo(
    () => ({
      pause: (customerDocumentId: string, input: PauseInput) =>
        put(`/dunning/customers/${customerDocumentId}/pause`, input),
      resume: (customerDocumentId: string) => del(`/dunning/customers/${customerDocumentId}/pause`),
      setOwner: (customerDocumentId: string, ownerId: OwnerInput['ownerId']) =>
        put(`/dunning/customers/${customerDocumentId}/owner`, { ownerId }),
    }),
    [put, del]
  );
};

/** A page of what the customer did from the portal, latest first (`page`, `pageSize`). */
export const usePortalActions = (customerDocumentId: string, query: URLSearchParams) =>
  useAdminApi<PortalActionPage>(
    `/dunning/customers/${customerDocumentId}/portal-actions?${query}`,
    { raw: true }
  );
