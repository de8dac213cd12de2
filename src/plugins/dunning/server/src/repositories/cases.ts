import type { Core } from '@strapi/strapi';

import caseSchema from '../content-types/case/schema.json';
import type { ScenarioStep } from '../domain/schedule';
import { insertWithLinks, type NewRow } from './sql/bulk';
import { otherValues } from './sql/db';

/**
 * The dunning cases (plugin::dunning.case, `dunning_cases`): one per invoice, its
 * progress through its scenario and when the engine must look at it next
 * (`next_action_at`, indexed, so a tick reads only due cases).
 */

const UID = 'plugin::dunning.case';
const TABLE = 'dunning_cases';

/** `state = 'active'` beside a lookup by ids, for SQLite (repositories/sql/db otherValues). */
const NOT_ACTIVE = otherValues(caseSchema.attributes.state.enum, 'active');

type Entity = Record<string, any>;

/** A case as a sync reads it. */
export type ExistingCase = {
  id: number;
  documentId: string;
  invoiceDocumentId: string;
  state: string;
  stateReason: string | null;
  customerDocumentId: string;
  dueDate: string | null;
  nextStepIndex: number;
  nextActionAt: unknown;
  lastStepDate: string | null;
  lastReminderAt: unknown;
  scenario: { id: number; documentId: string; steps: ScenarioStep[] } | null;
};

/** A due case as the planner reads it. */
export type DueCaseRow = {
  id: number;
  invoiceDocumentId: string;
  customerDocumentId: string;
  nextStepIndex: number;
  scenario: { id: number } | null;
};

/** An active case of a scenario, as a re-plan reads it. */
export type FollowerRow = {
  id: number;
  customerDocumentId: string;
  dueDate: string;
  nextStepIndex: number;
  lastStepDate: string | null;
};

/** An active case as a forecast walks it. */
export type ForecastCaseRow = {
  id: number;
  invoiceDocumentId: string;
  nextStepIndex: number;
  lastStepDate: string | null;
  scenario: { id: number } | null;
};

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
  const documents = () => strapi.documents(UID as any);
  const query = () => strapi.db.query(UID as any);

  /** Active cases after `lastId` in id order, a page at a time (with the relations `populate` reads). */
  const activePage = async <T>(
    where: Entity,
    select: string[],
    lastId: number,
    limit: number,
    populate?: Entity
  ): Promise<T[]> =>
    (await query().findMany({
      where: { state: 'active', ...where, id: { $gt: lastId } },
      select,
      ...(populate ? { populate } : {}),
      orderBy: [{ id: 'asc' }],
      limit,
    })) as T[];

  return {
    /** The cases of these invoices, by invoice documentId, with their scenario's steps. */
    async byInvoices(invoiceDocumentIds: string[]): Promise<Map<string, ExistingCase>> {
      const found = (await query().findMany({
        where: { invoiceDocumentId: { $in: invoiceDocumentIds } },
        select: CASE_FIELDS,
        populate: { scenario: { select: ['id', 'documentId', 'steps'] } },
      })) as ExistingCase[];
      return new Map(found.map((row) => [row.invoiceDocumentId, row]));
    },

    /** New cases, with their scenario links, in a few multi-row inserts. */
    async insert(rows: NewRow[], now: Date) {
      await insertWithLinks(strapi, UID, rows, now);
    },

    /** Writes a case's columns (and its scenario, by documentId, when given). */
    async update(documentId: string, data: Entity) {
      await documents().update({ documentId, data: data as any });
    },

    /** A new case written through the Document Service (with its reminders, as `data` says). */
    async create(data: Entity) {
      await documents().create({ data: data as any });
    },

    /** The invoices of a customer's active cases. */
    async activeInvoicesOfCustomer(customerDocumentId: string): Promise<string[]> {
      const tracked = (await documents().findMany({
        filters: { customerDocumentId, state: 'active' },
        fields: ['invoiceDocumentId'] as any,
        limit: 10000,
      })) as Entity[];
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
    forecastPage: (where: Entity, lastId: number, limit: number) =>
      activePage<ForecastCaseRow>(
        where,
        ['id', 'invoiceDocumentId', 'nextStepIndex', 'lastStepDate'],
        lastId,
        limit,
        { scenario: { select: ['id'] } }
      ),

    async updateById(id: number, data: Entity) {
      await query().update({ where: { id }, data });
    },

    /** The next customers with a due case, after `after` in documentId order (an index range scan on the next action time). */
    async dueCustomers(now: Date, after: string, limit: number): Promise<string[]> {
      const rows: Array<{ customer: string }> = await strapi.db
        .connection(TABLE)
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
      return (await query().findMany({
        where: {
          customerDocumentId: { $in: customerDocumentIds },
          state: 'active',
          nextActionAt: { $lte: now },
        },
        select: ['id', 'invoiceDocumentId', 'customerDocumentId', 'nextStepIndex'],
        populate: { scenario: { select: ['id'] } },
      })) as DueCaseRow[];
    },

    /**
     * Moves cases on from step `fromStepIndex`, only while they are active and still at
     * that step: one conditional update. How many moved; fewer than `ids` means another
     * writer was first.
     */
    async advance(ids: number[], fromStepIndex: number, data: Entity): Promise<number> {
      const { count } = await query().updateMany({
        where: { id: { $in: ids }, state: { $notIn: NOT_ACTIVE }, nextStepIndex: fromStepIndex },
        data,
      });
      return count;
    },

    async updateMany(ids: number[], data: Entity) {
      await query().updateMany({ where: { id: { $in: ids } }, data });
    },
  };
};
