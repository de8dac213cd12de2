import { useFetchClient } from '@strapi/strapi/admin';

import { useAdminApi } from './useAdminApi';

/** A customer with a bounced or missing address, and the e-mail reminders held back for it (GET /dunning/contacts-to-fix). */
export type ContactToFix = {
  customerDocumentId: string;
  customerName: string;
  contact: { documentId: string; name: string | null; addresses: string } | null;
  bounced: Array<{ address: string; reason: string | null; bouncedAt: string }>;
  held: Array<{ documentId: string; level: string | null; amount: number; currency: string; statusReason: string; invoices: Array<{ documentId: string; number: string }>; createdAt: string }>;
};

export const useContactsToFix = () => useAdminApi<ContactToFix[]>('/dunning/contacts-to-fix');

export const useContactsToFixCount = () => useAdminApi<{ customers: number }>('/dunning/contacts-to-fix/count');

/** POST …/release: the corrected addresses (written to the contact) or none, and the held reminders go back to the queue. */
export const useReleaseContact = () => {
  const { post } = useFetchClient();
  return async (customerDocumentId: string, addresses?: string[]) => {
    const { data } = await post<{ data: { released: number; unsuppressed: number } }>(`/dunning/contacts-to-fix/${customerDocumentId}/release`, addresses ? { addresses } : {});
    return data.data;
  };
};
