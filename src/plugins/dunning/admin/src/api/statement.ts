import { useMemo } from 'react';

import type {
  CustomerStatement,
  InvoiceContext,
  StatementPage,
  StatementSendInput,
  StatementSendResult,
} from '../../../shared/contracts/statement';
import { useMutations } from './client';
import { useAdminApi } from './useAdminApi';

/** The account statement's routes. */

export const useStatementPage = (query: URLSearchParams) =>
  useAdminApi<StatementPage>(`/dunning/statement?${query}`, { raw: true });
export const useCustomerStatement = (customerDocumentId: string | null | undefined) =>
  useAdminApi<CustomerStatement>(
    customerDocumentId ? `/dunning/statement/${customerDocumentId}` : null
  );
export const useInvoiceContext = (invoiceDocumentId: string) =>
  useAdminApi<InvoiceContext>(`/dunning/invoices/${invoiceDocumentId}/context`);

/** The statement as a PDF, for a download. */
export const statementPdfPath = (customerDocumentId: string) =>
  `/dunning/statement/${customerDocumentId}/pdf`;

/** POST /dunning/statement/send: the monthly statements of the customers ticked. */
export const useSendStatements = () => {
  const { post } = useMutations();
  return useMemo(
    () => (input: StatementSendInput) =>
      post<StatementSendResult[]>('/dunning/statement/send', input),
    [post]
  );
};
