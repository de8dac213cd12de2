import { z } from 'zod';
import { isValidAddress } from '../rules/addresses';

const address = z.string().refine(isValidAddress, { message: 'is not a valid e-mail address' });

/** The plugin's settings, kept in the plugin store. Issue-by-issue, more groups join. */
export const settingsSchema = z
  .object({
    /** F6.4: a copy of every reminder e-mail goes to this address. */
    bccCopy: address.nullable(),
    company: z
      .object({
        name: z.string().trim().max(200),
        address: z.string().trim().max(500),
        email: z.union([address, z.literal('')]),
        phone: z.string().trim().max(50),
      })
      .strict(),
  })
  .strict();

export type Settings = {
  bccCopy: string | null;
  company: { name: string; address: string; email: string; phone: string };
};

export const DEFAULT_SETTINGS: Settings = {
  bccCopy: null,
  company: { name: 'Your Company', address: '', email: '', phone: '' },
};
