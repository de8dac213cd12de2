/**
 * What the server and the admin share (the package's `strapi-plugin-dunning/shared`):
 * the domain vocabulary and one contract per route group (request schemas, response types).
 */
export * from './addresses';
export * from './calendar';
export * as batches from './contracts/batches';
export * as common from './contracts/common';
export * as contactsToFix from './contracts/contacts-to-fix';
export * as customers from './contracts/customers';
export * as deliveryEvents from './contracts/delivery-events';
export * as engine from './contracts/engine';
export * as history from './contracts/history';
export * as inbound from './contracts/inbound';
export * as overview from './contracts/overview';
export * as portal from './contracts/portal';
export * as promises from './contracts/promises';
export * as reminders from './contracts/reminders';
export * as reports from './contracts/reports';
export * as scenarios from './contracts/scenarios';
export * as settings from './contracts/settings';
export * as statement from './contracts/statement';
export * as templates from './contracts/templates';
export * from './records';
export * from './vocabulary';
