export const PLUGIN_ID = 'dunning';

/** The activities page with one reminder's detail open, from anywhere in the admin. */
export const activityPath = (reminderDocumentId: string) =>
  `/plugins/${PLUGIN_ID}/activities?reminder=${encodeURIComponent(reminderDocumentId)}`;

/** The batch view of one channel, customer profile and level ('' for none); without them, the whole channel; `mine`: "My accounts". */
export const batchPath = ({
  channel,
  segment,
  level,
  mine = false,
}: {
  channel: string;
  segment?: string | null;
  level?: string | null;
  mine?: boolean;
}) => {
  const params = new URLSearchParams({ channel });
  if (mine) params.set('mine', 'true');
  if (segment !== undefined) params.set('segment', segment ?? '');
  if (level !== undefined) params.set('level', level ?? '');
  return `/plugins/${PLUGIN_ID}/batches/view?${params}`;
};
