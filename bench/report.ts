import type { DatabaseKind, Scale } from './options';
import type { MeasureReport } from './phase-measure';
import type { SeedReport } from './phase-seed';

/** The figures of one run as a Markdown table, each beside its baseline and its goal. */

export type BenchReport = {
  startedAt: string;
  minutes: number;
  scale: Scale;
  machine: { cpus: number; cpu: string; memoryGb: number; node: string; platform: string };
  results: Array<{ database: DatabaseKind; seed: SeedReport; measured: MeasureReport }>;
};

const NAMES: Record<DatabaseKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const ratio = (value: number) => `${value.toFixed(2)}×`;
/** A figure with a goal is met or missed; one without (null) is reported only. */
const verdict = (met: boolean | null) => (met === null ? '—' : met ? 'met' : '**missed**');

type Cells = { plugin: string; baseline: string; ratio: string; met: boolean | null };
type Taken = Exclude<keyof MeasureReport, 'failures'>;
/** The figures a row reads: its own measure, taken (a row is rendered only then). */
type Measured = { [K in Taken]: NonNullable<MeasureReport[K]> };
type Row = {
  measure: string | ((measured: Measured) => string);
  goal: string;
  taken: Taken;
  cells: (measured: Measured) => Cells;
};

const ROWS: Row[] = [
  {
    measure: 'P1 tick, wall time (median)',
    taken: 'tick',
    goal: '≤ 1.5× baseline, ≤ 5 s',
    cells: ({ tick }) => {
      const r = tick.plugin.medianMs / tick.baseline.medianMs;
      return {
        plugin: ms(tick.plugin.medianMs),
        baseline: ms(tick.baseline.medianMs),
        ratio: ratio(r),
        met: r <= 1.5 && tick.plugin.medianMs <= 5000,
      };
    },
  },
  {
    measure: 'P1 tick, peak RSS',
    taken: 'tick',
    goal: '≤ 400 MB',
    cells: ({ tick }) => ({
      plugin: `${int(tick.plugin.peakRssMb)} MB`,
      baseline: `${int(tick.baseline.peakRssMb)} MB`,
      ratio: ratio(tick.plugin.peakRssMb / tick.baseline.peakRssMb),
      met: tick.plugin.peakRssMb <= 400,
    }),
  },
  {
    measure: 'P2 sending, messages/s (median)',
    taken: 'send',
    goal: '≥ 0.8× raw',
    cells: ({ send }) => {
      const r = send.plugin.perSecond / send.raw.perSecond;
      return {
        plugin: int(send.plugin.perSecond),
        baseline: int(send.raw.perSecond),
        ratio: ratio(r),
        met: r >= 0.8,
      };
    },
  },
  ...[0, 1, 2, 3].map((index): Row => ({
    measure: ({ apis }) =>
      `P3 ${apis[index].name} (\`GET ${apis[index].path.split('?')[0]}\`), p50 / p95`,
    goal: 'p95 ≤ 150 ms',
    taken: 'apis',
    cells: ({ apis }) => {
      const api = apis[index];
      return {
        plugin: `${ms(api.plugin.p50)} / ${ms(api.plugin.p95)}`,
        baseline: `${ms(api.sql.p50)} / ${ms(api.sql.p95)}`,
        ratio: ratio(api.plugin.p95 / api.sql.p95),
        met: api.plugin.p95 <= 150,
      };
    },
  })),
  {
    measure: 'P4 rendering, messages/s (median)',
    taken: 'render',
    goal: '≥ 20,000/s',
    cells: ({ render }) => ({
      plugin: int(render.plugin.perSecond),
      baseline: int(render.handlebars.perSecond),
      ratio: ratio(render.plugin.perSecond / render.handlebars.perSecond),
      met: render.plugin.perSecond >= 20_000,
    }),
  },
  ...[0, 1].map((index): Row => ({
    measure: ({ portal }) =>
      `Portal, ${int(portal.invoices)} open invoices: ${portal.pages[index].name} (\`GET /api/dunning/portal/:token\`), p50 / p95`,
    goal: 'p95 ≤ 300 ms',
    taken: 'portal',
    cells: ({ portal }) => {
      const page = portal.pages[index];
      return {
        plugin: `${ms(page.plugin.p50)} / ${ms(page.plugin.p95)}`,
        baseline: `${ms(page.sql.p50)} / ${ms(page.sql.p95)}`,
        ratio: ratio(page.plugin.p95 / page.sql.p95),
        met: page.plugin.p95 <= 300,
      };
    },
  })),
  {
    measure: ({ portal }) =>
      `Portal statement PDF, made (after a payment; median of ${portal.statement.madeRuns}, ${int(portal.statement.bytes / 1024)} KB) — baseline: the SQL read of its rows, p50`,
    goal: 'reported',
    taken: 'portal',
    cells: ({ portal }) => ({
      plugin: ms(portal.statement.madeMs),
      baseline: ms(portal.statement.sql.p50),
      ratio: ratio(portal.statement.madeMs / portal.statement.sql.p50),
      met: null,
    }),
  },
  {
    measure:
      'Portal statement PDF, kept (the same customer and day), p50 / p95 — baseline: the SQL read of its rows',
    goal: 'reported',
    taken: 'portal',
    cells: ({ portal }) => {
      const { kept, sql } = portal.statement;
      return {
        plugin: `${ms(kept.p50)} / ${ms(kept.p95)}`,
        baseline: `${ms(sql.p50)} / ${ms(sql.p95)}`,
        ratio: ratio(kept.p95 / sql.p95),
        met: null,
      };
    },
  },
];

export const printReport = (report: BenchReport): string => {
  const { scale, machine, results } = report;
  const lines = [
    `## Bench, ${scale.mode} mode — ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${report.minutes.toFixed(1)} min`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, ${machine.platform}, Node ${machine.node}.`,
    `Data: ${int(scale.invoices)} invoices, ${int(scale.customers)} customers (${scale.contactsPerCustomer} contacts each), the 5-step default scenario, ${int(scale.history)} reminders of history;` +
      ` P2 sends ${int(scale.mails)} e-mails; P1 and P2 medians of ${scale.runs} runs after ${scale.warmUps === 1 ? 'a warm-up run' : `${scale.warmUps} warm-up runs`} of each side, P3 percentiles of ${scale.requests} requests.`,
    '',
  ];
  for (const { database, seed, measured } of results) {
    const tick = measured.tick
      ? ` → ${int(measured.tick.reminders)} reminders a tick (plugin and baseline wrote the same rows: ${measured.tick.sameRows ? 'yes' : '**no**'})`
      : '';
    lines.push(
      `${NAMES[database]}: ${int(seed.cases.active)} active cases, ${int(seed.cases.due)} due${tick};` +
        ` seeded in ${ms(seed.seedMs)}, re-sync of the cases ${ms(seed.resync.ms)}, history in ${ms(seed.historyMs)}.`
    );
  }
  lines.push(
    '',
    `| measure | goal | ${results.map(({ database }) => `${NAMES[database]} plugin | baseline | ratio | goal met`).join(' | ')} |`
  );
  lines.push(`| --- | --- | ${results.map(() => '---: | ---: | ---: | ---').join(' | ')} |`);
  for (const row of ROWS) {
    const named = results.find(({ measured }) => measured[row.taken]);
    if (!named) continue;
    const name =
      typeof row.measure === 'string' ? row.measure : row.measure(named.measured as Measured);
    const cells = results.map(({ measured }) => {
      if (!measured[row.taken]) return 'failed | | |';
      const cell = row.cells(measured as Measured);
      return `${cell.plugin} | ${cell.baseline} | ${cell.ratio} | ${verdict(cell.met)}`;
    });
    lines.push(`| ${name} | ${row.goal} | ${cells.join(' | ')} |`);
  }
  for (const { database, measured } of results) {
    for (const [measure, failure] of Object.entries(measured.failures ?? {}))
      lines.push('', `${NAMES[database]}, ${measure} failed:`, '```', String(failure), '```');
  }
  return `${lines.join('\n')}\n`;
};
