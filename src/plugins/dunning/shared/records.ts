/**
 * The plugin's records of the team's customers and contacts, whatever the mapped model
 * calls its fields (SPEC F1.2): what the server reads (server/src/domain/records.ts maps
 * the rows) and what the admin is shown of them.
 */

/** A file of Strapi's media library. */
export type MediaRecord = { id: number; name: string; url: string; mime: string };

export type ContactRecord = {
  documentId: string;
  name: string | null;
  emails: string | null;
  reminderEmails: string | null;
  phone: string | null;
};

export type CustomerRecord = {
  documentId: string;
  name: string;
  reference: string | null;
  segment: string | null;
  locale: string | null;
  timezone: string | null;
  address: string | null;
  phone: string | null;
  stopDunning: boolean;
  stopDunningReason: string | null;
  /** The plugin's pause of this customer (repositories/customer-settings.ts), not a mapped field. */
  pausedUntil: string | null;
  pauseReason: string | null;
  /** The account owner's admin id (repositories/customer-settings.ts). */
  ownerId: number | null;
  disputed: boolean;
  scenarioDocumentId: string | null;
  favouriteContact: ContactRecord | null;
};
