import type { Core } from '@strapi/strapi';

import { ensureSuperAdmin } from '../../database/seed/admin';

export const SUPER_ADMIN = { email: 'root@dunning.test', password: 'Root-password-1' };

/** An admin with the built-in Editor role, which holds none of the plugin's actions. */
export const createEditor = async (
  strapi: Core.Strapi,
  email = 'editor@dunning.test',
  password = 'Editor-password-1'
) => {
  const editor = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
  await strapi.service('admin::user').create({
    email,
    firstname: 'Eddie',
    lastname: 'Editor',
    password,
    isActive: true,
    registrationToken: null,
    roles: [editor.id],
  });
  return { email, password };
};

export const createSuperAdmin = (strapi: Core.Strapi) => ensureSuperAdmin(strapi, SUPER_ADMIN);

/** Logs in through the admin API and returns the JWT. */
export const adminToken = async (baseUrl: string, login: { email: string; password: string }) => {
  const response = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  if (!response.ok)
    throw new Error(`admin login failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { data: { token: string } };
  return body.data.token;
};

/** Calls the admin API with a token; JSON bodies are encoded, FormData is sent as is. */
export const adminApi =
  (baseUrl: string, token: string) => async (method: string, path: string, body?: unknown) => {
    const isForm = body instanceof FormData;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body && !isForm ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const type = response.headers.get('content-type') ?? '';
    const payload = type.includes('json')
      ? await response.json()
      : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: payload as any, headers: response.headers };
  };

/** An active admin in a new role holding exactly `actions` (e.g. ['plugin::dunning.read']). */
export const createAdminWith = async (
  strapi: Core.Strapi,
  name: string,
  actions: Array<
    string | { action: string; subject?: string; properties?: Record<string, unknown> }
  >
) => {
  const role = await strapi
    .service('admin::role')
    .create({ name: `${name} role`, description: name });
  await strapi.service('admin::role').assignPermissions(
    role.id,
    actions.map((entry) => (typeof entry === 'string' ? { action: entry } : entry))
  );
  const login = {
    email: `${name.toLowerCase().replace(/\W+/g, '-')}@dunning.test`,
    password: 'Role-password-1',
  };
  const user = await strapi.service('admin::user').create({
    ...login,
    firstname: name,
    lastname: 'Tester',
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  return { ...login, id: user.id as number, roleId: role.id as number };
};
