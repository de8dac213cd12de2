import type { Core } from '@strapi/strapi';

import type { ReceivablesMapping } from '../../domain/receivables-mapping';
import { receivableFigures } from './aggregates';
import { contactReads } from './contact-read';
import { invoiceReads } from './invoice-read';
import { receivableWrites } from './writes';

export type {
  AgingRow,
  CustomerAgingRow,
  LedgerPeriod,
  LedgerRow,
  OpenLedger,
  OverdueSummary,
  StatementRow,
} from './aggregates';

/**
 * The only code that reads and writes the team's invoices, customers and contacts (SPEC
 * F1.2): the joined invoice read, the figures grouped in SQL, the writes of the plugin's
 * fields. Every read and figure starts from one base of invoice rows (invoice-table.ts).
 */
export const receivablesRepository = (strapi: Core.Strapi, mapping: () => ReceivablesMapping) => ({
  ...invoiceReads(strapi, mapping),
  ...receivableFigures(strapi, mapping),
  ...contactReads(strapi, mapping),
  ...receivableWrites(strapi, mapping),
});
