/** SPEC F3.1: up to 15 files and 15 MB in total, counted on the raw bytes. */
export const MAX_ATTACHMENTS = 15;
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

export type AttachmentSize = { name: string; size: number };

/** The first rule an attachment list breaks, or null. */
export const attachmentLimitProblem = (files: AttachmentSize[]): string | null => {
  if (files.length > MAX_ATTACHMENTS)
    return `at most ${MAX_ATTACHMENTS} files, got ${files.length}`;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_ATTACHMENT_BYTES)
    return `at most ${MAX_ATTACHMENT_BYTES} bytes (15 MB) in total, got ${total}`;
  return null;
};

/**
 * The types a reminder may carry, by extension, with the MIME types a browser declares
 * for them. Nothing a browser would run (HTML, SVG, scripts): attachments are stored
 * by Strapi's upload provider, which the local provider serves from the app's origin.
 */
export const ATTACHMENT_TYPES: Record<string, string[]> = {
  pdf: ['application/pdf'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  gif: ['image/gif'],
  webp: ['image/webp'],
  txt: ['text/plain'],
  csv: ['text/csv', 'text/plain', 'application/vnd.ms-excel'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  odt: ['application/vnd.oasis.opendocument.text'],
  ods: ['application/vnd.oasis.opendocument.spreadsheet'],
};

/** Why a file's name or declared type is not on the allow-list, or null. */
export const attachmentTypeProblem = (name: string, mimeType: string): string | null => {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const types = extension ? ATTACHMENT_TYPES[extension] : undefined;
  if (!types)
    return `${name || 'a file'}: only ${Object.keys(ATTACHMENT_TYPES).join(', ')} files may be attached`;
  const declared = mimeType.split(';')[0].trim().toLowerCase();
  if (!types.includes(declared))
    return `${name}: a .${extension} file must be sent as ${types.join(' or ')}, not ${declared || 'no type'}`;
  return null;
};
