import { execFileSync } from 'node:child_process';

/**
 * The text of each page of a PDF, read by pdf-parse (pdf.js). pdf.js loads its worker
 * with a dynamic import, which Jest's module sandbox refuses, so it runs in a plain Node
 * process.
 */
export const pdfPages = (pdf: Buffer): string[] => {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', async () => {
      const { pages } = await new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) }).getText();
      process.stdout.write(JSON.stringify(pages.map((page) => page.text)));
    });`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], {
      input: pdf,
      cwd: __dirname,
      maxBuffer: 64 * 1024 * 1024,
    }).toString()
  );
};

/** Every kind of space (Intl's narrow and no-break ones) as one plain space. */
export const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f\u2009]/g, ' ');

/** The text of the whole PDF, every run of spaces as one plain space. */
export const pdfText = (pdf: Buffer) =>
  plainSpaces(pdfPages(pdf).join('\n')).replace(/[ \t]+/g, ' ');

/** An amount as the statement prints it in `locale`, with plain spaces. */
export const money = (amount: number, currency: string, locale: string) =>
  plainSpaces(new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount));
