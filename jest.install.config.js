/** `npm run test:install`: the plugin packed and installed in a fresh Strapi app (test/install). */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/install'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600000,
};
