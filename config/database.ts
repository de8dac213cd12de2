import path from 'path';

/**
 * SQLite (a file under .tmp/) by default. PostgreSQL when DATABASE_URL is set or
 * DATABASE_CLIENT=postgres with the usual DATABASE_* fields.
 */
export default ({ env }) => {
  const url = env('DATABASE_URL');
  const client = url ? 'postgres' : env('DATABASE_CLIENT', 'sqlite');

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url, ssl: env.bool('DATABASE_SSL', false) }
          : {
              host: env('DATABASE_HOST', 'localhost'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'strapi'),
              user: env('DATABASE_USERNAME', 'strapi'),
              password: env('DATABASE_PASSWORD', 'strapi'),
              schema: env('DATABASE_SCHEMA', 'public'),
              ssl: env.bool('DATABASE_SSL', false),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
      },
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    };
  }

  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // Write-ahead logging: readers no longer wait for a writer, and a commit is one
        // append to the log (with its sync) instead of a rollback journal's several.
        afterCreate: (connection, done) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma(`synchronous = ${env('DATABASE_SQLITE_SYNCHRONOUS', 'FULL')}`);
          done(null, connection);
        },
      },
    },
  };
};
