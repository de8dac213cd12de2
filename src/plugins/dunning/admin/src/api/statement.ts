import { useMemo } from 'react';

import type {
  CustomerStatement,
  InvoiceContext,
  StatementPage,
  StatementSendInput,
  StatementSendResult,
} from '../../../shared/contracts/statement';
import { DUNNING_STATE, useAdminQuery, useMutations } from './client';

/** The account statement's routes. */

export const useStatementPage = (query: URLSearchParams) =>
  useAdminQuery<StatementPage>('statement', `/dunning/statement?${query}`, { raw: true });
export const useCustomerStatement = (customerDocumentId: string | null | undefined) =>
  useAdminQuery<CustomerStatement>(
    'statement',
    customerDocumentId ? `/dunning/statement/${customerDocumentId}` : null
  );
export const useInvoiceContext = (invoiceDocumentId: string) =>
  useAdminQuery<InvoiceContext>('statement', `/dunning/invoices/${invoiceDocumentId}/context`);

/** The statement as a PDF, for a download. */
export const statementPdfPath = (customerDocumentId: string) =>
  `/dunning/statement/${customerDocumentId}/pdf`;

/** POST /dunning/statement/send: the monthly statements of the customers ticked. */
export const useSendStatements = () => {
  const { post } = useMutations(DUNNING_STATE);
  return useMemo(
    () => (input: StatementSendInput) =>
      post<StatementSendResult[]>('/dunning/statement/send', input),
    [post]
  );
};
