import type { Core } from '@strapi/strapi';

import { TEMPLATE_UID } from '../content-types/uids';
import type { TemplateRecord } from '../domain/records';
import { documentsOf, queryOf } from './sql/typed-strapi';

/** The message templates (plugin::dunning.template), through the Document Service. */

/** A template as written. */
export type TemplateData = Partial<Omit<TemplateRecord, 'id' | 'documentId' | 'updatedAt'>>;

/** A template row as saved: its record and its id. */
type TemplateRow = TemplateRecord & { id: number };

/**
 * `data` with its relation `field` to a template given by entity id, not documentId.
 * Strapi up to 5.49 looks a relation's documentId up with `locale = null` whatever the
 * target type, localized or not, and a template has a `locale` field of its own: no
 * template was ever found that way (a 400, "Document with id …, locale "null" not
 * found"). By id there is no lookup, on any version. An unknown documentId is left for
 * Strapi to refuse.
 */
export const withTemplateById = async (
  strapi: Core.Strapi,
  data: Record<string, unknown>,
  field: string
): Promise<Record<string, unknown>> => {
  const documentId = data[field];
  if (typeof documentId !== 'string') return data;
  const found = await queryOf<TemplateRow>(strapi, TEMPLATE_UID).findOne<Pick<TemplateRow, 'id'>>({
    where: { documentId },
    select: ['id'],
  });
  return found ? { ...data, [field]: { id: found.id } } : data;
};

export const templateRepository = (strapi: Core.Strapi) => {
  const documents = () => documentsOf<TemplateRow>(strapi, TEMPLATE_UID);

  return {
    async list(filters: {
      type?: string;
      channel?: string;
      locale?: string;
    }): Promise<TemplateRow[]> {
      return documents().findMany({
        filters,
        sort: ['type:asc', 'channel:asc', 'name:asc'],
        limit: 500,
      });
    },

    async findOne(documentId: string): Promise<TemplateRecord | null> {
      return documents().findOne({ documentId });
    },

    /** The template with this predefined key (`isPredefined` narrows it to the predefined one). */
    async findByPredefinedKey(
      predefinedKey: string,
      isPredefined?: boolean
    ): Promise<TemplateRecord | null> {
      const filters =
        isPredefined === undefined ? { predefinedKey } : { predefinedKey, isPredefined };
      const [template] = await documents().findMany({ filters, limit: 1 });
      return template ?? null;
    },

    /** The predefined templates' keys and documentIds, in one language when given. */
    async predefined(
      locale?: string
    ): Promise<Array<{ documentId: string; predefinedKey: string }>> {
      return documents().findMany<{ documentId: string; predefinedKey: string }>({
        filters: { isPredefined: true, ...(locale ? { locale } : {}) },
        fields: ['predefinedKey'],
        limit: 1000,
      });
    },

    /** The channel of each template that exists among `documentIds`. */
    async channelsOf(documentIds: string[]): Promise<Map<string, string>> {
      const found = await documents().findMany<Pick<TemplateRow, 'documentId' | 'channel'>>({
        filters: { documentId: { $in: documentIds } },
        fields: ['channel'],
        limit: documentIds.length,
      });
      return new Map(found.map((template) => [template.documentId, template.channel]));
    },

    /** Every template's id and type by documentId, for a planning round. */
    async typesByDocumentId(): Promise<Map<string, { id: number; type: TemplateRecord['type'] }>> {
      const found = await queryOf<TemplateRow>(strapi, TEMPLATE_UID).findMany<
        Pick<TemplateRow, 'id' | 'documentId' | 'type'>
      >({ select: ['id', 'documentId', 'type'] });
      return new Map(
        found.map((template) => [template.documentId, { id: template.id, type: template.type }])
      );
    },

    async create(data: TemplateData): Promise<TemplateRow> {
      return documents().create({ data });
    },

    async update(documentId: string, data: TemplateData): Promise<TemplateRow | null> {
      return documents().update({ documentId, data });
    },

    async remove(documentId: string) {
      await documents().delete({ documentId });
    },
  };
};
