import type { Core } from '@strapi/strapi';

/**
 * A write the database refuses, as it would one breaking a constraint of the team's own
 * or hitting a full disk: a trigger on `table` that raises an error for the rows `when`
 * picks (SQL on `NEW`, and `OLD` for updates), on SQLite and PostgreSQL alike. The
 * plugin's code runs unchanged; `remove` drops the trigger.
 */
export type RefusedWrite = { message: string; remove: () => Promise<void> };

const MESSAGE = 'write refused by the test';
let counter = 0;

export const refuseWrite = async (
  strapi: Core.Strapi,
  { table, on, when }: { table: string; on: 'insert' | 'update'; when: string }
): Promise<RefusedWrite> => {
  const knex = strapi.db.connection;
  const name = `dunning_test_refuse_${++counter}`;
  if (strapi.db.dialect.client === 'postgres') {
    await knex.raw(
      `create function ${name}() returns trigger language plpgsql as $$ begin raise exception '${MESSAGE}'; end $$`
    );
    await knex.raw(
      `create trigger ${name} before ${on} on ${table} for each row when (${when}) execute function ${name}()`
    );
    return {
      message: MESSAGE,
      remove: async () => {
        await knex.raw(`drop trigger ${name} on ${table}`);
        await knex.raw(`drop function ${name}()`);
      },
    };
  }
  await knex.raw(
    `create trigger ${name} before ${on} on ${table} for each row when ${when} begin select raise(abort, '${MESSAGE}'); end`
  );
  return { message: MESSAGE, remove: async () => void (await knex.raw(`drop trigger ${name}`)) };
};
