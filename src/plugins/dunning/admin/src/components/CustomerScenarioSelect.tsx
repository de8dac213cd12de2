import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';

import { useScenarioActions, useScenarios } from '../api/scenarios';
import { useFormat } from '../hooks/useFormat';
import { useNotifiedAction } from '../hooks/useNotifiedAction';
import { PERMISSIONS } from '../permissions';

const DEFAULT = 'default';

/** The scenario one customer follows (SPEC F4.1): its own, or the default one. */
export const CustomerScenarioSelect = ({
  customerDocumentId,
  scenarioDocumentId,
}: {
  customerDocumentId: string;
  scenarioDocumentId: string | null;
}) => {
  const { t } = useFormat();
  const { assignCustomer } = useScenarioActions();
  const { allowedActions } = useRBAC({ configure: PERMISSIONS.configure });
  const scenarios = useScenarios();
  const act = useNotifiedAction();
  const fallback = scenarios.data?.find((scenario) => scenario.isDefault);

  return (
    <Field.Root name="scenario" hint={t('customer.scenario.hint')}>
      <Field.Label>{t('customer.scenario')}</Field.Label>
      <SingleSelect
        data-testid="customer-scenario"
        disabled={!allowedActions.canConfigure}
        value={scenarioDocumentId ?? DEFAULT}
        onChange={(value: string | number) =>
          act(
            () => assignCustomer(customerDocumentId, value === DEFAULT ? null : String(value)),
            t('customer.scenario.saved')
          )
        }
      >
        <SingleSelectOption value={DEFAULT}>
          {t('customer.scenario.default', { name: fallback?.name ?? '' })}
        </SingleSelectOption>
        {(scenarios.data ?? []).map((scenario) => (
          <SingleSelectOption key={scenario.documentId} value={scenario.documentId}>
            {scenario.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};
