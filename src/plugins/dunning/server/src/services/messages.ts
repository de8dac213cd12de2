import type { Core } from '@strapi/strapi';
import { templateRepository } from '../repositories/templates';
import type { Mailbox } from '../domain/addresses';
import { todayIn } from '../domain/dates';
import { mergeRecipients, recipientsOfInvoice } from '../domain/recipients';
import type { TemplateContext } from '../domain/template-context';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { CustomerRecord, InvoiceRecord } from '../domain/records';

/**
 * What every reminder message is made of, whoever sends it (the pop-up, a batch, the
 * engine): the recipients of a selection (F1.3), the template data formatted for the
 * customer (F2.2), the template in the customer's language, and the From/Reply-To of
 * the admin it goes out in the name of.
 */

export type Person = { id: number; firstname?: string | null; lastname?: string | null; email: string };

export const personName = (user: Pick<Person, 'firstname' | 'lastname' | 'email'>) =>
  [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email;

/** The sender fields of a reminder: the admin it goes out in the name of (or nobody). */
export const senderFields = (sender: Person | null) => ({
  sender: sender?.id ?? null,
  senderName: sender ? personName(sender) : null,
  senderEmail: sender?.email ?? null,
});

/** The customer fields of a reminder, kept on it for the history and the batch view's groups. */
export const customerFields = (customer: Pick<CustomerRecord, 'documentId' | 'name' | 'segment'>) => ({
  customerDocumentId: customer.documentId,
  customerName: customer.name,
  customerSegment: customer.segment,
});

export type MessageTemplate = { documentId: string; updatedAt: string; isPredefined?: boolean; predefinedKey?: string | null; locale: string; channel: string; subject?: string | null; body: string };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) => getPluginService(strapi, name);

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
     * the customer's signed link (an inert one, for a preview by someone who may not send).
     */
    async contextFor({ customer, invoices, sender, recipient, now, portalUrl: link }: { customer: CustomerRecord; invoices: InvoiceRecord[]; sender: Person; recipient: string | null; now: Date; portalUrl?: string }): Promise<TemplateContext> {
      const settings = await service('settings').get();
      const contact = invoices[0]?.contact ?? customer.favouriteContact;
      return service('templates').buildContext({
        locale: customer.locale || 'fr-FR',
        today: this.todayFor(customer, now),
        customer,
        contact: contact ? { name: contact.name, email: recipient ?? this.recipientsOf(invoices).recipients[0]?.address ?? null } : null,
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
    async localized<T extends MessageTemplate>(template: T, customerLocale: string | null): Promise<T> {
      const language = (customerLocale || '').slice(0, 2).toLowerCase();
      if (!template.isPredefined || !template.predefinedKey || !language || template.locale === language) return template;
      const key = template.predefinedKey.replace(/\.[a-z]{2}$/, `.${language}`);
      const sibling = await templateRepository(strapi).findByPredefinedKey(key, true);
      return (sibling as T | null) ?? template;
    },

    /** Renders a saved template (compiled once per version) on a context. */
    render(template: MessageTemplate, context: TemplateContext) {
      return service('templates').render(
        { channel: template.channel as 'email' | 'letter' | 'phone', subject: template.subject, body: template.body, locale: template.locale },
        context,
        `${template.documentId}:${template.updatedAt}`
      );
    },

    /** From: the configured address under the admin's name; Reply-To: the admin. */
    async mailboxesOf(sender: Person): Promise<{ from: Mailbox; replyTo: Mailbox }> {
      const settings = await service('settings').get();
      return {
        from: { name: `${personName(sender)} – ${settings.company.name}`, address: service('mailer').defaultFrom()!.address },
        replyTo: { name: personName(sender), address: sender.email },
      };
    },
  };
};
