import access from './access';
import batches from './batches';
import bulkReminders from './bulk-reminders';
import bulkStatements from './bulk-statements';
import contactsToFix from './contacts-to-fix';
import customerSettings from './customer-settings';
import cases from './engine/cases';
import delivery from './engine/delivery';
import engine from './engine/engine';
import locks from './engine/locks';
import notices from './engine/notices';
import offlineChannels from './engine/offline-channels';
import planner from './engine/planner';
import files from './files';
import forecast from './forecast';
import history from './history';
import inbound from './inbound';
import letters from './letters';
import mailer from './mailer';
import manualReminders from './manual-reminders';
import messages from './messages';
import portal from './portal';
import portalActions from './portal-actions';
import promises from './promises';
import receivables from './receivables';
import reminders from './reminders';
import reports from './reports';
import scenarios from './scenarios';
import senders from './senders';
import settings from './settings';
import statements from './statements';
import suppressions from './suppressions';
import templates from './templates';
import tracking from './tracking';

export default {
  access,
  batches,
  'bulk-reminders': bulkReminders,
  'bulk-statements': bulkStatements,
  cases,
  'contacts-to-fix': contactsToFix,
  'customer-settings': customerSettings,
  delivery,
  engine,
  files,
  forecast,
  history,
  inbound,
  letters,
  locks,
  mailer,
  'manual-reminders': manualReminders,
  messages,
  notices,
  'offline-channels': offlineChannels,
  planner,
  portal,
  'portal-actions': portalActions,
  promises,
  receivables,
  reminders,
  reports,
  scenarios,
  senders,
  settings,
  statements,
  suppressions,
  templates,
  tracking,
};
