import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

describe.each(DATABASES)('settings on %s (SPEC F4.2, F6.4)', (database) => {
  let app: TestApp;
  let api: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true, env: { DUNNING_CRON: '*/10 * * * *' } });
    await createSuperAdmin(app.strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers the defaults and the cron schedule from config, read-only', async () => {
    const { status, body } = await api('GET', '/dunning/settings');
    expect(status).toBe(200);
    expect(body.data.automatic).toMatchObject({
      enabled: false,
      sender: { mode: 'creator' },
      sendWindow: { startHour: 9, endHour: 18, days: [1, 2, 3, 4, 5], timezone: 'Europe/Paris' },
    });
    expect(body.meta.cron).toEqual({
      enabled: false,
      expression: '*/10 * * * *',
      timezone: 'Europe/Paris',
    });
  });

  it.each([
    [
      'an unknown time zone',
      {
        automatic: {
          sendWindow: { startHour: 9, endHour: 18, days: [1], timezone: 'Europe/Pariss' },
        },
      },
      /^automatic\.sendWindow\.timezone: is not a time zone/,
    ],
    [
      'a window ending before it starts',
      {
        automatic: {
          sendWindow: { startHour: 18, endHour: 9, days: [1], timezone: 'Europe/Paris' },
        },
      },
      /^automatic\.sendWindow\.endHour: endHour must be after startHour/,
    ],
    [
      'a negative threshold',
      { automatic: { minInvoiceAmount: -1 } },
      /^automatic\.minInvoiceAmount: must be 0 or more/,
    ],
    [
      'a BCC address smuggling a second one',
      { bccCopy: 'a@x.test,b@y.test' },
      /^bccCopy: is not a valid e-mail address/,
    ],
  ])('refuses %s with 400 and keeps the stored settings', async (_, patch, message) => {
    const before = (await api('GET', '/dunning/settings')).body.data;
    const { status, body } = await api('PUT', '/dunning/settings', patch);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
    expect((await api('GET', '/dunning/settings')).body.data).toEqual(before);
  });

  it('stores a valid change, group by group', async () => {
    const { status } = await api('PUT', '/dunning/settings', {
      automatic: { enabled: true, minCustomerAmount: 50 },
      bccCopy: 'archive@ourco.test',
    });
    expect(status).toBe(200);
    const { body } = await api('GET', '/dunning/settings');
    expect(body.data.automatic).toMatchObject({
      enabled: true,
      minCustomerAmount: 50,
      skipFuturePromises: true,
    });
    expect(body.data.bccCopy).toBe('archive@ourco.test');
  });

  it('lets only plugin::dunning.configure change them', async () => {
    const editor = adminApi(app.url, await adminToken(app.url, await createEditor(app.strapi)));
    expect((await editor('PUT', '/dunning/settings', { bccCopy: null })).status).toBe(403);
  });
});
