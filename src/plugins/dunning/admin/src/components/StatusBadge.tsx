import { Badge } from '@strapi/design-system';

import { useFormat } from '../hooks/useFormat';

const TONES: Record<string, { text: string; background: string }> = {
  sent: { text: 'success600', background: 'success100' },
  delivered: { text: 'success600', background: 'success100' },
  opened: { text: 'success600', background: 'success100' },
  failed: { text: 'danger600', background: 'danger100' },
  bounced: { text: 'danger600', background: 'danger100' },
  uncertain: { text: 'warning600', background: 'warning100' },
  not_sent: { text: 'warning600', background: 'warning100' },
};

/** A reminder's status, coloured as the design system colours outcomes. */
export const StatusBadge = ({ status }: { status: string }) => {
  const { t } = useFormat();
  const tone = TONES[status] ?? { text: 'neutral600', background: 'neutral150' };
  return (
    <Badge textColor={tone.text} backgroundColor={tone.background}>
      {t(`status.${status}`)}
    </Badge>
  );
};
