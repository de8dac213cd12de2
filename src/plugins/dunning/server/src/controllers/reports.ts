import type { Core } from '@strapi/strapi';

import { reportSchema } from '../../../shared/contracts/reports';
import { parseOrThrow } from '../utils/errors';
import { getPluginService } from '../utils/plugin';

/** Reports (SPEC F6.3), as JSON for the page or as a CSV download (`format=csv`). */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async show(ctx) {
      const { format, ...query } = parseOrThrow(reportSchema, ctx.query);
      const reports = getPluginService(strapi, 'reports');
      const report = await reports.build(query);
      if (format === 'json') {
        ctx.body = { data: report };
        return;
      }
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set(
        'Content-Disposition',
        `attachment; filename="dunning-report-${report.range.from}-${report.range.to}.csv"`
      );
      ctx.body = reports.toCsv(report);
    },
  }) satisfies Core.Controller;
