import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The content scripts run on the CRM pages the user opens, so each must stay small (issue #6: ≤ 15 KB gzip). Their
 * import graphs are checked statically, without building: walking every runtime import (not `import type`) from each
 * content entrypoint must never reach zod classic (its schemas are built when a module loads and cannot be
 * tree-shaken; content-side validation uses `zod/mini`), React, or the qualification frameworks with their question
 * texts. A built-in CRM's script bundles its own adapter only: never the registry (src/adapters/index.ts, which
 * imports all five) nor another CRM's adapter.
 */

const ROOT = resolve(__dirname, '../../..');
const BUILT_IN_CRMS = ['salesforce', 'hubspot', 'pipedrive', 'dynamics', 'zoho'];

/** Every content entrypoint WXT builds: `entrypoints/<name>.content.ts` or `entrypoints/<name>.content/index.ts`. */
function contentEntrypoints(): string[] {
  return readdirSync(resolve(ROOT, 'entrypoints'), { withFileTypes: true })
    .flatMap((entry) => {
      if (!/\.content(\.[jt]sx?)?$/.test(entry.name)) return [];
      if (entry.isFile()) return [`entrypoints/${entry.name}`];
      return ['index.ts', 'index.tsx'].filter((index) => existsSync(resolve(ROOT, 'entrypoints', entry.name, index))).map((index) => `entrypoints/${entry.name}/${index}`);
    })
    .sort();
}
const ENTRIES = contentEntrypoints();
const crmOf = (entry: string) => /^entrypoints\/([\w-]+)\.content/.exec(entry)?.[1] ?? entry;

/** Runtime module specifiers of a file: skips `import type`, `export type` and imports whose names are all types. */
export function runtimeImports(sourceText: string, fileName = 'module.ts'): string[] {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly)));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const onlyTypes = node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    } else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A relative specifier as the bundler resolves it: the file itself, `.ts`/`.tsx`, or the folder's `index.ts`. */
function resolveRelative(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, resolve(base, 'index.ts'), resolve(base, 'index.tsx'), base.replace(/\.js$/, '.ts')];
  const file = candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith('/') && /\.(ts|tsx|js|mjs|json)$/.test(candidate));
  if (!file) throw new Error(`${relative(ROOT, fromFile)} imports "${specifier}", which does not resolve to a file`);
  return file;
}

interface Graph {
  /** Project files reached, relative to the repository root, each with the chain of imports that reached it first. */
  files: Map<string, string[]>;
  /** Packages reached (bare specifiers, as written), each with one chain per file that imports it. */
  packages: Map<string, string[][]>;
}

function walk(entry: string): Graph {
  const files = new Map<string, string[]>([[entry, [entry]]]);
  const packages = new Map<string, string[][]>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const chain = files.get(file)!;
    const absolute = resolve(ROOT, file);
    for (const specifier of runtimeImports(readFileSync(absolute, 'utf8'), absolute)) {
      if (!specifier.startsWith('.')) {
        packages.set(specifier, [...(packages.get(specifier) ?? []), [...chain, specifier]]);
        continue;
      }
      const target = relative(ROOT, resolveRelative(absolute, specifier));
      if (files.has(target)) continue;
      files.set(target, [...chain, target]);
      queue.push(target);
    }
  }
  return { files, packages };
}

/** zod classic, whichever way it is imported; `zod/mini` (and `zod/v4/mini`, `zod/v4/core`) are fine. */
const isZodClassic = (specifier: string) => /^zod(\/v4(\/classic)?|\/v3|\/v4\/classic\/.*)?$/.test(specifier);
const isReact = (specifier: string) => /^(react|react-dom)(\/|$)/.test(specifier);
/** The frameworks and their question texts (bant.ts, meddicc.ts, spiced.ts are what frameworks.ts assembles). */
const isQuestionTexts = (file: string) => /^src\/qualification\/(frameworks[^/]*|bant|meddicc|spiced)\.ts$/.test(file);

const show = (chain: string[]) => chain.join('\n  → ');
const isAdapter = (file: string) => /^src\/adapters\/(salesforce|hubspot|pipedrive|dynamics|zoho|generic|index)\.ts$/.test(file);

describe('the content entrypoints', () => {
  it('are one per built-in CRM and one for the custom CRMs', () => {
    expect(ENTRIES.map(crmOf).sort()).toEqual([...BUILT_IN_CRMS, 'custom-crm'].sort());
  });
});

describe.each(ENTRIES)('the import graph of %s', (entry) => {
  const graph = walk(entry);
  const crm = crmOf(entry);
  const builtIn = BUILT_IN_CRMS.includes(crm);

  it('is walked from the entrypoint through its adapter, the controller and the page readers', () => {
    // The walk itself must work, or the checks below would pass on an empty graph.
    const adapter = builtIn ? `src/adapters/${crm}.ts` : 'src/adapters/generic.ts';
    for (const file of ['src/content/boot.ts', 'src/content/controller.ts', 'src/adapters/pick.ts', adapter, 'src/read/dom.ts', 'src/ui/badges/badges.ts']) {
      expect(graph.files.has(file), `${file} should be reached`).toBe(true);
    }
    expect(graph.packages.has('zod/mini'), 'content-side validation (zod/mini) should be reached').toBe(true);
  });

  it('bundles its own adapter only: not the registry, not another CRM\'s', () => {
    const own = builtIn ? `src/adapters/${crm}.ts` : 'src/adapters/generic.ts';
    const offenders = [...graph.files].filter(([file]) => isAdapter(file) && file !== own).map(([, chain]) => show(chain));
    expect(offenders, `other adapters reached through:\n${offenders.join('\n\n')}`).toEqual([]);
  });

  it('never reaches zod classic (content-side validation uses zod/mini)', () => {
    const offenders = [...graph.packages].filter(([specifier]) => isZodClassic(specifier)).flatMap(([, chains]) => chains.map(show));
    expect(offenders, `zod classic reached through:\n${offenders.join('\n\n')}`).toEqual([]);
  });

  it('never reaches React', () => {
    const offenders = [...graph.packages].filter(([specifier]) => isReact(specifier)).flatMap(([, chains]) => chains.map(show));
    expect(offenders, `React reached through:\n${offenders.join('\n\n')}`).toEqual([]);
  });

  it('never reaches the qualification frameworks and their question texts', () => {
    const offenders = [...graph.files].filter(([file]) => isQuestionTexts(file)).map(([, chain]) => show(chain));
    expect(offenders, `question texts reached through:\n${offenders.join('\n\n')}`).toEqual([]);
  });

  if (builtIn) {
    it('leaves out the custom CRMs\' code (mappings, "Test on this tab")', () => {
      const offenders = [...graph.files].filter(([file]) => /^src\/(content\/custom-crms|model\/crm-mapping[^/]*)\.ts$/.test(file)).map(([, chain]) => show(chain));
      expect(offenders, `custom CRM code reached through:\n${offenders.join('\n\n')}`).toEqual([]);
    });
  }
});

describe('the import walker', () => {
  it('keeps runtime imports, re-exports and dynamic imports, and skips type-only ones', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import { type C, type D } from './cd';",
      "import { type E, f } from './ef';",
      "import * as z from 'zod/mini';",
      "import './side-effect';",
      "export { g } from './g';",
      "export type { H } from './h';",
      "export * from './star';",
      "const lazy = () => import('./lazy');",
      "// import { nope } from './comment';",
      "const s = \"import { nope } from './string'\";",
    ].join('\n');
    expect(runtimeImports(text)).toEqual(['./a', './ef', 'zod/mini', './side-effect', './g', './star', './lazy']);
  });

  it('tells zod classic from zod/mini', () => {
    expect(['zod', 'zod/v4', 'zod/v4/classic', 'zod/v3'].every(isZodClassic)).toBe(true);
    expect(['zod/mini', 'zod/v4/mini', 'zod/v4/core'].some(isZodClassic)).toBe(false);
  });
});
