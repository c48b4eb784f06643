/** Page-reading helpers shared by adapters. Pages are hostile: read text, never HTML. */

type ShadowOpener = (element: Element) => ShadowRoot | null;

/** Chrome lets extensions open closed shadow roots too; elsewhere only open ones are walked. */
function defaultShadowOpener(): ShadowOpener {
  const api = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: (el: Element) => ShadowRoot | null } } }).chrome;
  const open = api?.dom?.openOrClosedShadowRoot;
  if (typeof open === 'function') {
    return (element) => {
      try {
        return open(element) ?? element.shadowRoot;
      } catch {
        return element.shadowRoot;
      }
    };
  }
  return (element) => element.shadowRoot;
}

const openShadow = defaultShadowOpener();

/** Every shadow root below `root`, nested ones included, found in one walk of the tree. */
export function shadowRootsUnder(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const pending: Node[] = [root as unknown as Node];
  while (pending.length) {
    const current = pending.pop()!;
    const doc = current.nodeType === 9 ? (current as Document) : current.ownerDocument;
    if (!doc) continue;
    const walker = doc.createTreeWalker(current, 1 /* NodeFilter.SHOW_ELEMENT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const shadow = openShadow(node as Element);
      if (shadow) {
        found.push(shadow);
        pending.push(shadow);
      }
    }
  }
  return found;
}

/** Queries over a subtree and all shadow roots inside it; the shadow roots are found once, on first use. */
export interface DeepScope {
  all(selector: string, limit?: number): Element[];
  first(selector: string): Element | null;
  /**
   * The first match, in document order then shadow roots, that `accept` takes. Shadow roots are only looked for
   * when the light DOM has no acceptable match: on most pages (and on the content script's hot path) that walk
   * never happens.
   */
  find(selector: string, accept: (element: Element) => boolean): Element | null;
}

export function deepScope(root: ParentNode): DeepScope {
  let shadows: ShadowRoot[] | null = null;
  const shadowRoots = () => (shadows ??= shadowRootsUnder(root));
  const all = (selector: string, limit = 5000): Element[] => {
    const results: Element[] = [];
    for (const scope of [root, ...shadowRoots()]) {
      for (const match of Array.from(scope.querySelectorAll(selector))) {
        results.push(match);
        if (results.length >= limit) return results;
      }
    }
    return results;
  };
  const find = (selector: string, accept: (element: Element) => boolean): Element | null => {
    const light = Array.from(root.querySelectorAll(selector)).find(accept);
    if (light) return light;
    for (const shadow of shadowRoots()) {
      const found = Array.from(shadow.querySelectorAll(selector)).find(accept);
      if (found) return found;
    }
    return null;
  };
  return { all, find, first: (selector) => find(selector, () => true) };
}

/** querySelectorAll that also looks inside the shadow roots below `root`. */
export function deepQueryAll(root: ParentNode, selector: string, limit = 5000): Element[] {
  return deepScope(root).all(selector, limit);
}

/** Visible text of an element (including its open shadow content), whitespace collapsed. */
export function textOf(element: Element | null | undefined, maxLength = 2000): string {
  if (!element) return '';
  const chunks: string[] = [];
  let length = 0;
  const visit = (node: Node) => {
    if (length > maxLength) return;
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      chunks.push(value);
      length += value.length;
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    if (node.nodeType === 1) {
      const el = node as Element;
      const tag = el.tagName;
      if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') return;
      if (el.classList.contains('assistiveText') || el.classList.contains('slds-assistive-text')) return;
      // Our own badges sit inside CRM fields: never read them back as the field's value.
      if (el.hasAttribute('data-deal-hygiene')) return;
      const shadow = openShadow(el);
      if (shadow) visit(shadow);
    }
    node.childNodes.forEach(visit);
  };
  visit(element);
  const text = chunks.join(' ').replace(/\s+/g, ' ').trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}

/** Hidden by an attribute or inline style on it or an ancestor (works without layout, as in tests). */
export function isHidden(element: Element): boolean {
  let current: Element | null = element;
  while (current) {
    if (current.hasAttribute('hidden') || current.getAttribute('aria-hidden') === 'true') return true;
    const style = (current as HTMLElement).style;
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return true;
    const parent: Node | null = current.parentNode;
    // nodeType, not instanceof: the document may come from another realm (an iframe, or a DOM parsed in Node).
    current = parent?.nodeType === 1 ? (parent as Element) : parent?.nodeType === 11 ? ((parent as ShadowRoot).host ?? null) : null;
  }
  return false;
}

/** The page's language: `<html lang>`, falling back to English. */
export function pageLocale(doc: Document): string {
  const lang = doc.documentElement.getAttribute('lang')?.trim();
  if (!lang) return 'en';
  try {
    return Intl.getCanonicalLocales(lang.replace('_', '-'))[0] ?? 'en';
  } catch {
    return 'en';
  }
}

const CONTROL_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/** Whether the element is a form control whose value lives in a property, not in its text. */
export function isFormControl(element: Element): boolean {
  return CONTROL_TAGS.has(element.tagName);
}

/**
 * What an element shows as a value: a form control's current `.value` (many web apps set it as a property only,
 * never as an attribute), a select's selected option texts, a checkbox's state ("true" when ticked, blank when not:
 * nothing ticked is nothing recorded), else the element's text. Passwords are never read.
 */
export function valueOf(element: Element | null | undefined, maxLength = 2000): string {
  if (!element) return '';
  const clip = (text: string) => {
    const collapsed = text.replace(/\s+/g, ' ').trim();
    return collapsed.length > maxLength ? `${collapsed.slice(0, maxLength - 1).trimEnd()}…` : collapsed;
  };
  switch (element.tagName) {
    case 'INPUT': {
      const input = element as HTMLInputElement;
      const type = (input.type || 'text').toLowerCase();
      if (type === 'password') return '';
      if (type === 'checkbox' || type === 'radio') return input.checked ? 'true' : '';
      return clip(String(input.value ?? ''));
    }
    case 'TEXTAREA':
      return clip(String((element as HTMLTextAreaElement).value ?? ''));
    case 'SELECT': {
      // A placeholder option ("-- choose --") has an empty value: nothing is chosen.
      const chosen = Array.from((element as HTMLSelectElement).selectedOptions ?? []).filter((option) => option.value !== '');
      return clip(chosen.map((option) => textOf(option) || option.value).join(', '));
    }
    default:
      return textOf(element, maxLength);
  }
}
