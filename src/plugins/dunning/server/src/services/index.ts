import cases from './cases';
import files from './files';
import history from './history';
import letters from './letters';
import mailer from './mailer';
import manualReminders from './manual-reminders';
import portal from './portal';
import receivables from './receivables';
import reminders from './reminders';
import scenarios from './scenarios';
import settings from './settings';
import templates from './templates';
import tracking from './tracking';

export default {
  cases,
  files,
  history,
  letters,
  mailer,
  'manual-reminders': manualReminders,
  portal,
  receivables,
  reminders,
  scenarios,
  settings,
  templates,
  tracking,
};
