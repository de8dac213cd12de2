import { Box, Button, Field, Flex, Grid, IconButton, TextInput } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';

import type { DisputeReason } from '../../../shared/contracts/settings';
import { useFormat } from '../hooks/useFormat';

type Props = {
  reasons: DisputeReason[];
  onChange: (reasons: DisputeReason[]) => void;
  errors: Record<string, string>;
};

/** The reasons a customer may pick to dispute an invoice on the portal, each in French and English. */
export const DisputeReasonsField = ({ reasons, onChange, errors }: Props) => {
  const { t } = useFormat();
  const set = (index: number, change: Partial<DisputeReason>) =>
    onChange(reasons.map((reason, at) => (at === index ? { ...reason, ...change } : reason)));

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="dispute-reasons">
      {reasons.map((reason, index) => (
        <Grid.Root key={index} gap={2}>
          {(['fr', 'en'] as const).map((language) => (
            <Grid.Item key={language} col={5} s={12} direction="column" alignItems="stretch">
              <Field.Root
                name={`portal.disputeReasons.${index}.${language}`}
                error={errors[`portal.disputeReasons.${index}.${language}`]}
              >
                <Field.Label>{t(`settings.disputeReasons.${language}`)}</Field.Label>
                <TextInput
                  value={reason[language]}
                  maxLength={120}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    set(index, { [language]: event.target.value })
                  }
                />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
          ))}
          <Grid.Item col={2} s={12} alignItems="flex-end">
            <IconButton
              label={t('settings.disputeReasons.remove')}
              variant="ghost"
              disabled={reasons.length === 1}
              onClick={() => onChange(reasons.filter((_, at) => at !== index))}
            >
              <Trash />
            </IconButton>
          </Grid.Item>
        </Grid.Root>
      ))}
      <Box>
        <Button
          variant="secondary"
          startIcon={<Plus />}
          disabled={reasons.length >= 20}
          onClick={() => onChange([...reasons, { fr: '', en: '' }])}
          data-testid="dispute-reason-add"
        >
          {t('settings.disputeReasons.add')}
        </Button>
      </Box>
    </Flex>
  );
};
