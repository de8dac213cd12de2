import type { Core } from '@strapi/strapi';

import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

describe.each(DATABASES)('scenarios on %s (SPEC F4.1)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  let templates: Record<string, string>;

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    const all = await api('GET', '/dunning/templates?locale=en');
    templates = Object.fromEntries(all.body.data.map((t: any) => [t.predefinedKey, t.documentId]));
  });

  afterAll(async () => {
    await app?.stop();
  });

  const step = (offsetDays: number, key = 'reminder-1.email.en', channel = 'email') => ({
    offsetDays,
    channel,
    templateDocumentId: templates[key],
    level: `Level ${offsetDays}`,
  });
  const scenarioCount = () => strapi.documents('plugin::dunning.scenario' as any).count({});

  it('creates the default scenario from the predefined templates on first start', async () => {
    const { body } = await api('GET', '/dunning/scenarios');
    const [byDefault] = body.data.filter((s: any) => s.isDefault);
    expect(byDefault.steps.map((s: any) => [s.offsetDays, s.channel, s.level])).toEqual([
      [-5, 'email', 'Pre-due notice'],
      [3, 'email', 'Reminder 1'],
      [15, 'email', 'Reminder 2'],
      [30, 'letter', 'Final notice'],
      [40, 'phone', 'Call'],
    ]);
    const used = await strapi.documents('plugin::dunning.template' as any).findMany({
      filters: { documentId: { $in: byDefault.steps.map((s: any) => s.templateDocumentId) } },
    });
    expect(used.map((t: any) => t.predefinedKey).sort()).toEqual([
      'final-notice.letter.fr',
      'final-notice.phone.fr',
      'pre-due.email.fr',
      'reminder-1.email.fr',
      'reminder-2.email.fr',
    ]);
  });

  it.each([
    ['0 steps', [], /^steps: a scenario has 1 to 5 steps/],
    ['6 steps', [1, 2, 3, 4, 5, 6], /^steps: a scenario has 1 to 5 steps/],
    ['steps out of order', [10, 5], /^steps\.1\.offsetDays: must come after the previous step/],
  ])('refuses %s with 400 and writes nothing', async (_, offsets, message) => {
    const before = await scenarioCount();
    const { status, body } = await api('POST', '/dunning/scenarios', {
      name: 'Bad',
      steps: (offsets as number[]).map((d) => step(d)),
    });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
    expect(await scenarioCount()).toBe(before);
  });

  it('refuses a step whose template is of another channel', async () => {
    const { status, body } = await api('POST', '/dunning/scenarios', {
      name: 'Bad',
      steps: [step(3, 'reminder-1.letter.en', 'email')],
    });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      'steps.0.templateDocumentId: is a letter template, the step is email'
    );
  });

  it('creates, edits and assigns a scenario to customers, and resets the default', async () => {
    const created = await api('POST', '/dunning/scenarios', {
      name: 'Key accounts',
      steps: [step(7), step(21, 'final-notice.letter.en', 'letter')],
    });
    expect(created.status).toBe(201);
    const id = created.body.data.documentId;

    const edited = await api('PUT', `/dunning/scenarios/${id}`, {
      name: 'Key accounts',
      steps: [step(10)],
    });
    expect(edited.body.data.steps).toHaveLength(1);

    const customer = await strapi
      .documents('api::customer.customer' as any)
      .create({ data: { name: 'Initech' } });
    const assigned = await api('POST', `/dunning/scenarios/${id}/customers`, {
      customerDocumentIds: [customer.documentId],
    });
    expect(assigned.status).toBe(200);
    const reread = await strapi
      .plugin('dunning')
      .service('receivables')
      .findCustomer(customer.documentId);
    expect(reread.scenarioDocumentId).toBe(id);

    const byDefault = (await api('GET', '/dunning/scenarios')).body.data.find(
      (s: any) => s.isDefault
    );
    await api('PUT', `/dunning/scenarios/${byDefault.documentId}`, {
      name: byDefault.name,
      steps: [step(1)],
    });
    const reset = await api('POST', '/dunning/scenarios/reset');
    expect(reset.body.data.steps).toHaveLength(5);
    expect((await api('DELETE', `/dunning/scenarios/${byDefault.documentId}`)).status).toBe(400);
  });

  it('refuses editing without plugin::dunning.configure', async () => {
    const editor = adminApi(app.url, await adminToken(app.url, await createEditor(strapi)));
    expect(
      (await editor('POST', '/dunning/scenarios', { name: 'X', steps: [step(1)] })).status
    ).toBe(403);
  });
});
