// Where a content script's bytes come from: its entrypoint bundled again with rolldown (the bundler under WXT's
// Vite), each module's rendered code grouped by package or source folder and compressed on its own. A guide to what
// to cut, not the shipped size (that is measured on the built file).
import { gzipSync } from 'node:zlib';
import { join, relative, sep } from 'node:path';

export interface Share {
  group: string;
  /** Rendered (unminified) code of the group's modules. */
  renderedBytes: number;
  /** That code gzipped on its own: more than its share of the shipped gzip, which compresses across modules. */
  gzipBytes: number;
}

/** `node_modules/zod/v4/core/schemas.js` → `zod`; `src/adapters/salesforce.ts` → `src/adapters`. */
export function groupOf(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const modules = parts.lastIndexOf('node_modules');
  if (modules >= 0) {
    const name = parts[modules + 1] ?? '';
    return name.startsWith('@') ? `${name}/${parts[modules + 2] ?? ''}` : name;
  }
  if (parts[0] === 'src' || parts[0] === 'entrypoints') return parts.slice(0, 2).join('/');
  return parts[0] ?? path;
}

/** A built content script's size: raw, and `gzip -9` as it would travel. */
export interface ContentScriptSize {
  /** As in the build: `content-scripts/salesforce.js`. */
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

/** The content script with the most bytes to transfer (gzip), the one the size goal is about; null for none. */
export function largestContentScript<T extends { gzipBytes: number }>(sizes: readonly T[]): T | null {
  return sizes.reduce<T | null>((largest, size) => (!largest || size.gzipBytes > largest.gzipBytes ? size : largest), null);
}

/**
 * The entrypoint a built content script comes from: `content-scripts/salesforce.js` ← `entrypoints/salesforce.content.ts`
 * (or `entrypoints/salesforce.content/index.ts`); null when neither is there.
 */
export function contentEntrypointOf(root: string, builtFile: string, exists: (path: string) => boolean): string | null {
  const name = builtFile.replace(/^.*[\\/]/, '').replace(/\.js$/, '');
  return [`entrypoints/${name}.content.ts`, `entrypoints/${name}.content/index.ts`].find((candidate) => exists(join(root, candidate))) ?? null;
}

/** Shares of a content script (its entrypoint, relative to `root`) by group, largest first; null when rolldown is not there to ask. */
export async function contentScriptShares(root: string, entry: string): Promise<Share[] | null> {
  let rolldown: (options: object) => Promise<{ generate(options: object): Promise<{ output: { modules?: Record<string, { code: string | null; renderedLength: number }> }[] }> }>;
  try {
    ({ rolldown } = (await import('rolldown')) as never);
  } catch {
    return null;
  }
  const bundle = await rolldown({
    input: join(root, entry),
    cwd: root,
    platform: 'browser',
    logLevel: 'silent',
    // WXT's own runtime is supplied by the build: counted in the shipped file, not here.
    external: [/^wxt(\/|$)/],
  });
  const { output } = await bundle.generate({ format: 'esm' });
  const code = new Map<string, string[]>();
  const rendered = new Map<string, number>();
  for (const [id, module] of Object.entries(output[0]?.modules ?? {})) {
    const group = groupOf(relative(root, id).split(sep).join('/'));
    code.set(group, [...(code.get(group) ?? []), module.code ?? '']);
    rendered.set(group, (rendered.get(group) ?? 0) + module.renderedLength);
  }
  return [...rendered]
    .map(([group, renderedBytes]) => ({ group, renderedBytes, gzipBytes: gzipSync(code.get(group)!.join('\n'), { level: 9 }).length }))
    .sort((a, b) => b.renderedBytes - a.renderedBytes);
}
