import batches from './batches';
import cases from './cases';
import contactsToFix from './contacts-to-fix';
import customers from './customers';
import engine from './engine';
import history from './history';
import inbound from './inbound';
import mapping from './mapping';
import overview from './overview';
import portal from './portal';
import promises from './promises';
import reminders from './reminders';
import reports from './reports';
import scenarios from './scenarios';
import senders from './senders';
import settings from './settings';
import statement from './statement';
import templates from './templates';
import tracking from './tracking';

export default {
  batches,
  cases,
  contactsToFix,
  customers,
  engine,
  mapping,
  history,
  inbound,
  overview,
  portal,
  promises,
  reminders,
  reports,
  scenarios,
  senders,
  settings,
  statement,
  templates,
  tracking,
};
