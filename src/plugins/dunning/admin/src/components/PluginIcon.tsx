import { Mail } from '@strapi/icons';

const PluginIcon = () => <Mail />;

export { PluginIcon };
