//! Custom data: the conversation's app's key/value pairs, each with who set it and when in quiet text
//! under the value; long values are clamped to three lines, keys always show whole. A value an
//! unverified identify set is marked as the visitor's claim.
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { UnverifiedMark } from '@/components/ui/unverified-mark';
import { formatValue } from '@/lib/format';
import { describeProvenance } from '@/lib/provenance';
import type { CustomDataEntry } from '@/api/types';
import type { SectionProps } from './section-props';

/** Lets a long key break after `_`, `.`, `-` or `:` rather than anywhere, still as text. */
function breakableKey(key: string) {
  // Text nodes side by side (no wrapper elements), so the key still reads and matches as one text.
  return key.split(/(?<=[_.:-])/).flatMap((part, index) => (index === 0 ? [part] : [<wbr key={index} />, part]));
}

function CustomDataValue({ entry }: { entry: CustomDataEntry }) {
  const id = useId();
  const text = useRef<HTMLSpanElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [overflows, setOverflows] = useState(false);
  const value = formatValue(entry.value);

  // Offer "Show more" only when the clamp actually hides something (it depends on the panel's width;
  // a new value remounts this, see the key below).
  useLayoutEffect(() => {
    const node = text.current;
    if (!node || expanded) return;
    const measure = () => setOverflows(node.scrollHeight > node.clientHeight + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, [expanded]);

  return (
    <>
      <span id={id} ref={text} className={`custom-data__text${expanded ? '' : ' custom-data__text--clamped'}`}>
        {value}
      </span>
      {overflows || expanded ? (
        <button
          type="button"
          className="link-button custom-data__more"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((open) => !open)}
        >
          {expanded ? 'Show less' : 'Show more'}
        </button>
      ) : null}
    </>
  );
}

export function CustomDataSection({ sidebar, now }: SectionProps) {
  const { custom_data: data } = sidebar;
  if (data.items.length === 0) {
    return <p className="sidebar-empty">{data.app_name} has sent no custom data for this contact.</p>;
  }
  return (
    <>
      <p className="sidebar-caption">From {data.app_name}</p>
      <dl className="sidebar-fields custom-data">
        {data.items.map((entry) => (
          <div key={entry.key} className="sidebar-fields__row custom-data__row">
            <dt className="custom-data__key">{breakableKey(entry.key)}</dt>
            <dd className="custom-data__value">
              <CustomDataValue key={formatValue(entry.value)} entry={entry} />
              {entry.verified ? null : <UnverifiedMark />}
              <span className="custom-data__provenance">{describeProvenance(entry, now)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
