import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES_DIR = resolve(__dirname, '../fixtures');

export interface Sidecar {
  url: string;
  now: string;
  crm: string;
  pageKind: 'record' | 'list' | 'board';
  /** Lists and boards: the number of deals the page says the view holds ("N of M shown"). */
  total?: number;
  snapshots: { key: string; fields: Record<string, { state: string; value?: unknown }> }[];
}

export interface Fixture {
  name: string;
  html: string;
  sidecar: Sidecar;
}

export function listFixtures(crm: string): Fixture[] {
  const dir = join(FIXTURES_DIR, crm);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.html$/, '');
      return {
        name,
        html: readFileSync(join(dir, file), 'utf8'),
        sidecar: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Sidecar,
      };
    });
}

export function loadFixture(crm: string, name: string): Fixture {
  const found = listFixtures(crm).find((fixture) => fixture.name === name);
  if (!found) throw new Error(`no fixture ${crm}/${name}`);
  return found;
}

/**
 * Parses a saved page into a Document as the browser would: scripts are not run, and declarative shadow roots
 * (`<template shadowrootmode>`) become real shadow roots, which DOMParser does not do by itself.
 */
export function parsePage(html: string, { shadowRoots = true } = {}): Document {
  const doc = new DOMParser().parseFromString(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*>/gi, ''), 'text/html');
  if (shadowRoots) attachDeclarativeShadowRoots(doc);
  return doc;
}

export function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const template of Array.from(root.querySelectorAll('template[shadowrootmode]'))) {
    const host = template.parentElement;
    if (!host || host.shadowRoot) continue;
    const mode = template.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open';
    const shadow = host.attachShadow({ mode });
    shadow.append((template as HTMLTemplateElement).content.cloneNode(true));
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

/** Replaces the global document's content with a saved page (for code that works on `document`). */
export function showPage(html: string): Document {
  const parsed = parsePage(html, { shadowRoots: false });
  const target = document.documentElement;
  for (const attribute of Array.from(target.attributes)) target.removeAttribute(attribute.name);
  for (const attribute of Array.from(parsed.documentElement.attributes)) target.setAttribute(attribute.name, attribute.value);
  document.head.replaceChildren(...Array.from(parsed.head.childNodes).map((node) => document.importNode(node, true)));
  document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((node) => document.importNode(node, true)));
  for (const attribute of Array.from(parsed.body.attributes)) document.body.setAttribute(attribute.name, attribute.value);
  attachDeclarativeShadowRoots(document);
  return document;
}
