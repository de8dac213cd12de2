import { z } from 'zod';

import { attachmentTypeProblem } from '../domain/attachments';

/** The files of POST /dunning/reminders (multipart `attachments`): each on the allow-list of types. */
export const attachmentsSchema = z.object({
  attachments: z.array(
    z
      .object({ originalFilename: z.string().nullish(), mimetype: z.string().nullish() })
      .passthrough()
      .superRefine((file, ctx) => {
        const problem = attachmentTypeProblem(file.originalFilename ?? '', file.mimetype ?? '');
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      })
  ),
});
