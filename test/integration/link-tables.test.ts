import type { Core } from '@strapi/strapi';

import { CASE_UID, REMINDER_UID } from '../../src/plugins/dunning/server/src/content-types/uids';
import { linkTableOf } from '../../src/plugins/dunning/server/src/repositories/sql/typed-strapi';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * The bulk writes (repositories/sql/bulk.ts), the joined reads (sql/entity-read.ts) and
 * the activities' sender filter write and read Strapi's relation link tables as its
 * database metadata describes them, through `linkTableOf`: the metadata is not part of
 * Strapi's public API, so an upgrade that changes its shape must fail here, not in a
 * planning round.
 */
describe.each(DATABASES)("Strapi's link tables on %s", (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;

  beforeAll(async () => {
    app = await startStrapi({ database });
    strapi = app.strapi;
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** Strapi's join-column keys of a link table, read by `linkTableOf`. */
  const columns = (owner: string, target: string) => ({
    joinColumn: { name: `${owner}_id`, referencedColumn: 'id' },
    inverseJoinColumn: { name: `${target}_id`, referencedColumn: 'id' },
  });

  it("describes the reminder's and the case's relations as the bulk writes expect", () => {
    expect({
      reminderCases: linkTableOf(strapi, REMINDER_UID, 'cases'),
      reminderSender: linkTableOf(strapi, REMINDER_UID, 'sender'),
      reminderTemplate: linkTableOf(strapi, REMINDER_UID, 'template'),
      reminderScenario: linkTableOf(strapi, REMINDER_UID, 'scenario'),
      caseScenario: linkTableOf(strapi, CASE_UID, 'scenario'),
    }).toEqual({
      reminderCases: {
        name: 'dunning_reminders_cases_lnk',
        ...columns('reminder', 'case'),
        orderColumnName: 'case_ord',
        inverseOrderColumnName: 'reminder_ord',
      },
      reminderSender: {
        name: 'dunning_reminders_sender_lnk',
        ...columns('reminder', 'user'),
      },
      reminderTemplate: {
        name: 'dunning_reminders_template_lnk',
        ...columns('reminder', 'template'),
      },
      reminderScenario: {
        name: 'dunning_reminders_scenario_lnk',
        ...columns('reminder', 'scenario'),
      },
      caseScenario: {
        name: 'dunning_cases_scenario_lnk',
        ...columns('case', 'scenario'),
      },
    });
  });

  it('names columns that the link tables have', async () => {
    for (const [uid, attribute] of [
      [REMINDER_UID, 'cases'],
      [REMINDER_UID, 'sender'],
      [CASE_UID, 'scenario'],
    ] as const) {
      const link = linkTableOf(strapi, uid, attribute);
      const found = Object.keys(await strapi.db.connection(link.name).columnInfo());
      expect(found).toEqual(
        expect.arrayContaining(
          [
            link.joinColumn.name,
            link.inverseJoinColumn.name,
            link.orderColumnName,
            link.inverseOrderColumnName,
          ].filter((column): column is string => column !== undefined)
        )
      );
    }
  });

  it('refuses an attribute kept in a column of its own table', () => {
    expect(() => linkTableOf(strapi, REMINDER_UID, 'status')).toThrow(
      'plugin::dunning.reminder.status is not a relation kept in a link table'
    );
  });
});
