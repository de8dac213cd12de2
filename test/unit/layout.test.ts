import fs from 'node:fs';
import path from 'node:path';

/**
 * The plugin's folders keep to their concern (docs/development.md, "Layout"), checked on
 * the import graph of the source, read with plain regular expressions:
 * - `shared/` imports only itself and pure libraries (zod, validator): never server or admin code;
 * - `server/src/domain/` imports only the domain, `shared/`, the generic helpers
 *   (`server/src/helpers.ts`, which import nothing of the plugin), the texts
 *   (`server/src/texts/`, which import only themselves), the content types' UIDs
 *   (`server/src/content-types/uids.ts`, constants) and libraries (never Strapi);
 * - services never import `server/src/validation/` (their types come from shared or domain);
 * - the engine's services and their modules live in `services/engine/`, and the rest of the
 *   server reaches them only through the service registry (`getPluginService`): nothing
 *   outside the folder imports from it but `services/index.ts`, which registers them;
 * - the admin names the plugin's routes (`'/dunning/…'`) only in `admin/src/api/`.
 */

const PLUGIN = path.resolve(__dirname, '../../src/plugins/dunning');
const SHARED = path.join(PLUGIN, 'shared');
const DOMAIN = path.join(PLUGIN, 'server/src/domain');
const SERVER = path.join(PLUGIN, 'server/src');
const SERVICES = path.join(SERVER, 'services');
const ENGINE = path.join(SERVICES, 'engine');
const REGISTRY = path.join(SERVICES, 'index.ts');
const HELPERS = path.join(SERVER, 'helpers');
const TEXTS = path.join(SERVER, 'texts');
const UIDS = path.join(SERVER, 'content-types/uids');
const VALIDATION = path.join(PLUGIN, 'server/src/validation');
const ADMIN = path.join(PLUGIN, 'admin/src');
const ADMIN_API = path.join(ADMIN, 'api');

/** The engine's services (docs/engine.md), as `services/index.ts` registers them. */
const ENGINE_SERVICES = [
  'cases',
  'delivery',
  'engine',
  'locks',
  'notices',
  'offline-channels',
  'planner',
];

/** Libraries with no I/O and no framework: what shared code may build on. */
const PURE_LIBRARIES = ['zod', 'validator'];

const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** What a file imports: a path (resolved, without extension) for a relative import, else the package. */
type Imported = { relative: true; target: string } | { relative: false; name: string };

const importsOf = (file: string, text: string): Imported[] =>
  [...text.matchAll(IMPORT)].map((match) => {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier.startsWith('.'))
      return { relative: true, target: path.resolve(path.dirname(file), specifier) };
    const [scope, name] = specifier.split('/');
    return { relative: false, name: scope.startsWith('@') ? `${scope}/${name}` : scope };
  });

const within = (target: string, dir: string) =>
  target === dir || target.startsWith(`${dir}${path.sep}`);
const show = (file: string, what: string) => `${path.relative(PLUGIN, file)} imports ${what}`;

/** The rules, each `(file, text) → problems`, so that each can be shown to fail. */
const rules = {
  shared: (file: string, text: string) =>
    importsOf(file, text).flatMap((imported) => {
      if (imported.relative)
        return within(imported.target, SHARED)
          ? []
          : [show(file, path.relative(PLUGIN, imported.target))];
      return PURE_LIBRARIES.includes(imported.name) ? [] : [show(file, imported.name)];
    }),
  domain: (file: string, text: string) =>
    importsOf(file, text).flatMap((imported) => {
      if (imported.relative)
        return within(imported.target, DOMAIN) ||
          within(imported.target, SHARED) ||
          within(imported.target, TEXTS) ||
          imported.target === HELPERS ||
          imported.target === UIDS
          ? []
          : [show(file, path.relative(PLUGIN, imported.target))];
      return imported.name.startsWith('@strapi/') ? [show(file, imported.name)] : [];
    }),
  helpers: (file: string, text: string) =>
    importsOf(file, text).flatMap((imported) => {
      if (imported.relative) return [show(file, path.relative(PLUGIN, imported.target))];
      return imported.name.startsWith('@strapi/') ? [show(file, imported.name)] : [];
    }),
  services: (file: string, text: string) =>
    importsOf(file, text).flatMap((imported) =>
      imported.relative && within(imported.target, VALIDATION)
        ? [show(file, path.relative(PLUGIN, imported.target))]
        : []
    ),
  engine: (file: string, text: string) => {
    if (within(file, ENGINE)) return [];
    const name = path.basename(file).replace(/\.tsx?$/, '');
    const misplaced =
      path.dirname(file) === SERVICES && ENGINE_SERVICES.includes(name)
        ? [`${path.relative(PLUGIN, file)} is an engine service outside services/engine/`]
        : [];
    const crossing =
      file === REGISTRY
        ? []
        : importsOf(file, text).flatMap((imported) =>
            imported.relative && within(imported.target, ENGINE)
              ? [show(file, path.relative(PLUGIN, imported.target))]
              : []
          );
    return [...misplaced, ...crossing];
  },
  adminUrls: (file: string, text: string) =>
    within(file, ADMIN_API)
      ? []
      : [...text.matchAll(/['"`]\/dunning\/[^'"`]*/g)].map(
          (match) => `${path.relative(PLUGIN, file)} names ${match[0]}`
        ),
};

const check = (dir: string, rule: (file: string, text: string) => string[]) =>
  sources(dir).flatMap((file) => rule(file, fs.readFileSync(file, 'utf8')));

describe('the layout of the plugin', () => {
  it('has shared import only shared and pure libraries', () => {
    expect(sources(SHARED).length).toBeGreaterThan(5);
    expect(check(SHARED, rules.shared)).toEqual([]);
  });

  it('has the domain import only the domain, shared, the helpers, the texts and libraries', () => {
    expect(check(DOMAIN, rules.domain)).toEqual([]);
  });

  it('has the helpers import no code of the plugin and no Strapi', () => {
    expect(rules.helpers(`${HELPERS}.ts`, fs.readFileSync(`${HELPERS}.ts`, 'utf8'))).toEqual([]);
  });

  it('has no service import validation', () => {
    expect(check(SERVICES, rules.services)).toEqual([]);
  });

  it('has the engine in services/engine, reached from the rest of the server only through the registry', () => {
    expect(check(SERVER, rules.engine)).toEqual([]);
    // The registry does register the engine's services from the folder: the rule reads the files it should.
    const registered = importsOf(REGISTRY, fs.readFileSync(REGISTRY, 'utf8')).flatMap((imported) =>
      imported.relative ? [imported.target] : []
    );
    expect(ENGINE_SERVICES.filter((name) => !registered.includes(path.join(ENGINE, name)))).toEqual(
      []
    );
  });

  it('has the admin name its routes only in admin/src/api', () => {
    expect(check(ADMIN, rules.adminUrls)).toEqual([]);
    // The API layer does hold them: the rule reads the files it should.
    expect(
      sources(ADMIN_API).some((file) => /'\/dunning\//.test(fs.readFileSync(file, 'utf8')))
    ).toBe(true);
  });

  it('would see each rule broken', () => {
    const at = (dir: string, name: string) => path.join(dir, name);
    expect(
      rules.shared(
        at(SHARED, 'contracts/x.ts'),
        "import { reminderRepository } from '../../server/src/repositories/reminders';"
      )
    ).toHaveLength(1);
    expect(
      rules.shared(at(SHARED, 'x.ts'), "import { useFetchClient } from '@strapi/strapi/admin';")
    ).toHaveLength(1);
    expect(
      rules.shared(at(SHARED, 'x.ts'), "export { PERMISSIONS } from '../admin/src/permissions';")
    ).toHaveLength(1);
    expect(
      rules.shared(
        at(SHARED, 'contracts/x.ts'),
        "import { z } from 'zod';\nimport { calendarDay } from './common';"
      )
    ).toEqual([]);
    expect(
      rules.domain(at(DOMAIN, 'x.ts'), "import type { Settings } from '../validation/settings';")
    ).toHaveLength(1);
    expect(
      rules.domain(at(DOMAIN, 'x.ts'), "import { errors } from '@strapi/utils';")
    ).toHaveLength(1);
    expect(
      rules.domain(
        at(DOMAIN, 'x.ts'),
        "import type { Settings } from '../../../shared/contracts/settings';"
      )
    ).toEqual([]);
    expect(rules.domain(at(DOMAIN, 'x.ts'), "import { cached } from '../helpers';")).toEqual([]);
    expect(
      rules.helpers(`${HELPERS}.ts`, "import { todayIn } from './domain/dates';")
    ).toHaveLength(1);
    expect(
      rules.services(
        at(SERVICES, 'x.ts'),
        "import type { Input } from '../validation/attachments';"
      )
    ).toHaveLength(1);
    expect(rules.engine(at(SERVICES, 'planner.ts'), '')).toHaveLength(1);
    expect(
      rules.engine(
        at(SERVICES, 'batches.ts'),
        "import { sendWaves } from './engine/send-waves';\nimport type { Person } from './messages';"
      )
    ).toHaveLength(1);
    expect(
      rules.engine(
        at(SERVER, 'controllers/engine.ts'),
        "import type { TickReport } from '../services/engine/engine';"
      )
    ).toHaveLength(1);
    expect(
      rules.engine(
        at(ENGINE, 'delivery.ts'),
        "import { sendWaves } from './send-waves';\nimport type { Person } from '../messages';"
      )
    ).toEqual([]);
    expect(rules.engine(REGISTRY, "import delivery from './engine/delivery';")).toEqual([]);
    expect(
      rules.adminUrls(at(ADMIN, 'pages/X.tsx'), 'useAdminApi(`/dunning/reminders/${id}`)')
    ).toHaveLength(1);
    expect(rules.adminUrls(at(ADMIN_API, 'x.ts'), "useAdminApi('/dunning/overview')")).toEqual([]);
  });
});

/**
 * Data access sits below the services: a repository imports nothing from services,
 * controllers or routes, nor any module that reaches them through its own imports (as
 * `utils/plugin.ts` does through the services' registry); it reads the plugin's config
 * through `config/plugin-config.ts`.
 */
describe('the repositories of the plugin', () => {
  const SERVER = path.join(PLUGIN, 'server/src');
  const REPOSITORIES = path.join(SERVER, 'repositories');
  const ABOVE = ['services', 'controllers', 'routes'].map((dir) => path.join(SERVER, dir));

  /** The source file an import resolves to, if it is one. */
  const fileOf = (target: string) =>
    [`${target}.ts`, path.join(target, 'index.ts')].find((file) => fs.existsSync(file));

  /** Whether `file` is above data access or imports, directly or not, what is. */
  const reachesAbove = (file: string, seen = new Set<string>()): boolean => {
    if (ABOVE.some((dir) => within(file, dir))) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    return importsOf(file, fs.readFileSync(file, 'utf8')).some((imported) => {
      const target = imported.relative ? fileOf(imported.target) : undefined;
      return target !== undefined && reachesAbove(target, seen);
    });
  };

  const repositoryRule = (file: string, text: string) =>
    importsOf(file, text).flatMap((imported) => {
      if (!imported.relative) return [];
      const target = fileOf(imported.target) ?? imported.target;
      return ABOVE.some((dir) => within(target, dir)) ||
        (fs.existsSync(target) && reachesAbove(target))
        ? [show(file, path.relative(PLUGIN, imported.target))]
        : [];
    });

  it('has them import nothing that reaches the services, controllers or routes', () => {
    expect(sources(REPOSITORIES).length).toBeGreaterThan(10);
    expect(check(REPOSITORIES, repositoryRule)).toEqual([]);
  });

  it('would see the rule broken', () => {
    const at = (name: string) => path.join(REPOSITORIES, name);
    expect(
      repositoryRule(at('x.ts'), "import { getPluginConfig } from '../utils/plugin';")
    ).toHaveLength(1);
    expect(
      repositoryRule(at('x.ts'), "import type { PluginService } from '../services';")
    ).toHaveLength(1);
    expect(
      repositoryRule(at('sql/x.ts'), "import { parseOrThrow } from '../../controllers/reminders';")
    ).toHaveLength(1);
    expect(
      repositoryRule(
        at('x.ts'),
        "import { getPluginConfig } from '../config/plugin-config';\nimport { inSchema } from './sql/db';"
      )
    ).toEqual([]);
  });
});

/**
 * The portal's pages (`server/src/portal/`) are pure, as the domain is: they import only
 * themselves, the domain, `shared/`, the helpers, the texts and libraries, never Strapi
 * nor data access; the texts (`server/src/texts/`) import only themselves.
 */
describe('the portal pages and the texts', () => {
  const PORTAL = path.join(PLUGIN, 'server/src/portal');

  const allowedIn =
    (allowed: string[]) =>
    (file: string, text: string): string[] =>
      importsOf(file, text).flatMap((imported) => {
        if (imported.relative)
          return allowed.some((dir) => within(imported.target, dir))
            ? []
            : [show(file, path.relative(PLUGIN, imported.target))];
        return imported.name.startsWith('@strapi/') ? [show(file, imported.name)] : [];
      });
  const portalRule = allowedIn([PORTAL, DOMAIN, SHARED, HELPERS, TEXTS]);
  const textsRule = allowedIn([TEXTS]);

  it('has the portal import only the portal, the domain, shared, the helpers, the texts and libraries', () => {
    expect(sources(PORTAL).length).toBeGreaterThan(0);
    expect(check(PORTAL, portalRule)).toEqual([]);
  });

  it('has the texts import only themselves', () => {
    expect(sources(TEXTS).length).toBeGreaterThanOrEqual(2);
    expect(check(TEXTS, textsRule)).toEqual([]);
  });

  it('would see each rule broken', () => {
    const at = (dir: string, name: string) => path.join(dir, name);
    expect(
      portalRule(
        at(PORTAL, 'x.ts'),
        "import { customerRepository } from '../repositories/customers';"
      )
    ).toHaveLength(1);
    expect(
      portalRule(at(PORTAL, 'x.ts'), "import type { Core } from '@strapi/strapi';")
    ).toHaveLength(1);
    expect(
      portalRule(
        at(PORTAL, 'x.ts'),
        "import { formatDate } from '../domain/template-context';\nimport { escapeHtml } from '../helpers';\nimport { TEXTS } from '../texts';\nimport { PORTAL_STYLE } from './style';"
      )
    ).toEqual([]);
    expect(
      textsRule(at(TEXTS, 'fr.ts'), "import { formatDate } from '../domain/dates';")
    ).toHaveLength(1);
    expect(textsRule(at(TEXTS, 'fr.ts'), "import type { en } from './en';")).toEqual([]);
  });
});

/** A rule's test is where one looks for it: `domain/<name>.ts` is tested in `test/unit/<name>.test.ts`. */
describe('the tests of the domain', () => {
  const untested = (modules: string[], tests: string[]) =>
    modules
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.basename(file, '.ts'))
      .filter((name) => !tests.includes(`${name}.test.ts`));

  it('has a unit test file named after each domain module', () => {
    const modules = fs.readdirSync(DOMAIN);
    expect(modules.length).toBeGreaterThan(30);
    expect(untested(modules, fs.readdirSync(__dirname))).toEqual([]);
  });

  it('would see a module without its test', () => {
    expect(untested(['dates.ts', 'holidays.ts'], ['dates.test.ts'])).toEqual(['holidays']);
  });
});
