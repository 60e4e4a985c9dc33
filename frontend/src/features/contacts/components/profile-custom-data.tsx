//! Custom data per app, with who set each value and when (a visitor's unverified claim marked as such);
//! agents can add, edit and delete keys.
import { useId, useState, type FormEvent } from 'react';
import type { AppCustomDataGroup, CustomDataEntry } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { UnverifiedMark } from '@/components/ui/unverified-mark';
import { formatValue } from '@/lib/format';
import { describeProvenance } from '@/lib/provenance';
import { usePatchCustomData } from '../api/patch-custom-data';
import { fieldErrorMessage, InlineField } from '@/components/fields/inline-field';

/** Typed text back to a scalar of the same kind as the value it replaces (numbers stay numbers). */
export function parseCustomValue(text: string, previous?: CustomDataEntry['value']): string | number | boolean {
  if (typeof previous === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof previous === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

type Props = { contactId: number; groups: readonly AppCustomDataGroup[]; now: Date };

export function ProfileCustomData({ contactId, groups, now }: Props) {
  if (groups.length === 0) return <p className="empty-note">No app has sent custom data for this contact.</p>;
  return (
    <div className="profile-custom-data">
      {groups.map((group) => (
        <CustomDataGroup key={group.app_id} contactId={contactId} group={group} now={now} />
      ))}
    </div>
  );
}

function CustomDataGroup({ contactId, group, now }: { contactId: number; group: AppCustomDataGroup; now: Date }) {
  const patch = usePatchCustomData(contactId, group.app_id);
  return (
    <section className="custom-data-group" aria-label={`Custom data from ${group.app_name}`}>
      <h3 className="custom-data-group__title">{group.app_name}</h3>
      {group.items.length === 0 ? <p className="empty-note">No custom data from {group.app_name}.</p> : null}
      <dl className="profile-fields">
        {group.items.map((entry) => (
          <div key={entry.key} className="custom-data-entry">
            <InlineField
              label={entry.key}
              value={formatValue(entry.value)}
              fieldKeys={[entry.key]}
              onSave={(next) => patch.mutateAsync({ [entry.key]: parseCustomValue(next, entry.value) })}
            />
            <p className="custom-data-entry__provenance">
              {entry.verified ? null : <UnverifiedMark />}
              <span>{describeProvenance(entry, now, group.app_name)}</span>
              <button
                type="button"
                className="link-button custom-data-entry__delete"
                disabled={patch.isPending}
                aria-label={`Delete ${entry.key}`}
                onClick={() => patch.mutate({ [entry.key]: null })}
              >
                Delete
              </button>
            </p>
          </div>
        ))}
      </dl>
      {patch.isError && Object.values(patch.variables ?? {}).includes(null) ? (
        <Alert>Could not delete the key: {patch.error.message}</Alert>
      ) : null}
      <AddKeyForm appName={group.app_name} onAdd={(key, value) => patch.mutateAsync({ [key]: value })} />
    </section>
  );
}

function AddKeyForm({ appName, onAdd }: { appName: string; onAdd: (key: string, value: string) => Promise<unknown> }) {
  const id = useId();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = key.trim();
    if (!name) return;
    setSaving(true);
    try {
      await onAdd(name, value);
      setKey('');
      setValue('');
      setError(null);
    } catch (failure) {
      setError(fieldErrorMessage(failure, [name]));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="custom-data-add" onSubmit={(event) => void submit(event)} aria-label={`Add a key for ${appName}`}>
      <label htmlFor={`${id}-key`} className="visually-hidden">
        New key for {appName}
      </label>
      <input
        id={`${id}-key`}
        className="input"
        placeholder="key"
        value={key}
        autoComplete="off"
        onChange={(event) => setKey(event.target.value)}
      />
      <label htmlFor={`${id}-value`} className="visually-hidden">
        Value
      </label>
      <input
        id={`${id}-value`}
        className="input"
        placeholder="value"
        value={value}
        autoComplete="off"
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit" className="button button--small" disabled={saving || key.trim() === ''}>
        Add key
      </button>
      {error ? (
        <p className="field-error custom-data-add__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
