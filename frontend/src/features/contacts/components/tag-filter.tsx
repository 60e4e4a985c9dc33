//! The contacts list's tag filter: a select of the organization's contact tags (GET /tags?scope=contact).
import { useTags } from '@/components/tags/tag-library';

type TagFilterProps = { value: string; onChange: (tag: string) => void };

export function TagFilter({ value, onChange }: TagFilterProps) {
  const tags = useTags('contact', '');
  const names = (tags.data ?? []).map((tag) => tag.name);
  // A tag from a shared link may be missing from the first page of the library: keep it selectable.
  if (value && !names.includes(value)) names.unshift(value);
  return (
    <label className="tag-filter">
      <span className="visually-hidden">Filter by tag</span>
      <select className="input tag-filter__select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All tags</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
