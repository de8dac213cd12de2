import type { Core } from '@strapi/strapi';

import type { MessageFormat } from '../../../shared/vocabulary';
import type { Mailbox } from '../domain/addresses';
import { todayIn } from '../domain/dates';
import { type Letter, toLetter } from '../domain/message-layout';
import { mergeRecipients, recipientsOfInvoice } from '../domain/recipients';
import type { CustomerRecord, InvoiceRecord, TemplateRecord } from '../domain/records';
import type { TemplateContext } from '../domain/template-context';
import { languageOf, siblingKey } from '../domain/template-language';
import { templateRepository } from '../repositories/templates';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { Channel, RenderedMessage, TemplateSource } from './templates';

/**
 * What every reminder message is made of, whoever sends it (the pop-up, a batch, the
 * engine): the recipients of a selection (F1.3), the template data formatted for the
 * customer (F2.2), the template in the customer's language, and the From/Reply-To of
 * the admin it goes out in the name of. `compose` is the one step that renders a
 * message, for every path.
 */

export type Person = {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  email: string;
};

export const personName = (user: Pick<Person, 'firstname' | 'lastname' | 'email'>) =>
  [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email;

/** The sender fields of a reminder: the admin it goes out in the name of (or nobody). */
export const senderFields = (sender: Person | null) => ({
  sender: sender?.id ?? null,
  senderName: sender ? personName(sender) : null,
  senderEmail: sender?.email ?? null,
});

/** The columns of an e-mail queued now outside the scenario's steps (bulk reminders, statements, thank-yous). */
export const queuedEmailFields = (now: Date) => ({
  channel: 'email' as const,
  countsInScenario: false,
  attempts: 0,
  queuedAt: now,
});

/** The customer fields of a reminder, kept on it for the history and the batch view's groups. */
export const customerFields = (
  customer: Pick<CustomerRecord, 'documentId' | 'name' | 'segment'>
) => ({
  customerDocumentId: customer.documentId,
  customerName: customer.name,
  customerSegment: customer.segment,
});

/** Whom a message is for and from: what its template data is made of. */
export type MessageFor = {
  customer: CustomerRecord;
  invoices: InvoiceRecord[];
  sender: Person;
  /** The contact's address the message goes to; null: the selection's first. */
  recipient: string | null;
  now: Date;
  /** Replaces the customer's signed portal link ('' where none is printed). */
  portalUrl?: string;
};

/**
 * The text of a message: a saved template, taken in the customer's language; or the
 * pop-up's text as the person wrote it (in its template's locale), its template kept to
 * reuse the compiled template while the text is the template's own.
 */
export type MessageText =
  | { template: TemplateRecord }
  | {
      written: { channel: Channel; format?: MessageFormat; subject?: string | null; body: string };
      template: TemplateRecord | null;
    };

/** A message composed: its rendered forms, its template data, and as a letter to print. */
export type ComposedMessage = RenderedMessage & { context: TemplateContext; letter: Letter };

/** How a saved template is taken in a customer's language (the engine's rounds remember it). */
export type Localize = (
  template: TemplateRecord,
  customerLocale: string | null
) => Promise<TemplateRecord>;

/** What renders a message, and its compile-cache key (templates.render); `asText`: the clerk's text, not a template. */
type Source = { source: TemplateSource; cacheKey?: string; asText?: boolean };

/** The compile-cache key of a saved template's version. */
const versionOf = (template: TemplateRecord) => `${template.documentId}:${template.updatedAt}`;

/** A saved template: compiled once per version. */
const savedSource = (template: TemplateRecord): Source => ({
  source: {
    channel: template.channel as Channel,
    subject: template.subject,
    body: template.body,
    locale: template.locale,
  },
  cacheKey: versionOf(template),
});

/** The pop-up's text, in its template's locale (else the customer's): compiled once per template version while it is the template's own, for this message only once edited. */
const writtenSource = (
  { written, template }: Extract<MessageText, { written: unknown }>,
  customer: Pick<CustomerRecord, 'locale'>
): Source => ({
  source: {
    channel: written.channel,
    subject: written.subject,
    body: written.body,
    locale: template?.locale ?? (customer.locale || 'fr-FR'),
  },
  cacheKey: template && template.body === written.body ? versionOf(template) : undefined,
  asText: written.format === 'text',
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);

  const portalUrl = (customer: CustomerRecord) => service('portal').linkFor(customer.documentId);

  return {
    /** The F1.3 recipients of a selection: each invoice's addresses, once each. */
    recipientsOf(invoices: InvoiceRecord[]) {
      return mergeRecipients(invoices.map(recipientsOfInvoice));
    },

    /** "Today" for a customer: in its timezone, else the engine's. */
    todayFor(customer: Pick<CustomerRecord, 'timezone'>, now: Date) {
      return todayIn(this.timezoneOf(customer), now);
    },

    timezoneOf(customer: Pick<CustomerRecord, 'timezone'>) {
      return customer.timezone || getPluginConfig(strapi).cron.timezone;
    },

    /**
     * The template data of a selection, formatted for the customer; `portalUrl` replaces
     * the customer's signed link.
     */
    async contextFor({
      customer,
      invoices,
      sender,
      recipient,
      now,
      portalUrl: link,
    }: MessageFor): Promise<TemplateContext> {
      const settings = await service('settings').get();
      const contact = invoices[0]?.contact ?? customer.favouriteContact;
      return service('templates').buildContext({
        locale: customer.locale || 'fr-FR',
        today: this.todayFor(customer, now),
        customer,
        contact: contact
          ? {
              name: contact.name,
              email: recipient ?? this.recipientsOf(invoices).recipients[0]?.address ?? null,
            }
          : null,
        sender: { name: personName(sender), email: sender.email },
        company: settings.company,
        invoices,
        portalUrl: link ?? portalUrl(customer),
        lateFees: settings.lateFees,
      });
    },

    /**
     * The template to use for a customer: a predefined template is swapped for its
     * sibling in the customer's language when there is one; a custom one is used as is.
     */
    async localized(
      template: TemplateRecord,
      customerLocale: string | null
    ): Promise<TemplateRecord> {
      const language = languageOf(customerLocale);
      if (
        !template.isPredefined ||
        !template.predefinedKey ||
        !language ||
        template.locale === language
      )
        return template;
      const sibling = await templateRepository(strapi).findByPredefinedKey(
        siblingKey(template.predefinedKey, language),
        true
      );
      return sibling ?? template;
    },

    /**
     * A message, whoever sends it (the engine, a batch, the pop-up): its text in the
     * customer's language, the template data for whom it is, rendered (a saved template
     * compiled once per version). `localize`: how a saved template is taken in the
     * customer's language, `localized` unless the caller remembers it.
     */
    async compose(
      text: MessageText,
      to: MessageFor,
      localize: Localize = (template, locale) => this.localized(template, locale)
    ): Promise<ComposedMessage> {
      const context = await this.contextFor(to);
      const { source, cacheKey, asText } =
        'written' in text
          ? writtenSource(text, to.customer)
          : savedSource(await localize(text.template, to.customer.locale));
      const rendered = asText
        ? service('templates').renderText(source, context)
        : service('templates').render(source, context, cacheKey);
      return {
        ...rendered,
        context,
        letter: toLetter(rendered.subject, rendered.letterParts, context, source.locale),
      };
    },

    /** From: the configured address under the admin's name; Reply-To: the admin. */
    async mailboxesOf(sender: Person): Promise<{ from: Mailbox; replyTo: Mailbox }> {
      const settings = await service('settings').get();
      return {
        from: {
          name: `${personName(sender)} – ${settings.company.name}`,
          address: service('mailer').defaultFrom()!.address,
        },
        replyTo: { name: personName(sender), address: sender.email },
      };
    },
  };
};
