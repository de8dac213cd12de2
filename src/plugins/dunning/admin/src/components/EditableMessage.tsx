import {
  Box,
  Flex,
  IconButton,
  Table,
  Tbody,
  Td,
  Textarea,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';

import type { StatementInvoice } from '../../../shared/contracts/statement';
import { useFormat } from '../hooks/useFormat';

/** A block helper in the message: filled in when the message is sent. */
const BLOCK = /(\{\{\s*(?:invoicesTable|accessInvoicesButton)\s*\}\})/;
const blockName = (marker: string) =>
  marker.includes('invoicesTable') ? 'invoicesTable' : 'accessInvoicesButton';

type Props = { value: string; onChange: (value: string) => void; invoices: StatementInvoice[] };

/**
 * Words without the blank lines that set them apart from the blocks; those stay as they
 * were, and words typed where there were none get a paragraph of their own.
 */
const framing = (part: string) => {
  const [, before, words, after] = /^(\s*)([^]*?)(\s*)$/.exec(part)!;
  return words ? { before, words, after } : { before: part, words, after: '\n\n' };
};

const Words = ({ part, onChange }: { part: string; onChange: (part: string) => void }) => {
  const { t } = useFormat();
  const { before, words, after } = framing(part);
  const lines = words.split('\n').length;
  return (
    <Textarea
      aria-label={t('modal.body')}
      data-testid="message-text"
      value={words}
      style={{ minHeight: `${Math.min(20, Math.max(3, lines + 1)) * 1.5}em` }}
      onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
        onChange(`${before}${event.target.value}${after}`)
      }
    />
  );
};

/**
 * The message as the customer will read it, edited as plain text: the words in text
 * areas, the invoice table and the "Access invoices" button between them as blocks the
 * clerk sees and may remove, but not edit — they are filled in when the message is sent.
 */
export const EditableMessage = ({ value, onChange, invoices }: Props) => {
  const { t, money, date } = useFormat();
  // split with a capture group: words at even indexes, block helpers at odd ones.
  const parts = value.split(BLOCK);
  const change = (index: number, part: string | null) =>
    onChange(
      parts
        .flatMap((existing, at) => (at !== index ? [existing] : part === null ? [] : [part]))
        .join('')
    );

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="editable-message">
      {parts.map((part, index) =>
        index % 2 === 0 ? (
          <Words key={index} part={part} onChange={(next) => change(index, next)} />
        ) : (
          <Box
            key={index}
            padding={3}
            hasRadius
            borderColor="primary200"
            background="primary100"
            data-testid={`block-${blockName(part)}`}
          >
            <Flex justifyContent="space-between" alignItems="center" paddingBottom={2}>
              <Typography variant="sigma" textColor="primary600">
                {t(`modal.block.${blockName(part)}`)}
              </Typography>
              <IconButton
                label={t('modal.block.remove')}
                variant="ghost"
                onClick={() => change(index, null)}
              >
                <Trash />
              </IconButton>
            </Flex>
            {blockName(part) === 'invoicesTable' ? (
              <Table colCount={3} rowCount={invoices.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('invoice.number')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('invoice.dueDate')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('invoice.amountDue')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {invoices.map((invoice) => (
                    <Tr key={invoice.documentId}>
                      <Td>
                        <Typography>{invoice.number}</Typography>
                      </Td>
                      <Td>
                        <Typography>{date(invoice.dueDate)}</Typography>
                      </Td>
                      <Td>
                        <Typography>{money(invoice.amountDue, invoice.currency)}</Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            ) : (
              <Typography fontWeight="bold">
                {t('modal.block.accessInvoicesButton.label')}
              </Typography>
            )}
          </Box>
        )
      )}
    </Flex>
  );
};
