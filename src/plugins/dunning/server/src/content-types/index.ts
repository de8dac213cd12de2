import dunningCase from './case/schema.json';
import customerAction from './customer-action/schema.json';
import customerSetting from './customer-setting/schema.json';
import deliveryEvent from './delivery-event/schema.json';
import inboundMessage from './inbound-message/schema.json';
import lock from './lock/schema.json';
import promise from './promise/schema.json';
import reminder from './reminder/schema.json';
import scenario from './scenario/schema.json';
import suppression from './suppression/schema.json';
import template from './template/schema.json';

export default {
  template: { schema: template },
  scenario: { schema: scenario },
  reminder: { schema: reminder },
  case: { schema: dunningCase },
  lock: { schema: lock },
  promise: { schema: promise },
  'delivery-event': { schema: deliveryEvent },
  'customer-setting': { schema: customerSetting },
  'customer-action': { schema: customerAction },
  suppression: { schema: suppression },
  'inbound-message': { schema: inboundMessage },
};
