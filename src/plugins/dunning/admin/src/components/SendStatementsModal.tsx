import { Button, Flex, Modal, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { useState } from 'react';

import type { StatementSendResult } from '../../../shared/contracts/statement';
import { errorMessage } from '../api/client';
import { useSendStatements } from '../api/statement';
import { useFormat } from '../hooks/useFormat';
import { ResultList } from './ResultList';

type Props = {
  customers: Array<{ documentId: string; name: string }>;
  onClose: (sent: boolean) => void;
};

/**
 * Monthly statements (SPEC F3.5): confirms sending the statement of account to
 * the customers ticked, then says what became of each — sent, or why not. The server
 * sends a customer one statement a month, so a second click sends nothing again.
 */
export const SendStatementsModal = ({ customers, onClose }: Props) => {
  const { t } = useFormat();
  const sendStatements = useSendStatements();
  const [sending, setSending] = useState(false);
  const [results, setResults] = useState<StatementSendResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      setResults(
        await sendStatements({
          customerDocumentIds: customers.map((customer) => customer.documentId),
        })
      );
    } catch (failure) {
      setError(errorMessage(failure, t('error.generic')));
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose(results !== null)}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('statements.send.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="send-statements">
            {error && <Typography textColor="danger600">{error}</Typography>}
            {results ? (
              <>
                <Typography fontWeight="bold">
                  {t('statements.send.done', {
                    count: results.filter(
                      (result) =>
                        result.reminderDocumentId &&
                        result.statusReason !== 'statement_sent_this_month'
                    ).length,
                  })}
                </Typography>
                <ResultList
                  results={results.map((result) => ({
                    ...result,
                    documentId: result.customerDocumentId,
                  }))}
                  testId="statement-results"
                />
              </>
            ) : (
              <>
                <Typography>{t('statements.send.intro', { count: customers.length })}</Typography>
                <Typography textColor="neutral600">
                  {customers.map((customer) => customer.name).join(', ')}
                </Typography>
                <Typography textColor="neutral600">{t('statements.send.once')}</Typography>
              </>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          {results ? (
            <Button variant="tertiary" onClick={() => onClose(true)}>
              {t('close')}
            </Button>
          ) : (
            <>
              <Button variant="tertiary" onClick={() => onClose(false)}>
                {t('cancel')}
              </Button>
              <Button
                startIcon={<Mail />}
                loading={sending}
                onClick={send}
                data-testid="send-statements-confirm"
              >
                {t('statements.send.confirm', { count: customers.length })}
              </Button>
            </>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
