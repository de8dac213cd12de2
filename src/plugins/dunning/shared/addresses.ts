import isEmail from 'validator/lib/isEmail';

/** Characters that would let one "address" carry a header or a second recipient. */
const SMUGGLING = /[\r\n\0,;<>"]/;

/** True for one plain address (`local@domain`), nothing before or after it. */
export const isValidAddress = (address: string): boolean =>
  typeof address === 'string' &&
  address.length <= 254 &&
  !SMUGGLING.test(address) &&
  isEmail(address, { allow_display_name: false, require_tld: true, allow_ip_domain: false });
