/** SPEC F3.1: up to 15 files and 15 MB in total, counted on the raw bytes. */
export const MAX_ATTACHMENTS = 15;
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

export type AttachmentSize = { name: string; size: number };

/** The first rule an attachment list breaks, or null. */
export const attachmentLimitProblem = (files: AttachmentSize[]): string | null => {
  if (files.length > MAX_ATTACHMENTS) return `at most ${MAX_ATTACHMENTS} files, got ${files.length}`;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_ATTACHMENT_BYTES) return `at most ${MAX_ATTACHMENT_BYTES} bytes (15 MB) in total, got ${total}`;
  return null;
};
