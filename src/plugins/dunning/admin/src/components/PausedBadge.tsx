import { Badge } from '@strapi/design-system';

import { useFormat } from '../hooks/useFormat';

/** A customer's pause in force: until when, and why when the reason is at hand. */
export const PausedBadge = ({
  until,
  reason = null,
}: {
  until: string | null;
  reason?: string | null;
}) => {
  const { t, date } = useFormat();
  if (!until) return null;
  return (
    <Badge data-testid="paused-badge">
      {t('flag.paused', { date: date(until) })}
      {reason ? ` — ${reason}` : ''}
    </Badge>
  );
};
