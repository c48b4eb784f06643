import { useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Translate } from '../../i18n/translate';
import type { ReviewRow } from '../../review/rows';
import type { SortColumn, SortSpec } from '../../review/sort';
import { formatDateIn, formatDateTime } from '../../review/format';
import { dateText, FindingChips, moneyText, Score, TriState } from './cells';

export const ROW_HEIGHT = 44;
/** The sticky header row inside the scroll container: the rows start below it. */
const HEAD_HEIGHT = 40;

interface Column {
  id: SortColumn;
  label: string;
  numeric?: boolean;
}

export interface DealTableProps {
  rows: readonly ReviewRow[];
  sort: SortSpec;
  onSort(column: SortColumn): void;
  selectedKey: string | null;
  onSelect(key: string): void;
  t: Translate;
  locale: string;
  timeZone?: string;
}

/**
 * The deals as a table whose rows are virtualised: only the rows in view (plus a few) are in the DOM, so 5,000 deals
 * scroll and filter as fast as 50. ARIA table semantics carry the full row count and each row's position.
 */
export function DealTable({ rows, sort, onSort, selectedKey, onSelect, t, locale, timeZone }: DealTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]!.key,
    // Before the first measurement (and where nothing is laid out, as in tests), assume a typical viewport.
    initialRect: { width: 1200, height: 640 },
    scrollMargin: HEAD_HEIGHT,
  });
  const columns: Column[] = [
    { id: 'name', label: t('review_column_deal') },
    { id: 'owner', label: t('review_column_owner') },
    { id: 'stage', label: t('review_column_stage') },
    { id: 'amount', label: t('review_column_amount'), numeric: true },
    { id: 'closeDate', label: t('review_column_close_date') },
    { id: 'hygiene', label: t('review_column_hygiene'), numeric: true },
    { id: 'qualification', label: t('review_column_qualification'), numeric: true },
    { id: 'findings', label: t('review_column_findings') },
    { id: 'lastSeen', label: t('review_column_last_seen') },
  ];

  /** Arrow keys move between rows' deal buttons; Home and End jump (the virtualiser brings the row into the DOM). */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = rows.findIndex((row) => row.key === (event.target as HTMLElement).dataset.dealKey);
    if (current < 0) return;
    const target = event.key === 'ArrowDown' ? current + 1 : event.key === 'ArrowUp' ? current - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : null;
    if (target === null || target < 0 || target >= rows.length) return;
    event.preventDefault();
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const key = rows[target]!.key;
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLButtonElement>(`button[data-deal-key="${CSS.escape(key)}"]`)?.focus());
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div className="deal-table" role="table" aria-label={t('review_table_label')} aria-rowcount={rows.length + 1}>
      <div ref={scrollRef} className="deal-table__scroll" onKeyDown={onKeyDown}>
        <div role="rowgroup" className="deal-table__head">
          <div role="row" aria-rowindex={1} className="deal-table__row deal-table__row--head">
            {columns.map((column) => {
              const active = sort.column === column.id;
              return (
                <div
                  key={column.id}
                  role="columnheader"
                  aria-sort={active ? sort.direction : 'none'}
                  className={`deal-table__cell${column.numeric ? ' deal-table__cell--numeric' : ''}`}
                >
                  <button type="button" className="sort-button" onClick={() => onSort(column.id)}>
                    {column.label}
                    <span aria-hidden="true" className={`sort-button__arrow${active ? ' sort-button__arrow--active' : ''}`}>
                      {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        {rows.length === 0 ? (
          <p className="deal-table__empty" role="status">
            {t('review_no_matches')}
          </p>
        ) : (
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows[item.index]!;
              const selected = row.key === selectedKey;
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-current={selected ? 'true' : undefined}
                  className={`deal-table__row${selected ? ' deal-table__row--selected' : ''}${row.worst ? ` deal-table__row--${row.worst}` : ''}`}
                  style={{ transform: `translateY(${item.start - HEAD_HEIGHT}px)`, height: ROW_HEIGHT }}
                  onClick={() => onSelect(row.key)}
                >
                  <div role="cell" className="deal-table__cell deal-table__cell--name">
                    <button type="button" className="deal-link" data-deal-key={row.key} onClick={(event) => (event.stopPropagation(), onSelect(row.key))}>
                      <TriState cell={row.name} t={t} show={(name) => name} />
                    </button>
                    {row.imported && <span className="tag">{t('review_tag_imported')}</span>}
                  </div>
                  <div role="cell" className="deal-table__cell">
                    <TriState cell={row.owner} t={t} show={(owner) => owner} />
                  </div>
                  <div role="cell" className="deal-table__cell">
                    <TriState cell={row.stage} t={t} show={(stage) => stage.label} />
                  </div>
                  <div role="cell" className="deal-table__cell deal-table__cell--numeric">
                    <TriState cell={row.amount} t={t} show={(amount) => moneyText(amount, locale)} />
                  </div>
                  <div role="cell" className="deal-table__cell">
                    <TriState cell={row.closeDate} t={t} show={(date) => dateText(date, locale)} />
                  </div>
                  <div role="cell" className="deal-table__cell deal-table__cell--numeric">
                    <Score value={row.hygiene} label={t('review_column_hygiene')} />
                  </div>
                  <div role="cell" className="deal-table__cell deal-table__cell--numeric">
                    <Score value={row.qualification} label={t('review_column_qualification')} missing={t('review_no_qualification_evidence')} />
                  </div>
                  <div role="cell" className="deal-table__cell">
                    <FindingChips counts={row.counts} t={t} />
                  </div>
                  <div role="cell" className="deal-table__cell deal-table__cell--muted" title={formatDateTime(row.lastSeenAt, locale, timeZone)}>
                    {formatDateIn(row.lastSeenAt, locale, timeZone)}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
