import { Checkbox } from '@strapi/design-system';
import { useQueryParams } from '@strapi/strapi/admin';

import { useFormat } from '../hooks/useFormat';

/** The `mine` query parameter of a list page, to pass on to its admin API call. */
export const useMine = () => {
  const [{ query }] = useQueryParams<{ mine?: string }>();
  return query.mine === 'true';
};

/** "My accounts": the list shows only the customers whose account owner is the signed-in admin (`?mine=true`). */
export const MyAccountsToggle = () => {
  const { t } = useFormat();
  const mine = useMine();
  const [, setQuery] = useQueryParams<{ mine?: string; page?: string }>();
  return (
    <Checkbox
      data-testid="my-accounts"
      checked={mine}
      onCheckedChange={(checked: boolean | 'indeterminate') =>
        setQuery({ mine: checked === true ? 'true' : undefined, page: '1' })
      }
    >
      {t('myAccounts')}
    </Checkbox>
  );
};
