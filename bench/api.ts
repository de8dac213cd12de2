import { MAX_OFFSET } from '../src/plugins/dunning/shared/contracts/common';
import { latencies, percentile } from './measure';
import type { App } from './worker';

/**
 * P3, the admin and content APIs over the seeded history: each endpoint called
 * `requests` times in a row over HTTP (after a few calls to warm up), beside the SQL that
 * answers the same question, run as many times through the same connection pool.
 */

export type Latency = { p50: number; p95: number };

export type ApiReport = Array<{ name: string; path: string; plugin: Latency; sql: Latency }>;

const WARM_UP = 5;

const latency = async (requests: number, call: () => Promise<unknown>): Promise<Latency> => {
  await latencies(WARM_UP, call);
  const times = await latencies(requests, call);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
};

const SUMMARY_COLUMNS = [
  'id',
  'document_id',
  'created_at',
  'sent_at',
  'channel',
  'type',
  'trigger',
  'status',
  'status_reason',
  'customer_document_id',
  'customer_name',
  'level',
  'subject',
  'amount',
  'currency',
  'invoices',
  'recipients',
  'sender_name',
  'call_outcome',
  'message_id',
  'server_response',
  'error',
];

export const measureApis = async (
  { strapi, url, admin }: App,
  { requests, history, now }: { requests: number; history: number; now: Date }
): Promise<ApiReport> => {
  const knex = strapi.db.connection;
  const token = (
    (await strapi.service('admin::api-token').create({
      name: 'Bench reader',
      description: '',
      type: 'read-only',
      lifespan: null,
      kind: 'content-api',
    })) as { accessKey: string }
  ).accessKey;
  /**
   * One request; a connection the server closed while the bench was busy elsewhere
   * (its keep-alive timeout) is retried once on a new one, anything else is reported
   * with its cause.
   */
  const request = async <T>(path: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      try {
        return await send();
      } catch (again) {
        const cause =
          (again as { cause?: { message?: string } }).cause?.message ??
          (error as { cause?: { message?: string } }).cause?.message;
        throw new Error(`${path}: ${(again as Error).message}${cause ? ` (${cause})` : ''}`, {
          cause: again,
        });
      }
    }
  };
  const contentApi = async (path: string) => {
    const response = await request(path, () =>
      fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    );
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return response.json();
  };
  const adminGet = async (path: string) => {
    const response = await request(path, () => admin('GET', path));
    if (response.status !== 200)
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const since = new Date(now.getTime() - 365 * 86_400_000);
  const pageSize = 50;
  // Deep in the filtered list: about half of the matching rows before it, and no deeper
  // than the lists page (MAX_OFFSET rows: past it the admin API asks to narrow the filters).
  const deepPage = Math.max(
    1,
    Math.min(Math.floor((history * 0.5 * 0.8) / pageSize), Math.floor(MAX_OFFSET / pageSize))
  );
  const filtered = () =>
    knex('dunning_reminders')
      .whereIn('status', ['sent', 'delivered', 'opened'])
      .where('channel', 'email')
      .where('created_at', '>=', since);
  const capped = (query: any) =>
    knex.count('* as total').from(query.select('id').limit(100_001).as('counted'));
  const planned = () => knex('dunning_reminders').where('status', 'planned');

  const endpoints: Array<{
    name: string;
    path: string;
    plugin: () => Promise<unknown>;
    sql: () => Promise<unknown>;
  }> = [
    {
      name: 'batch view summary',
      path: '/dunning/batches',
      plugin: () => adminGet('/dunning/batches'),
      sql: async () => [
        await planned()
          .select('channel', 'customer_segment', 'level', 'currency')
          .count('* as reminders')
          .countDistinct('customer_document_id as customers')
          .sum('invoice_count as invoices')
          .sum('amount as amount')
          .groupBy('channel', 'customer_segment', 'level', 'currency'),
        await planned()
          .select('channel')
          .count('* as reminders')
          .countDistinct('customer_document_id as customers')
          .groupBy('channel'),
      ],
    },
    {
      name: 'activities, page 1',
      path: '/dunning/reminders?page=1&pageSize=20',
      plugin: () => adminGet('/dunning/reminders?page=1&pageSize=20'),
      sql: async () => [
        await knex('dunning_reminders')
          .select(SUMMARY_COLUMNS)
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(20),
        await capped(knex('dunning_reminders')),
      ],
    },
    {
      name: `activities, page ${deepPage}, filtered`,
      path: `/dunning/reminders?status=sent,delivered,opened&channel=email&from=${since.toISOString()}&page=${deepPage}&pageSize=${pageSize}`,
      plugin: () =>
        adminGet(
          `/dunning/reminders?status=sent,delivered,opened&channel=email&from=${since.toISOString()}&page=${deepPage}&pageSize=${pageSize}`
        ),
      sql: async () => [
        await filtered()
          .select(SUMMARY_COLUMNS)
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(pageSize)
          .offset((deepPage - 1) * pageSize),
        await capped(filtered()),
      ],
    },
    {
      name: 'content API history',
      path: '/api/dunning/reminders',
      plugin: () => contentApi('/api/dunning/reminders'),
      sql: async () => [
        await knex('dunning_reminders')
          .select(SUMMARY_COLUMNS)
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(25),
        await capped(knex('dunning_reminders')),
      ],
    },
  ];

  const report: ApiReport = [];
  for (const endpoint of endpoints) {
    report.push({
      name: endpoint.name,
      path: endpoint.path,
      plugin: await latency(requests, endpoint.plugin),
      sql: await latency(requests, endpoint.sql),
    });
  }
  return report;
};
