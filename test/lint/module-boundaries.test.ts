import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the lint configuration, without types
import { moduleBoundaries, zonesOf } from '../../eslint.modules.js';

const root = path.resolve(import.meta.dirname, '../..');
// The boundary rules need no type information: without it a file need not exist to be linted.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

/** The boundary errors the lint gives `code` as if it were the file at `file`. */
async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages
    .filter((message) => message.ruleId?.startsWith('import-x/'))
    .map((message) => message.message);
}

describe('module boundaries', () => {
  it("refuses another module's internal file, and takes its front door", async () => {
    const internal = await refusals(
      'src/modules/queue/scratch.ts',
      "export { ProfessionalsService } from '../people/professionals-service.js';\n",
    );
    expect(internal).toEqual([expect.stringContaining('Use the front door of people')]);
    const frontDoor = await refusals(
      'src/modules/queue/scratch.ts',
      "export { ProfessionalsService } from '../people/index.js';\n",
    );
    expect(frontDoor).toEqual([]);
  });

  it("refuses another module's tables, and the tables of all", async () => {
    expect(
      await refusals(
        'src/modules/notifications/scratch.ts',
        "export { users } from '../../db/schema/accounts.js';\n",
      ),
    ).toEqual([
      expect.stringContaining('These tables belong to another module than notifications'),
    ]);
    expect(
      await refusals(
        'src/modules/people/scratch.ts',
        "export { patients } from '../../db/schema/index.js';\n",
      ),
    ).toEqual([expect.stringContaining('These tables belong to another module than people')]);
    expect(
      await refusals(
        'src/modules/people/scratch.ts',
        "export { patients } from '../../db/schema/people.js';\n",
      ),
    ).toEqual([]);
  });

  it('refuses a module the table does not let it use, even through its front door', async () => {
    // Scheduling uses notifications (its outbox): the other way round would close a cycle.
    expect(
      await refusals(
        'src/modules/notifications/scratch.ts',
        "export { AppointmentsService } from '../scheduling/index.js';\n",
      ),
    ).toEqual([expect.stringContaining('notifications may not use scheduling')]);
  });

  it('lets the composition root use front doors only, and shared code no module', async () => {
    expect(
      await refusals(
        'src/services.ts',
        "export { OneTimeCodes } from './modules/accounts/codes-service.js';\n",
      ),
    ).toEqual([expect.stringContaining('Use the front door of accounts')]);
    expect(
      await refusals('src/demo/scratch.ts', "export { users } from '../db/schema/index.js';\n"),
    ).toEqual([expect.stringContaining('The tables belong to their modules')]);
    expect(
      await refusals(
        'src/http/scratch.ts',
        "export { AuditService } from '../modules/audit/index.js';\n",
      ),
    ).toEqual([expect.stringContaining('Shared code')]);
  });

  it('refuses a table of modules that use each other', () => {
    expect(moduleBoundaries.length).toBeGreaterThan(0);
    expect(() =>
      zonesOf({ people: ['audit'], audit: ['accounts', 'people'], accounts: [] }),
    ).toThrow('modules depend on each other: people → audit → people');
  });
});

describe('file names', () => {
  it('say what a file is: routes, services and schemas are named for their feature', async () => {
    const { readdirSync } = await import('node:fs');
    const modules = readdirSync(path.join(root, 'src/modules'));
    const generic = modules.flatMap((module) =>
      readdirSync(path.join(root, 'src/modules', module))
        .filter((file) => /^(routes|service|schemas)\.ts$/.test(file))
        .map((file) => `src/modules/${module}/${file}`),
    );
    expect(modules.length).toBeGreaterThanOrEqual(7);
    // `<feature>-routes.ts`, `<feature>-service.ts`, `<feature>-schemas.ts`: never a bare one.
    expect(generic).toEqual([]);
  });
});
