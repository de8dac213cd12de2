import {
  Button,
  Flex,
  LinkButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Eye, FilePdf, PaperPlane, Phone } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';

import type { ChannelTotals } from '../../../shared/contracts/batches';
import { CHANNELS } from '../../../shared/vocabulary';
import { useBatchActions, useBatchSummary, useProduceLetters } from '../api/batches';
import { Card } from '../components/Card';
import { DispatchModal } from '../components/DispatchModal';
import { MyAccountsToggle, useMine } from '../components/MyAccountsToggle';
import { TableFooter } from '../components/TableFooter';
import { useFormat } from '../hooks/useFormat';
import { PERMISSIONS } from '../permissions';
import { batchPath } from '../pluginId';

/** E-mails sent per request of "Send all": each request answers quickly, and the bar moves. */
const SEND_ROUND = 10;
/** Letters per PDF: the most the server produces at once. */
const LETTERS_AT_ONCE = 500;

/** What "Send all" and "Download the letters" are about to do (SPEC F5.3: the confirmation's summary). */
const ChannelSummary = ({ totals }: { totals: ChannelTotals }) => {
  const { t, amounts } = useFormat();
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="dispatch-summary">
      <Typography variant="beta" tag="p">
        {amounts(totals.amounts)}
      </Typography>
      <Typography>
        {t('batches.summary', { customers: totals.customers, invoices: totals.invoices })}
      </Typography>
      {totals.excluded > 0 && (
        <Typography textColor="neutral600">
          {t('batches.summary.excluded', { count: totals.excluded })}
        </Typography>
      )}
      <Typography textColor="neutral600">{t(`batches.summary.${totals.channel}`)}</Typography>
    </Flex>
  );
};

/** Act by scenario (SPEC F5.1–F5.3): the planned reminders by channel, customer profile and level. */
const BatchesPage = () => {
  const { t, amounts } = useFormat();
  const { sendEmails } = useBatchActions();
  const produceLetters = useProduceLetters();
  const { allowedActions } = useRBAC({ send: PERMISSIONS.send });
  const mine = useMine();
  const { data, isLoading, error } = useBatchSummary(mine);
  const [acting, setActing] = useState<ChannelTotals | null>(null);

  if (error) return <Page.Error />;
  if (isLoading && !data) return <Page.Loading />;
  const channels = CHANNELS.map((channel) =>
    data?.channels.find((totals) => totals.channel === channel)
  ).filter((totals): totals is ChannelTotals => Boolean(totals));

  const sendRound = async () => {
    return sendEmails({ batch: { channel: 'email' }, limit: SEND_ROUND });
  };
  const lettersRound = async () => ({
    results: await produceLetters({ batch: { channel: 'letter' }, limit: LETTERS_AT_ONCE }),
    remaining: 0,
  });

  const channelAction = (totals: ChannelTotals) => {
    const sendable = totals.reminders - totals.excluded;
    if (totals.channel === 'phone' || totals.channel === 'other') {
      return (
        <LinkButton
          tag={RouterLink}
          to={batchPath({ channel: totals.channel, mine })}
          variant="secondary"
          startIcon={<Phone />}
          data-testid={`call-list-${totals.channel}`}
        >
          {t('batches.callList')}
        </LinkButton>
      );
    }
    if (!allowedActions.canSend) return null;
    return totals.channel === 'email' ? (
      <Button
        startIcon={<PaperPlane />}
        disabled={sendable === 0}
        onClick={() => setActing(totals)}
        data-testid="send-all"
      >
        {t('batches.sendAll')}
      </Button>
    ) : (
      <Button
        startIcon={<FilePdf />}
        disabled={sendable === 0}
        onClick={() => setActing(totals)}
        data-testid="download-letters"
      >
        {t('batches.downloadLetters')}
      </Button>
    );
  };

  return (
    <Page.Main>
      <Page.Title>{t('batches.title')}</Page.Title>
      <Layouts.Header title={t('batches.title')} subtitle={t('batches.subtitle')} />
      <Layouts.Action startActions={<MyAccountsToggle />} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <TableFooter empty={channels.length === 0} emptyText={t('batches.empty')} />
          {channels.map((totals) => {
            const rows = data!.batches.filter((batch) => batch.channel === totals.channel);
            return (
              <Card
                key={totals.channel}
                title={t(`channel.${totals.channel}`)}
                action={channelAction(totals)}
                testId={`channel-${totals.channel}`}
              >
                <Typography textColor="neutral600">
                  {t('batches.totals', {
                    reminders: totals.reminders,
                    customers: totals.customers,
                    invoices: totals.invoices,
                    amount: amounts(totals.amounts),
                  })}
                </Typography>
                <Table colCount={7} rowCount={rows.length + 1}>
                  <Thead>
                    <Tr>
                      {['segment', 'level', 'reminders', 'customers', 'invoices', 'amount'].map(
                        (column) => (
                          <Th key={column}>
                            <Typography variant="sigma">{t(`batches.${column}`)}</Typography>
                          </Th>
                        )
                      )}
                      <Th>
                        <Typography variant="sigma">{t('templates.actions')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {rows.map((batch) => (
                      <Tr key={`${batch.segment}|${batch.level}`} data-testid="batch-row">
                        <Td>
                          <Typography fontWeight="bold">
                            {batch.segment ?? t('batches.noProfile')}
                          </Typography>
                        </Td>
                        <Td>
                          <Typography>{batch.level ?? t('batches.noLevel')}</Typography>
                        </Td>
                        <Td>
                          <Typography>{batch.reminders}</Typography>
                          {batch.excluded > 0 && (
                            <Typography variant="pi" textColor="neutral600" tag="p">
                              {t('batches.leftOut', { count: batch.excluded })}
                            </Typography>
                          )}
                        </Td>
                        <Td>
                          <Typography>{batch.customers}</Typography>
                        </Td>
                        <Td>
                          <Typography>{batch.invoices}</Typography>
                        </Td>
                        <Td>
                          <Typography>{amounts(batch.amounts)}</Typography>
                        </Td>
                        <Td>
                          <LinkButton
                            tag={RouterLink}
                            to={batchPath({ ...batch, mine })}
                            variant="tertiary"
                            size="S"
                            startIcon={<Eye />}
                            aria-label={t('batches.openBatch', {
                              channel: t(`channel.${batch.channel}`),
                              segment: batch.segment ?? t('batches.noProfile'),
                              level: batch.level ?? t('batches.noLevel'),
                            })}
                          >
                            {t('batches.open')}
                          </LinkButton>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Card>
            );
          })}
        </Flex>
      </Layouts.Content>
      {acting && (
        <DispatchModal
          channel={acting.channel === 'email' ? 'email' : 'letter'}
          total={acting.reminders - acting.excluded}
          summary={<ChannelSummary totals={acting} />}
          run={acting.channel === 'email' ? sendRound : lettersRound}
          onClose={() => setActing(null)}
        />
      )}
    </Page.Main>
  );
};

export { BatchesPage };
