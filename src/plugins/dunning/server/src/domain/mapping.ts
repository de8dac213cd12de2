import { SCENARIO_UID } from '../content-types/uids';
import {
  FIELD_RULES,
  type FieldKind,
  type FieldRule,
  type ModelName,
  type ReceivablesInput,
  type ReceivablesMapping,
  unnamedOptionalFields,
} from './receivables-mapping';

/** The part of a Strapi content-type schema the check reads. */
export type AttributeLike = { type: string; target?: string; enum?: string[] };
export type SchemaLookup = (
  uid: string
) => { attributes: Record<string, AttributeLike> } | undefined;

const ATTRIBUTE_TYPES: Record<Exclude<FieldKind, 'relation'>, string[]> = {
  text: ['string', 'text', 'richtext', 'email', 'uid', 'integer', 'biginteger'],
  number: ['decimal', 'float', 'integer', 'biginteger'],
  date: ['date', 'datetime', 'timestamp'],
  boolean: ['boolean'],
  media: ['media'],
  choice: ['string', 'text', 'enumeration'],
};

export const ADMIN_USER_UID = 'admin::user';

const targetUid = (mapping: ReceivablesMapping, target: NonNullable<FieldRule['target']>) => {
  if (target === 'scenario') return SCENARIO_UID;
  if (target === 'adminUser') return ADMIN_USER_UID;
  return mapping[target].uid;
};

/**
 * Checks the receivables mapping against the content types Strapi loaded. Returns one
 * message per problem, each naming the config path of the mapped field, so a typo in
 * `config/plugins.ts` is reported before anything reads the data.
 */
export const findMappingErrors = (mapping: ReceivablesMapping, lookup: SchemaLookup): string[] => {
  const errors: string[] = [];

  for (const model of Object.keys(FIELD_RULES) as ModelName[]) {
    const { uid, fields } = mapping[model];
    const base = `dunning.receivables.${model}`;
    const schema = lookup(uid);
    if (!schema) {
      errors.push(`${base}.uid: content type "${uid}" does not exist`);
      continue;
    }

    const rules = FIELD_RULES[model] as Record<string, FieldRule>;
    for (const [field, rule] of Object.entries(rules)) {
      const path = `${base}.fields.${field}`;
      const attributeName = (fields as Record<string, string | null>)[field];
      if (attributeName === null || attributeName === undefined) {
        if (rule.required) {
          // A team's own model may call it as the plugin does: the hint gives the line to write.
          const sameName = schema.attributes[field]
            ? ` (${uid} has an attribute "${field}": ${field}: '${field}')`
            : '';
          errors.push(
            `${path}: required: name the attribute of ${uid} that holds ${rule.purpose}${sameName}`
          );
        }
        continue;
      }
      const attribute = schema.attributes[attributeName];
      if (!attribute) {
        errors.push(`${path}: "${attributeName}" is not an attribute of ${uid}`);
        continue;
      }
      if (rule.kind === 'relation') {
        const expected = targetUid(mapping, rule.target!);
        if (attribute.type !== 'relation' || attribute.target !== expected) {
          errors.push(`${path}: "${attributeName}" of ${uid} must be a relation to ${expected}`);
        }
        continue;
      }
      if (!ATTRIBUTE_TYPES[rule.kind].includes(attribute.type)) {
        errors.push(
          `${path}: "${attributeName}" of ${uid} is of type ${attribute.type}, expected ${ATTRIBUTE_TYPES[rule.kind].join(' or ')}`
        );
      }
    }
  }

  const statusAttribute = mapping.invoice.fields.status
    ? lookup(mapping.invoice.uid)?.attributes[mapping.invoice.fields.status]
    : undefined;
  if (statusAttribute?.type === 'enumeration') {
    for (const [status, values] of Object.entries(mapping.invoice.statuses)) {
      for (const value of values) {
        if (!statusAttribute.enum?.includes(value)) {
          errors.push(
            `dunning.receivables.invoice.statuses.${status}: "${value}" is not a value of ${mapping.invoice.uid}.${mapping.invoice.fields.status}`
          );
        }
      }
    }
  }

  return errors;
};

/**
 * The startup log's word on a model of the team's own whose mapping leaves optional
 * fields unnamed: one line per model, naming them and where to map them.
 */
export const unmappedFieldNotices = (input: ReceivablesInput): string[] =>
  unnamedOptionalFields(input).map(
    ({ model, uid, fields }) =>
      `[dunning] ${uid} (dunning.receivables.${model}) does not map the optional fields ${fields.join(', ')}: what needs them is off. ` +
      `To map one, name your attribute under dunning.receivables.${model}.fields (the plugin README, "Your receivables model").`
  );
