import type { Core } from '@strapi/strapi';

import type { MediaRecord } from '../domain/records';

/** The media library's files (plugin::upload.file), as the plugin reads them back. */
export const uploadRepository = (strapi: Core.Strapi) => ({
  async findFile(id: number): Promise<MediaRecord | null> {
    return (await strapi.db
      .query('plugin::upload.file')
      .findOne({ where: { id } })) as MediaRecord | null;
  },
});
