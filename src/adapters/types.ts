import type { CanonicalStage, CrmId, DealSnapshot, FieldName } from '../model/deal';

export type PageKind = 'record' | 'list' | 'board';

export interface Detection {
  kind: PageKind;
  /** The record the page shows; null for lists and boards. */
  recordId: string | null;
}

export interface ReadOptions {
  /** Stamped on each snapshot as capturedAt; also the reference day for relative dates ("yesterday"). */
  now: Date;
}

export interface ReadResult {
  snapshots: DealSnapshot[];
  /** The element the snapshot was read from (Lightning's active view, for example); lets callers tell a stale view from a new one. */
  scope: Element | null;
  /**
   * Lists and boards: how many deals the view holds in all, when the page says so (a virtualised Kanban renders a
   * dozen cards of a column of 80). The UI shows "N of M shown". Undefined when the page does not say.
   */
  total?: number;
  /** The kind the page turned out to be when the URL cannot tell (a Lightning list shown as a Kanban board). */
  kind?: PageKind;
}

/** Where badges go: the title chip and one anchor per field. Null when the field is not on the page. */
export type AnchorTarget = FieldName | 'title';

export interface TestUrl {
  url: string;
  kind: PageKind;
  recordId: string | null;
}

export interface Adapter {
  /** Equal to the file name. */
  id: CrmId;
  name: string;
  /** Match patterns for the manifest's content script. */
  matches: string[];
  detect(url: URL): Detection | null;
  read(doc: Document, url: URL, options: ReadOptions): ReadResult;
  anchor(doc: Document, scope: Element | null, target: AnchorTarget): Element | null;
  /** Lists and boards: where a row's or card's compact badge goes (the name cell, say), by the snapshot's key. */
  rowAnchor?(doc: Document, scope: Element | null, key: string): Element | null;
  /** Lower-cased stage labels of the CRM's default pipeline (in the languages we ship fixtures for) → canonical stage. */
  defaultStageMapping: Readonly<Record<string, CanonicalStage>>;
  /** The adapter's own URLs; the detection matrix checks no other adapter claims them. */
  testUrls: readonly TestUrl[];
  /**
   * Read the page again this often even when nothing in the DOM changed: values the adapter takes from form
   * controls' `.value` change without a mutation (the generic adapter). Unset: only on changes.
   */
  rereadEveryMs?: number;
}

export function defineAdapter(adapter: Adapter): Adapter {
  return adapter;
}
