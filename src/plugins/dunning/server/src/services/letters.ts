import type { Core } from '@strapi/strapi';
import PDFDocument from 'pdfkit';

import type { Labels, Letter } from '../domain/message-layout';
import type { TemplateContext, TemplateInvoice } from '../domain/template-context';

/**
 * Letters as PDF (SPEC F3.3): the company's header, the customer's address block, the
 * date, the subject, the rendered paragraphs, and the invoices table where the template
 * puts it. One letter per call; batches (F5.3) put several in one document. And
 * statements of account (F3.1, F3.5), under the same heading.
 */

/** A statement of account: its context (formatted for the customer) and its totals per currency, formatted too. */
export type Statement = {
  context: TemplateContext;
  labels: Labels;
  totals: Array<{ currency: string; amountDue: string; lateCharges: string; total: string }>;
};

const MARGIN = 56;

/**
 * The standard PDF fonts encode WinAnsi only: the narrow and thin spaces that locales
 * put in amounts (1 200,50 €) become the no-break space they stand for.
 */
const printable = (text: string) => text.replace(/[\u202f\u2009]/g, '\u00a0');

/** One row of a table: each cell in its column, from the left margin. */
const tableRow = (doc: PDFKit.PDFDocument, widths: number[], cells: string[], bold: boolean) => {
  const y = doc.y;
  let x = MARGIN;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  cells.forEach((cell, index) => {
    doc.text(printable(cell), x, y, { width: widths[index] - 6 });
    x += widths[index];
  });
  doc.moveDown(0.4);
  doc.x = MARGIN;
};

const drawInvoicesTable = (doc: PDFKit.PDFDocument, context: TemplateContext, labels: Labels) => {
  const columns = [
    { key: 'number', label: labels.number, width: 120 },
    { key: 'issueDate', label: labels.issueDate, width: 95 },
    { key: 'dueDate', label: labels.dueDate, width: 95 },
    { key: 'amountDue', label: labels.amountDue, width: 95 },
    { key: 'daysOverdue', label: labels.daysOverdue, width: 78 },
  ] as const;
  const row = (cells: string[], bold: boolean) =>
    tableRow(
      doc,
      columns.map((column) => column.width),
      cells,
      bold
    );
  doc.moveDown(0.5);
  row(
    columns.map((column) => column.label),
    true
  );
  for (const invoice of context.invoices)
    row(
      columns.map((column) => invoice[column.key]),
      false
    );
  row([labels.total, '', '', context.totalAmount, ''], true);
  doc.moveDown(0.8);
};

/** The company's header, the customer's address block and the date, as letters and statements open. */
const drawHeading = (doc: PDFKit.PDFDocument, context: TemplateContext) => {
  doc.font('Helvetica-Bold').fontSize(12).text(printable(context.company.name), MARGIN, MARGIN);
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      printable(
        [context.company.address, context.company.email, context.company.phone]
          .filter(Boolean)
          .join('\n')
      )
    );

  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .text(printable(context.customer.name), 330, 150, { width: 210 });
  doc.font('Helvetica').text(printable(context.customer.address), { width: 210 });

  doc.text(printable(context.today), MARGIN, 250, {
    align: 'right',
    width: doc.page.width - 2 * MARGIN,
  });
  doc.moveDown(2);
};

const renderLetter = (doc: PDFKit.PDFDocument, { subject, parts, context, labels }: Letter) => {
  drawHeading(doc, context);
  if (subject) doc.font('Helvetica-Bold').fontSize(11).text(printable(subject), MARGIN).moveDown(1);

  doc.font('Helvetica').fontSize(10);
  for (const part of parts) {
    if (part.kind === 'invoicesTable') drawInvoicesTable(doc, context, labels);
    else
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(printable(part.text), MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN })
        .moveDown(0.8);
  }
};

/**
 * A statement of account: the heading, then each open invoice with its dates, amount
 * due, days overdue and late charges, then per currency the amount due, the charges and
 * both together.
 */
const renderStatement = (doc: PDFKit.PDFDocument, { context, labels, totals }: Statement) => {
  drawHeading(doc, context);
  doc.font('Helvetica-Bold').fontSize(11).text(printable(labels.statement), MARGIN).moveDown(0.5);
  const columns = [
    { label: labels.number, width: 70, cell: (invoice: TemplateInvoice) => invoice.number },
    { label: labels.issueDate, width: 90, cell: (invoice: TemplateInvoice) => invoice.issueDate },
    { label: labels.dueDate, width: 90, cell: (invoice: TemplateInvoice) => invoice.dueDate },
    { label: labels.amountDue, width: 85, cell: (invoice: TemplateInvoice) => invoice.amountDue },
    {
      label: labels.daysOverdue,
      width: 55,
      cell: (invoice: TemplateInvoice) => invoice.daysOverdue,
    },
    {
      label: labels.lateCharges,
      width: 93,
      cell: (invoice: TemplateInvoice) => invoice.lateFees.total,
    },
  ];
  const row = (cells: string[], bold: boolean) =>
    tableRow(
      doc,
      columns.map((column) => column.width),
      cells,
      bold
    );
  row(
    columns.map((column) => column.label),
    true
  );
  for (const invoice of context.invoices)
    row(
      columns.map((column) => column.cell(invoice)),
      false
    );
  doc.moveDown(0.8);
  for (const total of totals) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(printable(`${labels.total} ${total.currency}: ${total.amountDue}`), MARGIN);
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(printable(`${labels.lateCharges}: ${total.lateCharges}`), MARGIN);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(printable(`${labels.totalWithCharges}: ${total.total}`), MARGIN)
      .moveDown(0.6);
  }
};

/** A PDF drawn by `draw`, as bytes. */
const toPdf = (title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> => {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
};

export default (_: { strapi: Core.Strapi }) => ({
  /** One PDF holding each letter on its own page(s). */
  render(letters: Letter[]): Promise<Buffer> {
    return toPdf(letters[0]?.subject ?? 'Letter', (doc) =>
      letters.forEach((letter, index) => {
        if (index > 0) doc.addPage();
        renderLetter(doc, letter);
      })
    );
  },

  /** One customer's statement of account (F3.5). */
  statement(statement: Statement): Promise<Buffer> {
    return toPdf(`${statement.labels.statement} ${statement.context.customer.name}`, (doc) =>
      renderStatement(doc, statement)
    );
  },
});
