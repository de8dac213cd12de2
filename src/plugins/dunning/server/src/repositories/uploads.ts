import type { Core } from '@strapi/strapi';

/** The media library's files (plugin::upload.file), as the plugin reads them back. */

export type MediaFile = { id: number; name: string; url: string; mime: string };

export const uploadRepository = (strapi: Core.Strapi) => ({
  async findFile(id: number): Promise<MediaFile | null> {
    return (await strapi.db.query('plugin::upload.file').findOne({ where: { id } })) as MediaFile | null;
  },
});
