import type { Core } from '@strapi/strapi';
import { pauseEndProblem } from '../domain/pause';
import { isUniqueViolation } from '../repositories/sql/db';
import { invalidInput, notFound } from '../utils/errors';
import { getPluginService } from '../utils/plugin';
import type { PauseInput } from '../validation/pause';

/**
 * What the plugin keeps about a customer of the mapped type, in its own content type
 * (`dunning_customer_settings`, one row per customer documentId), so the host's model
 * needs no field for it: a pause until a day, with its reason, and the account owner (the
 * id of an admin holding `send`), who is the default sender of its automatic reminders.
 * The owner is an id rather than a relation so that "My accounts" is one indexed column
 * in the lists' SQL.
 */

const UID = 'plugin::dunning.customer-setting';

export type Pause = { pausedUntil: string | null; pauseReason: string | null };

export type CustomerSettings = Pause & { ownerId: number | null };

const NO_PAUSE: Pause = { pausedUntil: null, pauseReason: null };
const NONE: CustomerSettings = { ...NO_PAUSE, ownerId: null };

/** `YYYY-MM-DD` from SQLite and PostgreSQL alike. */
const dayOf = (value: unknown): string | null => (value ? (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10) : null);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID as any);

  const customerOrFail = async (customerDocumentId: string) => {
    const customer = await getPluginService(strapi, 'receivables').findCustomer(customerDocumentId);
    if (!customer) throw notFound('Customer');
    return customer;
  };

  const write = async (customerDocumentId: string, data: Partial<CustomerSettings>) => {
    // The query engine adds its timestamps to the data it is given: give it a copy. Of two
    // first writes at once, the unique index lets one create the row; the other updates it.
    const update = () => query().updateMany({ where: { customerDocumentId }, data: { ...data } });
    if ((await update()).count > 0) return;
    try {
      await query().create({ data: { customerDocumentId, ...data } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await update();
    }
  };

  return {
    /** The settings of these customers, by documentId (every one asked for, with nothing set when none). */
    async ofCustomers(customerDocumentIds: string[]): Promise<Map<string, CustomerSettings>> {
      const found = new Map(customerDocumentIds.map((documentId) => [documentId, NONE]));
      if (customerDocumentIds.length === 0) return found;
      const rows = (await query().findMany({ where: { customerDocumentId: { $in: [...found.keys()] } }, select: ['customerDocumentId', 'pausedUntil', 'pauseReason', 'ownerId'] })) as any[];
      for (const row of rows) found.set(row.customerDocumentId, { pausedUntil: dayOf(row.pausedUntil), pauseReason: row.pauseReason ?? null, ownerId: row.ownerId ?? null });
      return found;
    },

    /**
     * Pauses a customer's dunning until a day after its today (a year and a day ahead at
     * most), or ends the pause (`null`). Its cases are looked at again at once: the tick
     * moves a paused one to the day the pause ends, a resumed one back to its step.
     */
    async setPause(customerDocumentId: string, pause: PauseInput | null, now = new Date()): Promise<Pause> {
      const customer = await customerOrFail(customerDocumentId);
      if (pause) {
        const problem = pauseEndProblem(pause.until, getPluginService(strapi, 'messages').todayFor(customer, now));
        if (problem) throw invalidInput([{ path: 'until', message: problem }]);
      }
      const settings = pause ? { pausedUntil: pause.until, pauseReason: pause.reason } : NO_PAUSE;
      await write(customerDocumentId, settings);
      await getPluginService(strapi, 'cases').lookAgain(customerDocumentId, now);
      return settings;
    },

    /** Gives a customer an account owner (an active admin holding `send`), or none (`null`). */
    async setOwner(customerDocumentId: string, ownerId: number | null): Promise<{ ownerId: number | null }> {
      await customerOrFail(customerDocumentId);
      if (ownerId !== null && !(await getPluginService(strapi, 'senders').findSender(ownerId))) {
        throw invalidInput([{ path: 'ownerId', message: `admin ${ownerId} is not an active admin holding plugin::dunning.send` }]);
      }
      await write(customerDocumentId, { ownerId });
      return { ownerId };
    },

    /** "My accounts": the documentIds of the customers `ownerId` owns, as a subquery for the lists' SQL. */
    ownedBy(ownerId: number) {
      return strapi.db.connection('dunning_customer_settings').select('customer_document_id').where('owner_id', ownerId);
    },
  };
};
