import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The content script runs on every CRM page the user opens, so it must stay small (issue #6: ≤ 15 KB gzip). Its
 * import graph is checked statically, without building: walking every runtime import (not `import type`) from the
 * entrypoint must never reach zod classic (its schemas are built when a module loads and cannot be tree-shaken;
 * content-side validation uses `zod/mini`), React, or the qualification frameworks with their question texts.
 */

const ROOT = resolve(__dirname, '../../..');
const ENTRY = 'entrypoints/crm.content/index.ts';

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

const graph = walk(ENTRY);
const show = (chain: string[]) => chain.join('\n  → ');

describe('the content script import graph', () => {
  it('is walked from the entrypoint through the adapters, the controller and the page readers', () => {
    // The walk itself must work, or the checks below would pass on an empty graph.
    for (const file of ['src/content/controller.ts', 'src/adapters/index.ts', 'src/adapters/salesforce.ts', 'src/read/dom.ts', 'src/ui/badges/badges.ts']) {
      expect(graph.files.has(file), `${file} should be reached`).toBe(true);
    }
    expect(graph.packages.has('zod/mini'), 'content-side validation (zod/mini) should be reached').toBe(true);
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
