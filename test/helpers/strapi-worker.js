/**
 * Another Strapi instance, in its own process, for the multi-instance and crash tests:
 * it boots the built app with the environment it was given (the same database as the
 * test's app) and runs engine ticks on request over IPC.
 */
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const root = path.resolve(__dirname, '../..');

const main = async () => {
  const strapi = createStrapi({ appDir: root, distDir: path.join(root, 'dist') });
  await strapi.load();
  process.on('message', async (message) => {
    if (message.stop) {
      await strapi.destroy();
      process.exit(0);
    }
    try {
      const result = await strapi
        .plugin('dunning')
        .service('engine')
        .tick({ now: new Date(message.now) });
      process.send({ id: message.id, result });
    } catch (error) {
      process.send({ id: message.id, error: error.stack || String(error) });
    }
  });
  process.send({ ready: true });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
