import { Button, Flex, Modal, ProgressBar, Typography } from '@strapi/design-system';
import { useEffect, useRef, useState } from 'react';
import { styled } from 'styled-components';

import type { DispatchResult } from '../../../shared/contracts/batches';
import { errorMessage } from '../api/client';
import { useFormat } from '../hooks/useFormat';
import { ResultList } from './ResultList';

/** The design system's bar is drawn for dark backgrounds; on a light modal it takes the colours Strapi's own export progress uses. */
const Progress = styled(ProgressBar)`
  width: 100%;
  background-color: ${({ theme }) => theme.colors.neutral150};
  > div {
    background-color: ${({ theme }) => theme.colors.primary600};
  }
`;

/** One round of work: what became of the reminders it took, and how many are left after it. */
export type DispatchRound = { results: DispatchResult[]; remaining: number };

type Props = {
  channel: 'email' | 'letter';
  /** How many reminders there are to act on, as known before starting. */
  total: number;
  /** What the confirmation shows; without it the work starts at once. */
  summary?: React.ReactNode;
  /** Runs one round, given how many reminders the rounds before took. */
  run: (done: number) => Promise<DispatchRound>;
  onClose: () => void;
};

/**
 * Sends or produces reminders of the batch view round after round (SPEC F5.2, F5.3): an
 * optional confirmation with the summary, then a progress bar and each reminder that did
 * not go, with its reason, as the rounds come back. "Stop" ends after the current round.
 */
export const DispatchModal = ({ channel, total, summary, run, onClose }: Props) => {
  const { t } = useFormat();
  const [phase, setPhase] = useState<'confirm' | 'running' | 'done'>(
    summary ? 'confirm' : 'running'
  );
  const [results, setResults] = useState<DispatchResult[]>([]);
  const [expected, setExpected] = useState(total);
  const [error, setError] = useState<string | null>(null);
  const [stopRequested, setStopRequested] = useState(false);
  const stopping = useRef(false);
  const started = useRef(false);

  useEffect(() => {
    if (phase !== 'running' || started.current) return;
    started.current = true;
    (async () => {
      let done = 0;
      try {
        for (;;) {
          const round = await run(done);
          done += round.results.length;
          setResults((previous) => [...previous, ...round.results]);
          setExpected(done + round.remaining);
          // A round that took nothing would take nothing again: stop rather than loop.
          if (round.remaining === 0 || round.results.length === 0 || stopping.current) break;
        }
      } catch (failure) {
        setError(errorMessage(failure, t('error.generic')));
      }
      setPhase('done');
    })();
  }, [phase, run, t]);

  const done = results.length;
  const succeeded = results.filter((result) => result.status === 'sent').length;
  const problems = results.filter((result) => result.status !== 'sent');

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && phase !== 'running' && onClose()}>
      <Modal.Content data-testid="dispatch-modal">
        <Modal.Header>
          <Modal.Title>{t(`dispatch.${channel}.title`)}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {phase === 'confirm' ? (
            summary
          ) : (
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Progress
                value={expected ? Math.round((done / expected) * 100) : 100}
                aria-label={t(`dispatch.${channel}.title`)}
              />
              <Typography data-testid="dispatch-progress">
                {t(`dispatch.${channel}.progress`, { done, total: expected })}
              </Typography>
              {phase === 'done' && (
                <Typography
                  fontWeight="bold"
                  textColor={problems.length || error ? 'warning600' : 'success600'}
                  data-testid="dispatch-done"
                >
                  {t(`dispatch.${channel}.done`, { succeeded, problems: problems.length })}
                </Typography>
              )}
              {error && <Typography textColor="danger600">{error}</Typography>}
              {problems.length > 0 && (
                <>
                  <Typography variant="sigma" textColor="neutral600">
                    {t('dispatch.problems')}
                  </Typography>
                  <ResultList results={problems} testId="dispatch-problems" />
                </>
              )}
            </Flex>
          )}
        </Modal.Body>
        <Modal.Footer>
          {phase === 'confirm' && (
            <>
              <Modal.Close>
                <Button variant="tertiary">{t('cancel')}</Button>
              </Modal.Close>
              <Button data-testid="dispatch-confirm" onClick={() => setPhase('running')}>
                {t(`dispatch.${channel}.confirm`, { count: total })}
              </Button>
            </>
          )}
          {phase === 'running' && (
            <Button
              variant="tertiary"
              loading={stopRequested}
              onClick={() => {
                stopping.current = true;
                setStopRequested(true);
              }}
            >
              {t('dispatch.stop')}
            </Button>
          )}
          {phase === 'done' && (
            <Button variant="tertiary" data-testid="dispatch-close" onClick={onClose}>
              {t('close')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
