import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The entry file of the nodemailer that the app's `@strapi/provider-email-nodemailer` loads; throws without the provider. */
export const providerNodemailerEntry = (appRoot: string): string => {
  const provider = createRequire(path.join(appRoot, 'package.json')).resolve(
    '@strapi/provider-email-nodemailer'
  );
  return createRequire(provider).resolve('nodemailer');
};

/** The version of the nodemailer that the app's `@strapi/provider-email-nodemailer` loads; null without the provider. */
export const providerNodemailerVersion = (appRoot: string): string | null => {
  let entry: string;
  try {
    entry = providerNodemailerEntry(appRoot);
  } catch {
    return null;
  }
  // nodemailer's exports do not include its package.json: find the folder that holds it.
  for (
    let folder = path.dirname(entry);
    folder !== path.dirname(folder);
    folder = path.dirname(folder)
  ) {
    const manifest = path.join(folder, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (name === 'nodemailer') return version;
  }
  return null;
};
