import type { Core } from '@strapi/strapi';

import type { PauseInput } from '../../../shared/contracts/customers';
import { pauseEndProblem } from '../domain/pause';
import {
  customerSettingsRepository,
  NO_PAUSE,
  type Pause,
} from '../repositories/customer-settings';
import { invalidInput, notFound } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/**
 * A customer's pause and account owner, checked before they are written (the table is
 * repositories/customer-settings.ts): a pause until a day, with its reason, and the
 * account owner (the id of an admin holding `send`), the default sender of its automatic
 * reminders.
 */

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const repository = customerSettingsRepository(strapi);

  const customerOrFail = async (customerDocumentId: string) => {
    const customer = await getPluginService(strapi, 'receivables').findCustomer(customerDocumentId);
    if (!customer) throw notFound('Customer');
    return customer;
  };

  return {
    /**
     * Pauses a customer's dunning until a day after its today (a year and a day ahead at
     * most), or ends the pause (`null`). Its cases are looked at again at once: the tick
     * moves a paused one to the day the pause ends, a resumed one back to its step.
     */
    async setPause(
      customerDocumentId: string,
      pause: PauseInput | null,
      now = new Date()
    ): Promise<Pause> {
      const customer = await customerOrFail(customerDocumentId);
      if (pause) {
        const problem = pauseEndProblem(
          pause.until,
          getPluginService(strapi, 'messages').todayFor(customer, now)
        );
        if (problem) throw invalidInput([{ path: 'until', message: problem }]);
      }
      const settings = pause ? { pausedUntil: pause.until, pauseReason: pause.reason } : NO_PAUSE;
      await repository.write(customerDocumentId, settings);
      await getPluginService(strapi, 'cases').lookAgain(customerDocumentId, now);
      return settings;
    },

    /** Gives a customer an account owner (an active admin holding `send`), or none (`null`). */
    async setOwner(
      customerDocumentId: string,
      ownerId: number | null
    ): Promise<{ ownerId: number | null }> {
      await customerOrFail(customerDocumentId);
      if (ownerId !== null && !(await getPluginService(strapi, 'senders').findSender(ownerId))) {
        throw invalidInput([
          {
            path: 'ownerId',
            message: `admin ${ownerId} is not an active admin holding plugin::dunning.send`,
          },
        ]);
      }
      await repository.write(customerDocumentId, { ownerId });
      return { ownerId };
    },

    /** "My accounts": the documentIds of the customers `ownerId` owns, as a subquery for the lists' SQL. */
    ownedBy: repository.ownedBy,
  };
};
