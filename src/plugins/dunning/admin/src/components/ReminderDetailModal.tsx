import { Button, Flex, Grid, Modal, Typography } from '@strapi/design-system';
import { ArrowClockwise, Cross } from '@strapi/icons';
import { Page, useRBAC } from '@strapi/strapi/admin';

import { CANCELLABLE, RESENDABLE } from '../../../shared/vocabulary';
import { useReminderActions, useReminderDetail } from '../api/reminders';
import { useFormat } from '../hooks/useFormat';
import { useNotifiedAction } from '../hooks/useNotifiedAction';
import { PERMISSIONS } from '../permissions';
import { HtmlPreview } from './HtmlPreview';
import { LetterLink } from './LetterLink';
import { StatusBadge } from './StatusBadge';
import { TextPreview } from './TextPreview';

const Fact = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Grid.Item col={4} s={6} direction="column" alignItems="flex-start">
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography>{children}</Typography>
  </Grid.Item>
);

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Flex direction="column" alignItems="stretch" gap={2}>
    <Typography variant="delta" tag="h3">
      {title}
    </Typography>
    {children}
  </Flex>
);

/** Everything about one reminder (SPEC F6.1): message, attachments, server answer, timeline; resend or cancel. */
export const ReminderDetailModal = ({
  documentId,
  onClose,
}: {
  documentId: string;
  onClose: () => void;
}) => {
  const { t, money, date, reason } = useFormat();
  const { cancel, resend } = useReminderActions();
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const { data, error } = useReminderDetail(documentId);
  const run = useNotifiedAction();
  const when = (value: string | null) =>
    value ? `${date(value)} ${new Date(value).toLocaleTimeString()}` : '—';

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content data-testid="reminder-detail">
        <Modal.Header>
          <Modal.Title>
            {data
              ? `${data.customerName ?? data.customerDocumentId} · ${t(`channel.${data.channel}`)}`
              : t('activities.detail')}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {error ? (
            <Page.Error />
          ) : !data ? (
            <Page.Loading />
          ) : (
            <Flex direction="column" alignItems="stretch" gap={6}>
              <Flex gap={2} wrap="wrap">
                <StatusBadge status={data.status} />
                {data.statusReason && (
                  <Typography textColor="neutral600">{reason(data.statusReason)}</Typography>
                )}
              </Flex>
              <Grid.Root gap={4}>
                <Fact label={t('activities.type')}>
                  {t(`type.${data.type}`)}
                  {data.level ? ` · ${data.level}` : ''}
                </Fact>
                <Fact label={t('activities.trigger')}>{t(`trigger.${data.trigger}`)}</Fact>
                <Fact label={t('history.amount')}>{money(data.amount, data.currency)}</Fact>
                <Fact label={t('activities.invoices')}>
                  {data.invoices.map((invoice) => invoice.number).join(', ') || '—'}
                </Fact>
                <Fact label={t('history.sender')}>
                  {[data.senderName, data.senderEmail].filter(Boolean).join(' · ') || '—'}
                </Fact>
                <Fact label={t('history.recipients')}>{data.recipients.join(', ') || '—'}</Fact>
                {data.cc.length > 0 && (
                  <Fact label={t('modal.cc')}>
                    {data.cc.map((mailbox) => mailbox.address).join(', ')}
                  </Fact>
                )}
                {data.bcc.length > 0 && (
                  <Fact label={t('activities.bcc')}>
                    {data.bcc.map((mailbox) => mailbox.address).join(', ')}
                  </Fact>
                )}
                <Fact label={t('activities.createdAt')}>{when(data.createdAt)}</Fact>
                <Fact label={t('activities.sentAt')}>{when(data.sentAt)}</Fact>
                {data.deliveredAt && (
                  <Fact label={t('status.delivered')}>{when(data.deliveredAt)}</Fact>
                )}
                {data.openedAt && <Fact label={t('status.opened')}>{when(data.openedAt)}</Fact>}
                {data.failedAt && <Fact label={t('status.failed')}>{when(data.failedAt)}</Fact>}
                <Fact label={t('activities.attempts')}>{data.attempts}</Fact>
                {data.templateName && <Fact label={t('modal.template')}>{data.templateName}</Fact>}
                {data.scenarioName && (
                  <Fact label={t('scenarios.title')}>
                    {data.scenarioName}
                    {data.stepIndex !== null
                      ? ` · ${t('modal.override.step', { step: data.stepIndex + 1 })}`
                      : ''}
                  </Fact>
                )}
                {data.callOutcome && (
                  <Fact label={t('modal.outcome')}>{t(`outcome.${data.callOutcome}`)}</Fact>
                )}
              </Grid.Root>

              <Section title={t('activities.message')}>
                {data.subject && <Typography fontWeight="bold">{data.subject}</Typography>}
                {data.body ? (
                  data.channel === 'email' ? (
                    <HtmlPreview html={data.body} title={data.subject ?? t('activities.message')} />
                  ) : (
                    <TextPreview text={data.body} />
                  )
                ) : (
                  <Typography textColor="neutral600">—</Typography>
                )}
                {data.note && (
                  <Typography>
                    {t('modal.note')}: {data.note}
                  </Typography>
                )}
                <LetterLink reminder={data} />
              </Section>

              {data.attachments.length > 0 && (
                <Section title={t('modal.attachments')}>
                  {data.attachments.map((file) => (
                    <Typography key={file.filename}>
                      {file.filename} · {file.contentType} · {Math.ceil(file.size / 1024)} KB
                    </Typography>
                  ))}
                </Section>
              )}

              <Section title={t('activities.serverAnswer')}>
                <Typography data-testid="server-response">{data.serverResponse ?? '—'}</Typography>
                {data.error && <Typography textColor="danger600">{data.error}</Typography>}
                {data.messageId && (
                  <Typography textColor="neutral600">Message-ID: {data.messageId}</Typography>
                )}
              </Section>

              <Section title={t('activities.timeline')}>
                {data.timeline.map((entry, index) => (
                  <Flex key={`${entry.at}-${index}`} gap={3}>
                    <Typography textColor="neutral600">{when(entry.at)}</Typography>
                    <StatusBadge status={entry.status} />
                    {entry.note && <Typography>{entry.note}</Typography>}
                  </Flex>
                ))}
              </Section>
            </Flex>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('close')}</Button>
          </Modal.Close>
          {data && allowedActions.canSend && (
            <Flex gap={2}>
              {CANCELLABLE.includes(data.status) && (
                <Button
                  variant="danger-light"
                  startIcon={<Cross />}
                  data-testid="cancel-reminder"
                  onClick={() => run(() => cancel(documentId), t('activities.cancelled'))}
                >
                  {t('activities.cancel')}
                </Button>
              )}
              {RESENDABLE.includes(data.status) && (
                <Button
                  startIcon={<ArrowClockwise />}
                  data-testid="resend-reminder"
                  onClick={() => run(() => resend(documentId), t('activities.resent'))}
                >
                  {t('activities.resend')}
                </Button>
              )}
            </Flex>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
