export const PLUGIN_ID = "dunning";

/** The activities page with one reminder's detail open, from anywhere in the admin. */
export const activityPath = (reminderDocumentId: string) =>
  `/plugins/${PLUGIN_ID}/activities?reminder=${encodeURIComponent(reminderDocumentId)}`;
