//! Custom data: the conversation's app's key/value pairs, each with who set it and when (on hover or focus);
//! a value an unverified identify set is marked as the visitor's claim, always in view.
import { UnverifiedMark } from '@/components/ui/unverified-mark';
import { formatValue } from '@/lib/format';
import { describeProvenance } from '@/lib/provenance';
import type { SectionProps } from './section-props';

export function CustomDataSection({ sidebar, now }: SectionProps) {
  const { custom_data: data } = sidebar;
  if (data.items.length === 0) {
    return <p className="sidebar-empty">{data.app_name} has sent no custom data for this contact.</p>;
  }
  return (
    <>
      <p className="sidebar-caption">From {data.app_name}</p>
      <dl className="sidebar-fields">
        {data.items.map((entry) => {
          const provenance = describeProvenance(entry, now);
          return (
            // Focusable so keyboard users can reveal the provenance too.
            // oxlint-disable-next-line jsx-a11y/no-noninteractive-tabindex
            <div key={entry.key} className="sidebar-fields__row custom-data__row" title={provenance} tabIndex={0}>
              <dt className="custom-data__key">{entry.key}</dt>
              <dd className="custom-data__value">
                <span className="custom-data__text">{formatValue(entry.value)}</span>
                {entry.verified ? null : <> <UnverifiedMark /></>}
                <span className="custom-data__provenance">{provenance}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}
