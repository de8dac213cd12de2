import fs from 'node:fs';
import path from 'node:path';

/**
 * The reminders repository is the one writer of a reminder's lifecycle: no other module
 * of the plugin's server writes a reminder's status, claim, lease or timeline. Checked on
 * the source: every write call (update, create, delete…) in a module that names the
 * reminders, outside the repository, is read for those columns.
 */

const SERVER = path.resolve(__dirname, '../../src/plugins/dunning/server/src');
const OWNER = path.join(SERVER, 'repositories', 'reminders.ts');
const LIFECYCLE_COLUMNS = /\b(status|claimedBy|claimed_by|leaseUntil|lease_until|timeline)\b/;
const WRITE =
  /\.(update|updateMany|create|createMany|delete|deleteMany|insert)\(|\b(updateEach|updateEachAtOnce|insertWithLinks)\(/g;

const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });

/** The text of the call starting at `from` (an opening parenthesis), up to its closing one. */
const callAt = (text: string, from: number) => {
  let depth = 0;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '(') depth++;
    if (text[index] === ')' && --depth === 0) return text.slice(from, index + 1);
  }
  return text.slice(from);
};

describe('the reminders repository owns the lifecycle', () => {
  it("is the only module writing a reminder's status, claim, lease or timeline", () => {
    const offenders = sources(SERVER)
      .filter((file) => file !== OWNER)
      .filter((file) =>
        /plugin::dunning\.reminder'|dunning_reminders'|\bREMINDER_(UID|TABLE)\b/.test(
          fs.readFileSync(file, 'utf8')
        )
      )
      .flatMap((file) => {
        const text = fs.readFileSync(file, 'utf8');
        return [...text.matchAll(WRITE)]
          .map((match) => callAt(text, match.index! + match[0].length - 1))
          .filter((call) => LIFECYCLE_COLUMNS.test(call))
          .map((call) => `${path.relative(SERVER, file)}: ${call.slice(0, 80)}`);
      });
    expect(offenders).toEqual([]);
  });

  it('would see such a write', () => {
    const text = "query().updateMany({ where: { id }, data: { status: 'sent' } })";
    const [match] = [...text.matchAll(WRITE)];
    expect(LIFECYCLE_COLUMNS.test(callAt(text, match.index! + match[0].length - 1))).toBe(true);
  });
});

/**
 * The repositories are the only code that touches the database: no `strapi.db` query or
 * transaction, knex connection or Document Service call (nor their typed forms,
 * repositories/sql/typed-strapi.ts) anywhere else in the server,
 * whatever it reads (the plugin's tables, the mapped receivables, Strapi's own).
 */
const REPOSITORIES = path.join(SERVER, 'repositories');
const DATA_ACCESS =
  /strapi\.db\.(query|connection|transaction|inTransaction)\b|\.connection\.raw\b|strapi\.documents\(|\bgetConnection\b|\b(queryOf|documentsOf)\(/;

describe('the repositories own the database', () => {
  it('leaves no database access outside server/src/repositories', () => {
    const offenders = sources(SERVER)
      .filter((file) => !file.startsWith(REPOSITORIES + path.sep))
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            DATA_ACCESS.test(line)
              ? [`${path.relative(SERVER, file)}:${index + 1}: ${line.trim().slice(0, 80)}`]
              : []
          )
      );
    expect(offenders).toEqual([]);
  });

  it.each([
    "strapi.db.query('plugin::dunning.case').findMany({})",
    "strapi.db.connection('invoices').where('id', 1)",
    "knex.connection.raw('select 1')",
    "strapi.documents('api::invoice.invoice').update({ documentId, data })",
    'strapi.db.getConnection()',
    'await strapi.db.transaction(async () => {})',
    'if (!strapi.db.inTransaction()) return run();',
  ])('would see %s', (text) => {
    expect(DATA_ACCESS.test(text)).toBe(true);
  });

  /** A knex handed in from elsewhere on a plugin table (`dunning_*`, `plugin::dunning.*`) is database access too. */
  const PLUGIN_TABLE = /plugin::dunning\.[a-z-]+|\bdunning_[a-z_]+/;
  const QUERY_BUILDER = /strapi\.db\b|\.connection\b|\bdocuments\(|\bknex\b/;

  it("leaves no query builder on the plugin's tables outside server/src/repositories", () => {
    const offenders = sources(SERVER)
      .filter((file) => !file.startsWith(REPOSITORIES + path.sep))
      .filter((file) => {
        const text = fs.readFileSync(file, 'utf8');
        return PLUGIN_TABLE.test(text) && QUERY_BUILDER.test(text);
      })
      .map((file) => path.relative(SERVER, file));
    expect(offenders).toEqual([]);
  });

  it('would see such a query builder', () => {
    const text = "knex('dunning_cases').where({ state: 'active' })";
    expect(PLUGIN_TABLE.test(text) && QUERY_BUILDER.test(text)).toBe(true);
  });
});
