import type { Core } from '@strapi/strapi';

import caseSchema from '../content-types/case/schema.json';
import { CASE_TABLE, CASE_UID } from '../content-types/uids';
import type { CaseData, CaseRecord, ScenarioRecord } from '../domain/records';
import { insertWithLinks, type NewRow } from './sql/bulk';
import { otherValues } from './sql/db';
import { documentsOf, queryOf, type QueryParams } from './sql/typed-strapi';

/**
 * The dunning cases (plugin::dunning.case, `dunning_cases`): one per invoice, its
 * progress through its scenario and when the engine must look at it next
 * (`next_action_at`, indexed, so a tick reads only due cases).
 */

/** `state = 'active'` beside a lookup by ids, for SQLite (repositories/sql/db otherValues). */
const NOT_ACTIVE = otherValues(caseSchema.attributes.state.enum, 'active');

/** A case as the Document Service writes it: its columns, its scenario by documentId, reminders linked by id. */
type CaseDocument = CaseData & {
  scenario?: string | null;
  reminders?: { connect: number[] };
};

/** Where clauses of the query engine on the cases. */
type CaseWhere = NonNullable<QueryParams['where']>;

/** A case as a sync reads it. */
export type ExistingCase = Omit<CaseRecord, 'overrideStepIndex' | 'lastStepIndex' | 'scenario'> & {
  scenario: Pick<ScenarioRecord, 'id' | 'documentId' | 'steps'> | null;
};

/** A due case as the planner reads it. */
export type DueCaseRow = Pick<
  CaseRecord,
  'id' | 'invoiceDocumentId' | 'customerDocumentId' | 'nextStepIndex'
> & { scenario: { id: number } | null };

/** An active case of a scenario, as a re-plan reads it (an active case has its due date). */
export type FollowerRow = Pick<
  CaseRecord,
  'id' | 'customerDocumentId' | 'nextStepIndex' | 'lastStepDate'
> & { dueDate: string };

/** An active case as a forecast walks it. */
export type ForecastCaseRow = Pick<
  CaseRecord,
  'id' | 'invoiceDocumentId' | 'nextStepIndex' | 'lastStepDate'
> & { scenario: { id: number } | null };

const CASE_FIELDS = [
  'id',
  'documentId',
  'invoiceDocumentId',
  'state',
  'stateReason',
  'customerDocumentId',
  'dueDate',
  'nextStepIndex',
  'nextActionAt',
  'lastStepDate',
  'lastReminderAt',
];

export const caseRepository = (strapi: Core.Strapi) => {
  const documents = () => documentsOf<CaseRecord>(strapi, CASE_UID);
  const query = () => queryOf<CaseRecord>(strapi, CASE_UID);

  /** Active cases after `lastId` in id order, a page at a time (with the relations `populate` reads). */
  const activePage = <T extends Partial<CaseRecord>>(
    where: CaseWhere,
    select: string[],
    lastId: number,
    limit: number,
    populate?: Record<string, unknown>
  ): Promise<T[]> =>
    query().findMany<T>({
      where: { state: 'active', ...where, id: { $gt: lastId } },
      select,
      ...(populate ? { populate } : {}),
      orderBy: [{ id: 'asc' }],
      limit,
    });

  return {
    /** The cases of these invoices, by invoice documentId, with their scenario's steps. */
    async byInvoices(invoiceDocumentIds: string[]): Promise<Map<string, ExistingCase>> {
      const found = await query().findMany<ExistingCase>({
        where: { invoiceDocumentId: { $in: invoiceDocumentIds } },
        select: CASE_FIELDS,
        populate: { scenario: { select: ['id', 'documentId', 'steps'] } },
      });
      return new Map(found.map((row) => [row.invoiceDocumentId, row]));
    },

    /** New cases, with their scenario links, in a few multi-row inserts. */
    async insert(rows: NewRow[], now: Date) {
      await insertWithLinks(strapi, CASE_UID, rows, now);
    },

    /** Writes a case's columns (and its scenario, by documentId, when given). */
    async update(documentId: string, data: CaseDocument) {
      await documents().update({ documentId, data });
    },

    /** A new case written through the Document Service (with its reminders, as `data` says). */
    async create(data: CaseDocument) {
      await documents().create({ data });
    },

    /** The invoices of a customer's active cases. */
    async activeInvoicesOfCustomer(customerDocumentId: string): Promise<string[]> {
      const tracked = await documents().findMany<Pick<CaseRecord, 'invoiceDocumentId'>>({
        filters: { customerDocumentId, state: 'active' },
        fields: ['invoiceDocumentId'],
        limit: 10000,
      });
      return tracked.map((row) => row.invoiceDocumentId);
    },

    /** Brings a customer's active cases due later to `now`. */
    async dueNow(customerDocumentId: string, now: Date) {
      await query().updateMany({
        where: { customerDocumentId, state: 'active', nextActionAt: { $gt: now } },
        data: { nextActionAt: now },
      });
    },

    /** A page of the active cases following a scenario (by documentId), after `lastId`. */
    followersOf: (scenarioDocumentId: string, lastId: number, limit: number) =>
      activePage<{ id: number; invoiceDocumentId: string }>(
        { scenario: { documentId: scenarioDocumentId } },
        ['id', 'invoiceDocumentId'],
        lastId,
        limit
      ),

    /** A page of the active cases of a scenario (by id), after `lastId`, with what a re-plan needs. */
    replanPage: (scenarioId: number, lastId: number, limit: number) =>
      activePage<FollowerRow>(
        { scenario: { id: scenarioId } },
        ['id', 'customerDocumentId', 'dueDate', 'nextStepIndex', 'lastStepDate'],
        lastId,
        limit
      ),

    /** A page of the active cases matching `where`, after `lastId`, with what a forecast walks (their scenario's id). */
    forecastPage: (where: CaseWhere, lastId: number, limit: number) =>
      activePage<ForecastCaseRow>(
        where,
        ['id', 'invoiceDocumentId', 'nextStepIndex', 'lastStepDate'],
        lastId,
        limit,
        { scenario: { select: ['id'] } }
      ),

    async updateById(id: number, data: CaseData) {
      await query().update({ where: { id }, data });
    },

    /** The next customers with a due case, after `after` in documentId order (an index range scan on the next action time). */
    async dueCustomers(now: Date, after: string, limit: number): Promise<string[]> {
      const rows: Array<{ customer: string }> = await strapi.db
        .connection(CASE_TABLE)
        .distinct('customer_document_id as customer')
        .where('state', 'active')
        .where('next_action_at', '<=', now)
        .where('customer_document_id', '>', after)
        .orderBy('customer_document_id')
        .limit(limit);
      return rows.map((row) => row.customer);
    },

    /** The due active cases of these customers. */
    async dueOf(customerDocumentIds: string[], now: Date): Promise<DueCaseRow[]> {
      return query().findMany<DueCaseRow>({
        where: {
          customerDocumentId: { $in: customerDocumentIds },
          state: 'active',
          nextActionAt: { $lte: now },
        },
        select: ['id', 'invoiceDocumentId', 'customerDocumentId', 'nextStepIndex'],
        populate: { scenario: { select: ['id'] } },
      });
    },

    /**
     * Moves cases on from step `fromStepIndex`, only while they are active and still at
     * that step: one conditional update. How many moved; fewer than `ids` means another
     * writer was first.
     */
    async advance(ids: number[], fromStepIndex: number, data: CaseData): Promise<number> {
      const { count } = await query().updateMany({
        where: { id: { $in: ids }, state: { $notIn: NOT_ACTIVE }, nextStepIndex: fromStepIndex },
        data,
      });
      return count;
    },

    async updateMany(ids: number[], data: CaseData) {
      await query().updateMany({ where: { id: { $in: ids } }, data });
    },
  };
};
