import { startStrapi } from '../helpers/strapi';

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
    await expect(startWithMapping({ customer: { fields: { stopDunning: 'name' } } })).rejects.toThrow(
      'dunning.receivables.customer.fields.stopDunning: "name" of api::customer.customer is of type string, expected boolean'
    );
  });

  it('stops startup on a config key the plugin does not know', async () => {
    await expect(startWithMapping({ invoice: { fields: { dueDtae: 'dueDate' } } })).rejects.toThrow(
      /receivables\.invoice\.fields/
    );
  });

  it('starts with a valid override', async () => {
    const app = await startWithMapping({ invoice: { fields: { pdf: null } } });
    expect(app.strapi.plugin('dunning').service('receivables').mapping().invoice.fields.pdf).toBeNull();
    await app.stop();
  });
});
