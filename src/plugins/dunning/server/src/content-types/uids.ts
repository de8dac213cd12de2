/**
 * The plugin's content types by UID, and the tables the repositories query in SQL, named
 * once: each matches its `content-types/<name>/schema.json` (singular name, collection name).
 */

export const TEMPLATE_UID = 'plugin::dunning.template' as const;
export const SCENARIO_UID = 'plugin::dunning.scenario' as const;
export const REMINDER_UID = 'plugin::dunning.reminder' as const;
export const CASE_UID = 'plugin::dunning.case' as const;
export const LOCK_UID = 'plugin::dunning.lock' as const;
export const PROMISE_UID = 'plugin::dunning.promise' as const;
export const DELIVERY_EVENT_UID = 'plugin::dunning.delivery-event' as const;
export const CUSTOMER_SETTING_UID = 'plugin::dunning.customer-setting' as const;
export const CUSTOMER_ACTION_UID = 'plugin::dunning.customer-action' as const;
export const SUPPRESSION_UID = 'plugin::dunning.suppression' as const;
export const INBOUND_MESSAGE_UID = 'plugin::dunning.inbound-message' as const;

export type DunningUid =
  | typeof TEMPLATE_UID
  | typeof SCENARIO_UID
  | typeof REMINDER_UID
  | typeof CASE_UID
  | typeof LOCK_UID
  | typeof PROMISE_UID
  | typeof DELIVERY_EVENT_UID
  | typeof CUSTOMER_SETTING_UID
  | typeof CUSTOMER_ACTION_UID
  | typeof SUPPRESSION_UID
  | typeof INBOUND_MESSAGE_UID;

export const REMINDER_TABLE = 'dunning_reminders';
export const CASE_TABLE = 'dunning_cases';
export const CUSTOMER_SETTING_TABLE = 'dunning_customer_settings';
