import cases from './cases';
import history from './history';
import overview from './overview';
import portal from './portal';
import reminders from './reminders';
import scenarios from './scenarios';
import senders from './senders';
import settings from './settings';
import statement from './statement';
import templates from './templates';
import tracking from './tracking';

export default {
  cases,
  history,
  overview,
  portal,
  reminders,
  scenarios,
  senders,
  settings,
  statement,
  templates,
  tracking,
};
