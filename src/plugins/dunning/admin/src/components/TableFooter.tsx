import { Box, Typography } from '@strapi/design-system';
import { Pagination } from '@strapi/strapi/admin';

import type { Pagination as PaginationMeta } from '../../../shared/contracts/common';

/** Under a paginated table: what an empty page says, then page size and page links (query params). */
export const TableFooter = ({
  empty,
  emptyText,
  pagination,
}: {
  empty: boolean;
  emptyText: string;
  pagination?: PaginationMeta;
}) => (
  <>
    {empty && (
      <Box padding={6} background="neutral0" hasRadius>
        <Typography textColor="neutral600">{emptyText}</Typography>
      </Box>
    )}
    {pagination && (
      <Pagination.Root
        pageCount={pagination.pageCount}
        total={pagination.total}
        defaultPageSize={20}
      >
        <Pagination.PageSize />
        <Pagination.Links />
      </Pagination.Root>
    )}
  </>
);
