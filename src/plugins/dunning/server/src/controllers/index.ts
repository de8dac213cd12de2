import cases from './cases';
import engine from './engine';
import mapping from './mapping';
import overview from './overview';
import reminders from './reminders';
import reports from './reports';
import scenarios from './scenarios';
import senders from './senders';
import settings from './settings';
import statement from './statement';
import templates from './templates';

export default {
  cases,
  engine,
  mapping,
  overview,
  reminders,
  reports,
  scenarios,
  senders,
  settings,
  statement,
  templates,
};
