import type { ComponentChildren } from 'preact';
import type { CommonT } from '../messages';

export interface Column<R> {
  header: string;
  cell: (row: R) => ComponentChildren;
  /** numbers and amounts line up on the right */
  align?: 'start' | 'end';
  /** the cell that names the row (rendered as <th scope="row">) */
  rowHeader?: boolean;
}

export interface TableProps<R> {
  t: CommonT;
  /** every table has a caption; it also labels the scrolling region on phones */
  caption: string;
  /** an id for the caption, unique on the page */
  id: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  /** shown instead of an empty body */
  empty?: string;
}

/**
 * A data table with a caption and scoped headers. On a narrow screen it scrolls
 * sideways inside a labelled, keyboard-focusable region rather than squeezing
 * the columns.
 */
export function Table<R>({ t, caption, id, columns, rows, rowKey, empty }: TableProps<R>) {
  const captionId = `${id}-caption`;
  if (rows.length === 0 && empty) {
    return (
      <section class="table-empty" aria-labelledby={captionId}>
        <h2 id={captionId} class="table-empty__caption">
          {caption}
        </h2>
        <p>{empty}</p>
      </section>
    );
  }
  const align = (c: Column<R>) => (c.align === 'end' ? 'cell--end' : undefined);
  return (
    <div class="table-wrap" role="region" aria-label={t('scrollableTable', caption)} tabIndex={0}>
      <table class="table" id={id}>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" class={align(c)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.header} scope="row" class={align(c)}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.header} class={align(c)}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
