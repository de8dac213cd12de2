/**
 * The nodemailer that Strapi's email provider brings. `@strapi/provider-email-nodemailer`
 * 5.x pins nodemailer 9.0.1, which still has the recipient-domain, address-parser and
 * file-access advisories (GHSA-cc9r-2j5m-2m83, GHSA-wmmp-3585-3rmp, GHSA-2x7j-588g-ccc2,
 * GHSA-8m3c-c648-2xjj) fixed in 9.1.1. A host app lifts it with an npm `overrides` entry;
 * the plugin is tested with the one below.
 */
export const FIXED_NODEMAILER = '9.1.1';
export const NODEMAILER_OVERRIDE = {
  '@strapi/provider-email-nodemailer': { nodemailer: '^10.6.0' },
};

const parts = (version: string) =>
  version
    .split(/[.+-]/)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0);

/** Whether `version` (x.y.z) comes before `minimum`. */
export const isOlderThan = (version: string, minimum: string) => {
  const [a, b] = [parts(version), parts(minimum)];
  const differing = a.findIndex((part, index) => part !== b[index]);
  return differing !== -1 && a[differing] < b[differing];
};

/** The startup warning for the provider's nodemailer `version`; null when it is recent enough or absent. */
export const nodemailerWarning = (version: string | null): string | null =>
  version && isOlderThan(version, FIXED_NODEMAILER)
    ? `[dunning] @strapi/provider-email-nodemailer runs nodemailer ${version}, older than ${FIXED_NODEMAILER} which fixed its address and header injection advisories. ` +
      `Add "overrides": ${JSON.stringify(NODEMAILER_OVERRIDE)} to your app's package.json and run npm install (strapi-plugin-dunning's README, "Mail").`
    : null;
