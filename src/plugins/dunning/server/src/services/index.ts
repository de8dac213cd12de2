import receivables from './receivables';
import mailer from './mailer';

export default {
  receivables,
  mailer,
};
