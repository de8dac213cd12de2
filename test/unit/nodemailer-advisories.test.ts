import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  FIXED_NODEMAILER,
  isOlderThan,
  nodemailerWarning,
} from '../../src/plugins/dunning/server/src/domain/nodemailer-advisories';
import { providerNodemailerVersion } from '../../src/plugins/dunning/server/src/utils/email-provider';

const ROOT = path.resolve(__dirname, '../..');

/** A host app on disk whose email provider has its own nodemailer `version`, as npm lays it out without an override. */
const hostApp = (version: string) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dunning-host-'));
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };
  const provider = 'node_modules/@strapi/provider-email-nodemailer';
  write('package.json', JSON.stringify({ name: 'host' }));
  write(
    `${provider}/package.json`,
    JSON.stringify({ name: '@strapi/provider-email-nodemailer', main: 'index.js' })
  );
  write(`${provider}/index.js`, '');
  write(
    `${provider}/node_modules/nodemailer/package.json`,
    JSON.stringify({
      name: 'nodemailer',
      version,
      exports: { '.': { require: './dist/cjs/nodemailer.js' } },
    })
  );
  write(`${provider}/node_modules/nodemailer/dist/cjs/nodemailer.js`, '');
  return root;
};

describe("the email provider's nodemailer", () => {
  it('compares versions part by part', () => {
    expect(isOlderThan('9.0.1', '9.1.1')).toBe(true);
    expect(isOlderThan('9.1.0', '9.1.1')).toBe(true);
    expect(isOlderThan('9.1.1', '9.1.1')).toBe(false);
    expect(isOlderThan('10.0.0', '9.1.1')).toBe(false);
    expect(isOlderThan('9.10.0', '9.9.0')).toBe(false);
  });

  it("warns, naming the package and the override to add, for the provider's own 9.0.1", () => {
    const root = hostApp('9.0.1');
    const version = providerNodemailerVersion(root);
    expect(version).toBe('9.0.1');
    expect(nodemailerWarning(version)).toBe(
      `[dunning] @strapi/provider-email-nodemailer runs nodemailer 9.0.1, older than ${FIXED_NODEMAILER} which fixed its address and header injection advisories. ` +
        `Add "overrides": {"@strapi/provider-email-nodemailer":{"nodemailer":"^10.6.0"}} to your app's package.json and run npm install (strapi-plugin-dunning's README, "Mail").`
    );
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('says nothing for this app, whose override lifts it, nor for an app without the provider', () => {
    expect(isOlderThan(providerNodemailerVersion(ROOT)!, FIXED_NODEMAILER)).toBe(false);
    expect(nodemailerWarning(providerNodemailerVersion(ROOT))).toBeNull();
    expect(providerNodemailerVersion(os.tmpdir())).toBeNull();
  });
});
