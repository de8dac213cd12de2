import type { Core } from '@strapi/strapi';

import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';
import facture from '../install/host-model/facture.json';
import interlocuteur from '../install/host-model/interlocuteur.json';
import societe from '../install/host-model/societe.json';

/**
 * A team's own model (test/install/host-model: French names, draft & publish on the
 * invoices) mapped by its required fields only, as the plugin README's minimal mapping
 * does. The invoice model also has an attribute called `paymentUrl`, which the mapping
 * does not name: it is not mapped, so the portal offers no Pay now.
 */
const HOST_MODEL = {
  facture: { ...facture, attributes: { ...facture.attributes, paymentUrl: { type: 'string' } } },
  societe,
  interlocuteur,
};

const requiredOnly = (invoiceFields: Record<string, string> = {}) => ({
  invoice: {
    uid: 'api::facture.facture',
    fields: {
      number: 'numero',
      customer: 'societe',
      dueDate: 'echeance',
      amountDue: 'resteDu',
      currency: 'devise',
      status: 'etat',
      ...invoiceFields,
    },
    statuses: {
      open: ['emise', 'en_retard'],
      paid: ['reglee'],
      cancelled: ['annulee'],
      draft: ['brouillon'],
    },
  },
  customer: { uid: 'api::societe.societe', fields: { name: 'raisonSociale' } },
  contact: { uid: 'api::interlocuteur.interlocuteur', fields: { name: 'nom' } },
});

/** SPEC F1.2: a mapping that names a missing or mistyped field stops startup, naming it. */
describe('receivables mapping at startup', () => {
  const startWithMapping = (receivables: unknown) =>
    startStrapi({
      database: 'sqlite',
      pluginsConfig: { dunning: { config: { receivables } } },
    });

  it('stops startup on a field that does not exist', async () => {
    await expect(startWithMapping({ invoice: { fields: { dueDate: 'dueDat' } } })).rejects.toThrow(
      'dunning.receivables.invoice.fields.dueDate: "dueDat" is not an attribute of api::invoice.invoice'
    );
  });

  it('stops startup on a field of the wrong type', async () => {
    await expect(
      startWithMapping({ customer: { fields: { stopDunning: 'name' } } })
    ).rejects.toThrow(
      'dunning.receivables.customer.fields.stopDunning: "name" of api::customer.customer is of type string, expected boolean'
    );
  });

  it('stops startup on a config key the plugin does not know', async () => {
    await expect(startWithMapping({ invoice: { fields: { dueDtae: 'dueDate' } } })).rejects.toThrow(
      /receivables\.invoice\.fields/
    );
  });

  it('stops startup on a required field a model of the team’s own does not name, saying what it holds', async () => {
    const { invoice, customer, contact } = requiredOnly();
    const { dueDate: _, ...withoutDueDate } = invoice.fields;
    await expect(
      startStrapi({
        database: 'sqlite',
        contentTypes: HOST_MODEL,
        pluginsConfig: {
          dunning: {
            config: {
              receivables: { invoice: { ...invoice, fields: withoutDueDate }, customer, contact },
            },
          },
        },
      })
    ).rejects.toThrow(
      'dunning.receivables.invoice.fields.dueDate: required: name the attribute of api::facture.facture that holds the due date, from which reminders are scheduled'
    );
  });

  it('starts with a valid override', async () => {
    const app = await startWithMapping({ invoice: { fields: { pdf: null } } });
    expect(
      app.strapi.plugin('dunning').service('receivables').mapping().invoice.fields.pdf
    ).toBeNull();
    await app.stop();
  });
});

const PAYMENT_URL = 'https://pay.example.test/checkout/FA-2026-0042';

/** One published invoice of the team's model, due 20 days ago, with a payment link in its own `paymentUrl`. */
const seedFacture = async (strapi: Core.Strapi) => {
  const documents = (uid: string) => strapi.documents(uid as any);
  const customer = await documents('api::societe.societe').create({
    data: { raisonSociale: 'Boulangerie Dupain', langue: 'fr' } as any,
  });
  const invoice = await documents('api::facture.facture').create({
    data: {
      numero: 'FA-2026-0042',
      societe: customer.documentId,
      echeance: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10),
      montantTtc: 1800,
      resteDu: 1800,
      devise: 'EUR',
      etat: 'en_retard',
      paymentUrl: PAYMENT_URL,
    } as any,
    status: 'published',
  });
  return { customer, invoice };
};

/** The customer's portal page, opened over HTTP on the test server. */
const portalPage = async (app: TestApp, customerDocumentId: string) => {
  const link = new URL(app.strapi.plugin('dunning').service('portal').linkFor(customerDocumentId));
  const response = await fetch(`${app.url}${link.pathname}`);
  return { status: response.status, html: await response.text() };
};

describe.each(DATABASES)(
  "a team's own model mapped by its required fields only, on %s (SPEC F1.2)",
  (database) => {
    describe('the required fields only', () => {
      let app: TestApp;
      const logs: string[] = [];

      beforeAll(async () => {
        app = await startStrapi({
          database,
          listen: true,
          contentTypes: HOST_MODEL,
          logs,
          pluginsConfig: { dunning: { config: { receivables: requiredOnly() } } },
        });
      });

      afterAll(async () => {
        await app?.stop();
      });

      it('starts, the optional fields it does not name not mapped (the creator is Strapi’s own createdBy)', () => {
        const mapping = app.strapi.plugin('dunning').service('receivables').mapping();
        expect(mapping.invoice.fields).toEqual({
          number: 'numero',
          customer: 'societe',
          contact: null,
          issueDate: null,
          dueDate: 'echeance',
          total: null,
          amountDue: 'resteDu',
          currency: 'devise',
          status: 'etat',
          paidAt: null,
          pdf: null,
          disputed: null,
          promisedPaymentDate: null,
          reminderEmails: null,
          automaticReminders: null,
          creator: 'createdBy',
          paymentUrl: null,
        });
        expect(Object.values(mapping.customer.fields).filter(Boolean)).toEqual(['raisonSociale']);
        expect(Object.values(mapping.contact.fields).filter(Boolean)).toEqual(['nom']);
      });

      it('says once per model, at startup, which optional fields are not mapped and how to map them', () => {
        const notices = logs.filter((line) => line.includes('optional fields'));
        expect(notices).toEqual([
          '[dunning] api::facture.facture (dunning.receivables.invoice) does not map the optional fields contact, issueDate, total, paidAt, pdf, disputed, promisedPaymentDate, reminderEmails, automaticReminders, paymentUrl: what needs them is off. To map one, name your attribute under dunning.receivables.invoice.fields (the plugin README, "Your receivables model").',
          '[dunning] api::societe.societe (dunning.receivables.customer) does not map the optional fields reference, segment, locale, timezone, address, phone, stopDunning, stopDunningReason, disputed, scenario, favouriteContact: what needs them is off. To map one, name your attribute under dunning.receivables.customer.fields (the plugin README, "Your receivables model").',
          '[dunning] api::interlocuteur.interlocuteur (dunning.receivables.contact) does not map the optional fields emails, reminderEmails, phone, customer: what needs them is off. To map one, name your attribute under dunning.receivables.contact.fields (the plugin README, "Your receivables model").',
        ]);
      });

      it('lists the invoice on the portal with no Pay now (paymentUrl not mapped) and no dispute form (disputed not mapped)', async () => {
        const { customer, invoice } = await seedFacture(app.strapi);
        const { status, html } = await portalPage(app, customer.documentId);
        expect(status).toBe(200);
        expect(html).toContain('FA-2026-0042');
        expect(html).toContain(`/invoices/${invoice.documentId}/promise`);
        expect(html).not.toContain(`/invoices/${invoice.documentId}/pay`);
        expect(html).not.toContain(`/invoices/${invoice.documentId}/dispute`);
      });
    });

    describe('with paymentUrl named', () => {
      let app: TestApp;

      beforeAll(async () => {
        app = await startStrapi({
          database,
          listen: true,
          contentTypes: HOST_MODEL,
          pluginsConfig: {
            dunning: { config: { receivables: requiredOnly({ paymentUrl: 'paymentUrl' }) } },
          },
        });
      });

      afterAll(async () => {
        await app?.stop();
      });

      it('offers Pay now on the portal', async () => {
        const { customer, invoice } = await seedFacture(app.strapi);
        const { html } = await portalPage(app, customer.documentId);
        expect(html).toContain(`/invoices/${invoice.documentId}/pay`);
      });
    });
  }
);
