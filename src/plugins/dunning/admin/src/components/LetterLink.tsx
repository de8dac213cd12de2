import { Link } from '@strapi/design-system';

import type { ReminderSummary } from '../../../shared/contracts/reminders';
import { useDownload } from '../hooks/useDownload';
import { useFormat } from '../hooks/useFormat';

/** Downloads the letter PDF kept on a reminder. */
export const LetterLink = ({
  reminder,
}: {
  reminder: Pick<ReminderSummary, 'documentId' | 'documentUrl'>;
}) => {
  const { t } = useFormat();
  const download = useDownload();
  if (!reminder.documentUrl) return null;
  return (
    <Link
      href="#"
      data-testid="reminder-letter-link"
      onClick={(event: React.MouseEvent) => {
        event.preventDefault();
        download(reminder.documentUrl!, `letter-${reminder.documentId}.pdf`);
      }}
    >
      {t('history.letter')}
    </Link>
  );
};
