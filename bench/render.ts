import type { Core } from '@strapi/strapi';
import Handlebars from 'handlebars';

import { median } from './measure';

/**
 * P4, rendering: messages per second of the template service (`templates.render`, as
 * `messages.compose` calls it for a saved template: the
 * subject, the HTML and text bodies with their invoice table and portal button, every
 * value escaped) on a typical reminder — the predefined "Reminder 1" e-mail to a
 * customer with three open invoices, its data built once — beside the same template
 * precompiled once with Handlebars alone, rendering the subject and the body.
 */

export type RenderReport = {
  renders: number;
  plugin: { runs: number[]; perSecond: number };
  handlebars: { runs: number[]; perSecond: number };
};

const rate = (count: number, work: () => void) => {
  const start = performance.now();
  for (let index = 0; index < count; index++) work();
  return (count * 1000) / (performance.now() - start);
};

export const measureRender = async (
  strapi: Core.Strapi,
  { renders, runs, now }: { renders: number; runs: number; now: Date }
): Promise<RenderReport> => {
  const service = (name: string) => strapi.plugin('dunning').service(name);
  const [template] = (await strapi.db
    .query('plugin::dunning.template' as any)
    .findMany({ where: { predefinedKey: 'reminder-1.email.fr' } })) as any[];
  const [{ customer_document_id: customerDocumentId }] = await strapi.db
    .connection('dunning_cases')
    .select('customer_document_id')
    .where('state', 'active')
    .groupBy('customer_document_id')
    .havingRaw('count(*) >= 3')
    .limit(1);
  const invoices = (await service('receivables').openInvoicesOfCustomer(customerDocumentId)).slice(
    0,
    3
  );
  const sender = { id: 1, firstname: 'Louise', lastname: 'Bernard', email: 'louise@ourco.test' };
  const context = await service('messages').contextFor({
    customer: invoices[0].customer,
    invoices,
    sender,
    recipient: 'ap@customer.test',
    now,
  });

  const hb = Handlebars.create();
  hb.registerHelper('invoicesTable', () => '');
  hb.registerHelper('accessInvoicesButton', () => '');
  const subject = hb.compile(template.subject);
  const body = hb.compile(template.body);

  // A saved template, compiled once per version: the source and cache key compose gives it.
  const source = {
    channel: template.channel,
    subject: template.subject,
    body: template.body,
    locale: template.locale,
  };
  const version = `${template.documentId}:${template.updatedAt}`;

  const plugin: number[] = [];
  const handlebars: number[] = [];
  for (let run = 0; run < runs; run++) {
    plugin.push(rate(renders, () => service('templates').render(source, context, version)));
    handlebars.push(
      rate(renders, () => {
        subject(context);
        body(context);
      })
    );
  }
  return {
    renders,
    plugin: { runs: plugin, perSecond: median(plugin) },
    handlebars: { runs: handlebars, perSecond: median(handlebars) },
  };
};
