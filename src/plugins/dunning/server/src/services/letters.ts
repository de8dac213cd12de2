import type { Core } from '@strapi/strapi';
import PDFDocument from 'pdfkit';
import type { Labels, LetterPart } from '../rules/message-layout';
import type { TemplateContext } from '../rules/template-context';

/**
 * Letters as PDF (SPEC F3.3): the company's header, the customer's address block, the
 * date, the subject, the rendered paragraphs, and the invoices table where the template
 * puts it. One letter per call; batches (issue 5) put several in one document.
 */

export type Letter = { subject: string; parts: LetterPart[]; context: TemplateContext; labels: Labels };

const MARGIN = 56;

/**
 * The standard PDF fonts encode WinAnsi only: the narrow and thin spaces that locales
 * put in amounts (1 200,50 €) become the no-break space they stand for.
 */
const printable = (text: string) => text.replace(/[\u202f\u2009]/g, '\u00a0');

const drawInvoicesTable = (doc: PDFKit.PDFDocument, context: TemplateContext, labels: Labels) => {
  const columns = [
    { key: 'number', label: labels.number, width: 120 },
    { key: 'issueDate', label: labels.issueDate, width: 95 },
    { key: 'dueDate', label: labels.dueDate, width: 95 },
    { key: 'amountDue', label: labels.amountDue, width: 95 },
    { key: 'daysOverdue', label: labels.daysOverdue, width: 78 },
  ] as const;
  const row = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = MARGIN;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((cell, index) => {
      doc.text(printable(cell), x, y, { width: columns[index].width - 6 });
      x += columns[index].width;
    });
    doc.moveDown(0.4);
    doc.x = MARGIN;
  };
  doc.moveDown(0.5);
  row(columns.map((column) => column.label), true);
  for (const invoice of context.invoices) row(columns.map((column) => invoice[column.key]), false);
  row([labels.total, '', '', context.totalAmount, ''], true);
  doc.moveDown(0.8);
};

const renderLetter = (doc: PDFKit.PDFDocument, { subject, parts, context, labels }: Letter) => {
  doc.font('Helvetica-Bold').fontSize(12).text(printable(context.company.name), MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(9).text(printable([context.company.address, context.company.email, context.company.phone].filter(Boolean).join('\n')));

  doc.font('Helvetica-Bold').fontSize(10).text(printable(context.customer.name), 330, 150, { width: 210 });
  doc.font('Helvetica').text(printable(context.customer.address), { width: 210 });

  doc.text(printable(context.today), MARGIN, 250, { align: 'right', width: doc.page.width - 2 * MARGIN });
  doc.moveDown(2);
  if (subject) doc.font('Helvetica-Bold').fontSize(11).text(printable(subject), MARGIN).moveDown(1);

  doc.font('Helvetica').fontSize(10);
  for (const part of parts) {
    if (part.kind === 'invoicesTable') drawInvoicesTable(doc, context, labels);
    else doc.font('Helvetica').fontSize(10).text(printable(part.text), MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN }).moveDown(0.8);
  }
};

export default (_: { strapi: Core.Strapi }) => ({
  /** One PDF holding each letter on its own page(s). */
  async render(letters: Letter[]): Promise<Buffer> {
    const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: letters[0]?.subject ?? 'Letter' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    letters.forEach((letter, index) => {
      if (index > 0) doc.addPage();
      renderLetter(doc, letter);
    });
    doc.end();
    return done;
  },
});
