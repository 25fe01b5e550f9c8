import type { ComponentChildren } from 'preact';

export interface DetailItem {
  term: string;
  detail: ComponentChildren;
}

/** The facts of one thing (a bill, a remittance) as a description list. */
export function DetailList({ items }: { items: DetailItem[] }) {
  return (
    <dl class="details">
      {items.map((item) => (
        <div key={item.term} class="details__row">
          <dt>{item.term}</dt>
          <dd>{item.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
