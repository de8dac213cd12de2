export const PLUGIN_ID = "dunning";

/** The activities page with one reminder's detail open, from anywhere in the admin. */
export const activityPath = (reminderDocumentId: string) =>
  `/plugins/${PLUGIN_ID}/activities?reminder=${encodeURIComponent(reminderDocumentId)}`;

/** The batch view of one channel, customer profile and level ('' for none); without them, the whole channel. */
export const batchPath = ({ channel, segment, level }: { channel: string; segment?: string | null; level?: string | null }) => {
  const params = new URLSearchParams({ channel });
  if (segment !== undefined) params.set('segment', segment ?? '');
  if (level !== undefined) params.set('level', level ?? '');
  return `/plugins/${PLUGIN_ID}/batches/view?${params}`;
};
