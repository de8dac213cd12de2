import type { Core } from '@strapi/strapi';

/** The message templates (plugin::dunning.template), through the Document Service. */

const UID = 'plugin::dunning.template';

type Entity = Record<string, any>;

export const templateRepository = (strapi: Core.Strapi) => {
  const documents = () => strapi.documents(UID as any);

  return {
    async list(filters: { type?: string; channel?: string; locale?: string }): Promise<Entity[]> {
      return documents().findMany({ filters: filters as any, sort: ['type:asc', 'channel:asc', 'name:asc'], limit: 500 });
    },

    async findOne(documentId: string): Promise<Entity | null> {
      return documents().findOne({ documentId });
    },

    /** The template with this predefined key (`isPredefined` narrows it to the predefined one). */
    async findByPredefinedKey(predefinedKey: string, isPredefined?: boolean): Promise<Entity | null> {
      const filters = isPredefined === undefined ? { predefinedKey } : { predefinedKey, isPredefined };
      const [template] = await documents().findMany({ filters, limit: 1 });
      return template ?? null;
    },

    /** The predefined templates' keys and documentIds, in one language when given. */
    async predefined(locale?: string): Promise<Array<{ documentId: string; predefinedKey: string }>> {
      return (await documents().findMany({ filters: { isPredefined: true, ...(locale ? { locale } : {}) }, fields: ['predefinedKey'], limit: 1000 })) as any[];
    },

    /** The channel of each template that exists among `documentIds`. */
    async channelsOf(documentIds: string[]): Promise<Map<string, string>> {
      const found = await documents().findMany({ filters: { documentId: { $in: documentIds } }, fields: ['channel'], limit: documentIds.length });
      return new Map(found.map((template: Entity) => [template.documentId, template.channel]));
    },

    /** Every template's id and type by documentId, for a planning round. */
    async typesByDocumentId(): Promise<Map<string, { id: number; type: string }>> {
      const found = await strapi.db.query(UID as any).findMany({ select: ['id', 'documentId', 'type'] });
      return new Map(found.map((template: Entity) => [template.documentId, { id: template.id, type: template.type }]));
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
