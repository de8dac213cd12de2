import type { BulkActionComponent } from '@strapi/content-manager/strapi-admin';
import type { StrapiApp } from '@strapi/strapi/admin';

import { withQueryClient } from './api/queryClient';
import { BulkRemindAction } from './components/BulkRemindAction';
import { Initializer } from './components/Initializer';
import { PluginIcon } from './components/PluginIcon';
import { RecordHistoryPanel } from './components/RecordHistoryPanel';
import { RemindInvoiceButton } from './components/RemindInvoiceButton';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';

const plugin: StrapiApp['appPlugins'][string] = {
  register(app) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Dunning' },
      Component: () => import('./pages/App'),
      permissions: PERMISSIONS.read,
    });

    app.addSettingsLink(
      {
        id: PLUGIN_ID,
        intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Dunning' },
      },
      {
        id: `${PLUGIN_ID}-settings`,
        to: PLUGIN_ID,
        intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'General' },
        Component: () => import('./pages/SettingsPage'),
        permissions: PERMISSIONS.configure,
      }
    );

    app.registerPlugin({
      id: PLUGIN_ID,
      initializer: Initializer,
      isReady: false,
      name: PLUGIN_ID,
    });
  },

  bootstrap(app) {
    const contentManager = app.getPlugin('content-manager');
    contentManager.injectComponent('editView', 'right-links', {
      name: `${PLUGIN_ID}-remind-invoice`,
      Component: withQueryClient(RemindInvoiceButton),
    });
    contentManager.injectComponent('editView', 'right-links', {
      name: `${PLUGIN_ID}-record-history`,
      Component: withQueryClient(RecordHistoryPanel),
    });
    (
      contentManager.apis as { addBulkAction: (actions: BulkActionComponent[]) => void }
    ).addBulkAction([BulkRemindAction]);
  },

  async registerTrads({ locales }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          const prefixed = Object.fromEntries(
            Object.entries(data).map(([key, value]) => [getTranslation(key), value])
          );
          return { data: prefixed, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};

export default plugin;
