import type { Severity } from '../../model/verdict';

/**
 * In-page badges: plain DOM in shadow roots (no React in the content script), so no CSS leaks in or out.
 * Every text is set with textContent; nothing from the page or the verdict is parsed as HTML.
 */

export const BADGE_HOST_ATTRIBUTE = 'data-deal-hygiene';

export interface BadgeSpec {
  anchor: Element;
  kind: 'field' | 'chip' | 'row';
  severity: Severity | 'ok';
  /** Short visible text. */
  label: string;
  /** Accessible name: the whole story, for screen readers. */
  ariaLabel: string;
  /** Full texts, shown on hover and focus. */
  details: string[];
  /** Makes the badge a button: a click, Enter or Space calls this (the summary chip opens the side panel). */
  onActivate?: () => void;
}

const COLORS: Record<BadgeSpec['severity'], { bg: string; fg: string; border: string }> = {
  critical: { bg: '#FDECEA', fg: '#8C1D18', border: '#B3261E' },
  warning: { bg: '#FFF4E0', fg: '#6B4100', border: '#A96404' },
  info: { bg: '#E8F1FB', fg: '#0B4A8B', border: '#0B5CAB' },
  ok: { bg: '#E7F5EC', fg: '#1B5E20', border: '#2E7D32' },
};

const STYLE = `
:host { all: initial; display: inline-block; vertical-align: middle; margin-inline-start: 6px; line-height: 1; }
:host([data-deal-hygiene="row"]) { margin-inline-start: 0; margin-inline-end: 6px; }
.badge { display: inline-flex; align-items: center; gap: 4px; max-width: 28em; box-sizing: border-box;
  font: 600 11px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; padding: 1px 8px; border-radius: 999px;
  border: 1px solid var(--border); background: var(--bg); color: var(--fg); white-space: nowrap; cursor: default; }
.badge:focus-visible { outline: 2px solid var(--border); outline-offset: 2px; }
.badge[role="button"] { cursor: pointer; }
.badge[role="button"]:hover { border-width: 2px; padding: 0 7px; }
.text { overflow: hidden; text-overflow: ellipsis; }
.dot { width: 6px; height: 6px; border-radius: 50%; background: var(--border); flex: none; }
@media (prefers-color-scheme: dark) {
  .badge { background: #1f1f1f; color: #f1f1f1; }
}
`;

function buildBadge(doc: Document, spec: BadgeSpec): HTMLElement {
  const host = doc.createElement('span');
  host.setAttribute(BADGE_HOST_ATTRIBUTE, spec.kind);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const badge = doc.createElement('span');
  badge.className = 'badge';
  badge.tabIndex = 0;
  badge.setAttribute('role', spec.onActivate ? 'button' : 'status');
  badge.setAttribute('aria-label', spec.ariaLabel);
  const activate = spec.onActivate;
  if (activate) {
    // Our own control on the page's element: the CRM must not also act on the click (open the record, start an edit).
    badge.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      activate();
    });
    badge.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      event.stopPropagation();
      activate();
    });
  }
  badge.title = spec.details.join('\n');
  const colors = COLORS[spec.severity];
  badge.style.setProperty('--bg', colors.bg);
  badge.style.setProperty('--fg', colors.fg);
  badge.style.setProperty('--border', colors.border);
  const dot = doc.createElement('span');
  dot.className = 'dot';
  dot.setAttribute('aria-hidden', 'true');
  const text = doc.createElement('span');
  text.className = 'text';
  text.textContent = spec.label;
  badge.append(dot, text);
  shadow.append(style, badge);
  return host;
}

/**
 * Field badges and the chip go after their anchor's content. A row or card badge goes just before the deal's name
 * link: CRMs render a name cell as a block (Lightning's cell factory, HubSpot's flex cell), so a badge appended
 * after it wraps onto a line of its own and makes every row taller; before the link it stays on the name's line,
 * inside the CRM's own truncation, and the badges line up in one column a manager can scan down.
 */
function place(host: HTMLElement, spec: BadgeSpec): void {
  // The anchor may be the link itself (HubSpot's name cell): inside it, the badge would become part of the link.
  const link = spec.kind !== 'row' ? null : spec.anchor.matches('a[href]') ? spec.anchor : spec.anchor.querySelector('a[href]');
  if (link?.parentNode) link.parentNode.insertBefore(host, link);
  else spec.anchor.appendChild(host);
}

export interface BadgeLayer {
  render(specs: readonly BadgeSpec[]): void;
  clear(): void;
  /** False when the page removed one of our badges (a re-render), so they should be drawn again. */
  intact(): boolean;
}

export function createBadgeLayer(doc: Document): BadgeLayer {
  let hosts: HTMLElement[] = [];
  return {
    render(specs) {
      this.clear();
      hosts = specs.map((spec) => {
        const host = buildBadge(doc, spec);
        place(host, spec);
        return host;
      });
    },
    clear() {
      for (const host of hosts) host.remove();
      hosts = [];
      // Also badges an earlier (orphaned) copy of the script may have left.
      for (const stray of Array.from(doc.querySelectorAll(`[${BADGE_HOST_ATTRIBUTE}]`))) stray.remove();
    },
    intact() {
      return hosts.every((host) => host.isConnected);
    },
  };
}

export function isBadgeNode(node: Node): boolean {
  return node.nodeType === 1 && (node as Element).hasAttribute(BADGE_HOST_ATTRIBUTE);
}
