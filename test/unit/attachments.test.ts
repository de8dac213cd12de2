import { attachmentTypeProblem } from '../../src/plugins/dunning/server/src/domain/attachments';

/** The allow-list of attachment types (F3.1): by extension, with the declared MIME type. */
describe('attachmentTypeProblem', () => {
  it.each([
    ['invoice.pdf', 'application/pdf'],
    ['Scan.JPG', 'image/jpeg'],
    ['statement.csv', 'text/csv'],
    ['statement.csv', 'application/vnd.ms-excel'],
    ['note.txt', 'text/plain; charset=utf-8'],
    ['terms.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ])('accepts %s sent as %s', (name, type) => {
    expect(attachmentTypeProblem(name, type)).toBeNull();
  });

  it.each([
    ['page.html', 'text/html', 'page.html: only pdf, png'],
    ['logo.svg', 'image/svg+xml', 'logo.svg: only pdf, png'],
    ['run.js', 'application/pdf', 'run.js: only pdf'],
    ['noextension', 'application/pdf', 'noextension: only pdf'],
    ['', 'application/pdf', 'a file: only pdf'],
    [
      'invoice.pdf',
      'text/html',
      'invoice.pdf: a .pdf file must be sent as application/pdf, not text/html',
    ],
    ['invoice.pdf', '', 'invoice.pdf: a .pdf file must be sent as application/pdf, not no type'],
    [
      'photo.png',
      'application/octet-stream',
      'photo.png: a .png file must be sent as image/png, not application/octet-stream',
    ],
  ])('refuses %s sent as %s', (name, type, message) => {
    expect(attachmentTypeProblem(name, type)).toContain(message);
  });
});
