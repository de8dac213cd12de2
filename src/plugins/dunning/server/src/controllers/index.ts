import overview from './overview';
import reminders from './reminders';
import senders from './senders';
import settings from './settings';
import statement from './statement';
import templates from './templates';

export default {
  overview,
  reminders,
  senders,
  settings,
  statement,
  templates,
};
