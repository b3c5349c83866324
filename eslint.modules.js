// The modules of src/modules/ and which others each may use. The lint rule (eslint.config.js)
// refuses any other import between them, so this table is the whole map of who calls whom, and
// it has no cycle (checked here). A module is used through its front door (its index.ts) only,
// and its tables (src/db/schema/<module>.ts) are its own: others read its data through the
// queries its index.ts exports. What a lower module needs of a higher one (recipients for
// notifications, the audit log for people) is handed to it when src/services.ts builds it.
export const modules = {
  // The outbox and delivery: every module writes events to it, so it uses none of them.
  notifications: [],
  accounts: ['notifications'],
  people: ['accounts'],
  audit: ['accounts', 'people'],
  scheduling: ['notifications', 'accounts', 'people', 'audit'],
  records: ['scheduling', 'notifications', 'accounts', 'people', 'audit'],
  queue: ['records', 'scheduling', 'notifications', 'accounts', 'people', 'audit'],
  system: [],
  // Backups of the embedded database: its cluster, WAL and files, never a module's tables.
  backups: [],
};

/** Builds the app from the modules' front doors; no module imports these. */
const compositionRoot = [
  'src/app.ts',
  'src/services.ts',
  'src/server.ts',
  'src/worker.ts',
  'src/background.ts',
  'src/demo',
];
/** What every module shares; none of it may depend on a module. */
const sharedLayers = ['src/http', 'src/lib', 'src/db/*.ts', 'src/config.ts', 'src/version.ts'];

function assertAcyclic(table) {
  const state = new Map();
  const visit = (name, path) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new Error(
        `eslint.modules.js: modules depend on each other: ${[...path, name].join(' → ')}`,
      );
    }
    if (!(name in table)) throw new Error(`eslint.modules.js: unknown module ${name}`);
    state.set(name, 'visiting');
    for (const used of table[name]) visit(used, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(table)) visit(name, []);
}

/** The zones of `import-x/no-restricted-paths` that say all of the above. */
export function zonesOf(table) {
  assertAcyclic(table);
  const names = Object.keys(table);
  const frontDoor = (name) =>
    `Use the front door of ${name}: import from src/modules/${name}/index.ts, which exports what other modules may use.`;
  return [
    ...names.flatMap((name) => [
      ...names
        .filter((other) => other !== name)
        .map((other) =>
          table[name].includes(other)
            ? {
                target: `src/modules/${name}`,
                from: `src/modules/${other}`,
                except: ['./index.ts'],
                message: frontDoor(other),
              }
            : {
                target: `src/modules/${name}`,
                from: `src/modules/${other}`,
                message: `${name} may not use ${other} (eslint.modules.js lists what each module may use; the dependencies have no cycle).`,
              },
        ),
      {
        target: `src/modules/${name}`,
        from: 'src/db/schema',
        except: [`./${name}.ts`],
        message: `These tables belong to another module than ${name}: read another module's data through the queries its index.ts exports, and never write it.`,
      },
      {
        target: `src/db/schema/${name}.ts`,
        from: 'src/modules',
        except: [`./${name}`],
        message: `The tables of ${name} may use only ${name}'s own types.`,
      },
    ]),
    ...names.map((name) => ({
      target: compositionRoot,
      from: `src/modules/${name}`,
      except: ['./index.ts'],
      message: frontDoor(name),
    })),
    {
      target: compositionRoot,
      from: 'src/db/schema',
      message: 'The tables belong to their modules: use the modules’ front doors.',
    },
    {
      target: sharedLayers,
      from: 'src/modules',
      message: 'Shared code (http, lib, db, config) may not depend on a module.',
    },
  ];
}

export const moduleBoundaries = zonesOf(modules);
