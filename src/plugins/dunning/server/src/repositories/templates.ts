import type { Core } from '@strapi/strapi';

import type { TemplateRecord } from '../domain/records';

/** The message templates (plugin::dunning.template), through the Document Service. */

const UID = 'plugin::dunning.template';

type Entity = Record<string, any>;

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
  data: Entity,
  field: string
): Promise<Entity> => {
  const documentId = data[field];
  if (typeof documentId !== 'string') return data;
  const found = await strapi.db
    .query(UID as any)
    .findOne({ where: { documentId }, select: ['id'] });
  return found ? { ...data, [field]: { id: found.id } } : data;
};

/** A template as the Document Service returns it (untyped for a plugin's own uid). */
const asTemplate = (found: Entity | null | undefined) => (found ?? null) as TemplateRecord | null;

export const templateRepository = (strapi: Core.Strapi) => {
  const documents = () => strapi.documents(UID as any);

  return {
    async list(filters: { type?: string; channel?: string; locale?: string }): Promise<Entity[]> {
      return documents().findMany({
        filters: filters as any,
        sort: ['type:asc', 'channel:asc', 'name:asc'],
        limit: 500,
      });
    },

    async findOne(documentId: string): Promise<TemplateRecord | null> {
      return asTemplate(await documents().findOne({ documentId }));
    },

    /** The template with this predefined key (`isPredefined` narrows it to the predefined one). */
    async findByPredefinedKey(
      predefinedKey: string,
      isPredefined?: boolean
    ): Promise<TemplateRecord | null> {
      const filters =
        isPredefined === undefined ? { predefinedKey } : { predefinedKey, isPredefined };
      const [template] = await documents().findMany({ filters, limit: 1 });
      return asTemplate(template);
    },

    /** The predefined templates' keys and documentIds, in one language when given. */
    async predefined(
      locale?: string
    ): Promise<Array<{ documentId: string; predefinedKey: string }>> {
      return (await documents().findMany({
        filters: { isPredefined: true, ...(locale ? { locale } : {}) },
        fields: ['predefinedKey'],
        limit: 1000,
      })) as any[];
    },

    /** The channel of each template that exists among `documentIds`. */
    async channelsOf(documentIds: string[]): Promise<Map<string, string>> {
      const found = await documents().findMany({
        filters: { documentId: { $in: documentIds } },
        fields: ['channel'],
        limit: documentIds.length,
      });
      return new Map(found.map((template: Entity) => [template.documentId, template.channel]));
    },

    /** Every template's id and type by documentId, for a planning round. */
    async typesByDocumentId(): Promise<Map<string, { id: number; type: string }>> {
      const found = await strapi.db
        .query(UID as any)
        .findMany({ select: ['id', 'documentId', 'type'] });
      return new Map(
        found.map((template: Entity) => [
          template.documentId,
          { id: template.id, type: template.type },
        ])
      );
    },

    async create(data: Entity): Promise<Entity> {
      return documents().create({ data: data as any });
    },

    async update(documentId: string, data: Entity): Promise<Entity> {
      return documents().update({ documentId, data: data as any }) as Promise<Entity>;
    },

    async remove(documentId: string) {
      await documents().delete({ documentId });
    },
  };
};
