import { useMemo } from 'react';

import type { OwnerInput, PauseInput } from '../../../shared/contracts/customers';
import type { PortalActionPage } from '../../../shared/contracts/portal';
import { DUNNING_STATE, useAdminQuery, useMutations } from './client';

/** A customer's dunning from the statement: pause, resume, account owner. */
export const useCustomerActions = () => {
  const { put, del } = useMutations(DUNNING_STATE);
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
  useAdminQuery<PortalActionPage>(
    'customers',
    `/dunning/customers/${customerDocumentId}/portal-actions?${query}`,
    { raw: true }
  );
