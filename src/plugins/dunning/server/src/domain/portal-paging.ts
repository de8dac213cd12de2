/**
 * The customer portal's list of open invoices, a page at a time (SPEC F7.4): which page
 * a `?page=` asks for, and where that page starts.
 */

/** Open invoices per page of the portal: the page stays light however many a customer has. */
export const PORTAL_PAGE_SIZE = 50;

/**
 * The page of the list a `?page=` asks for: absent is the first; a number past the last
 * page is the last (invoices get paid between two clicks); anything but a whole number
 * from 1 is null, refused as a bad address.
 */
export const portalPageOf = (
  requested: unknown,
  total: number
): { page: number; pageCount: number; offset: number } | null => {
  if (
    requested !== undefined &&
    (typeof requested !== 'string' || !/^[1-9][0-9]{0,8}$/.test(requested))
  )
    return null;
  const pageCount = Math.max(1, Math.ceil(total / PORTAL_PAGE_SIZE));
  const page = Math.min(requested === undefined ? 1 : Number(requested), pageCount);
  return { page, pageCount, offset: (page - 1) * PORTAL_PAGE_SIZE };
};
