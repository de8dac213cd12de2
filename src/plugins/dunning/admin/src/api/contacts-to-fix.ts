import type { ContactToFix, ReleaseResult } from '../../../shared/contracts/contacts-to-fix';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

export const useContactsToFix = () => useAdminApi<ContactToFix[]>('/dunning/contacts-to-fix');

export const useContactsToFixCount = () =>
  useAdminApi<{ customers: number }>('/dunning/contacts-to-fix/count');

/** POST …/release: the corrected addresses (written to the contact) or none, and the held reminders go back to the queue. */
export const useReleaseContact = () => {
  const { post } = useMutations();
  return (customerDocumentId: string, addresses?: string[]) =>
    post<ReleaseResult>(
      `/dunning/contacts-to-fix/${customerDocumentId}/release`,
      addresses ? { addresses } : {}
    );
};
