//! "Merge with…": find the duplicate, compare both side by side, pick the value to keep per differing field, merge.
import { useId, useRef, useState } from 'react';
import type { ContactProfile } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import { useContact } from '../api/get-contact';
import { useContacts } from '../api/get-contacts';
import { useMergeContact } from '../api/merge-contact';
import {
  chooseFor,
  differingCustomData,
  differingFields,
  externalIdsConflict,
  type FieldRow,
  type Side,
} from '../utils/merge-choices';

type MergeButtonProps = {
  contact: ContactProfile;
  /** Owners and admins; agents only when they see every conversation of both contacts (SPEC §5). */
  seesAllApps: boolean;
};

export function MergeContactButton({ contact, seesAllApps }: MergeButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const blocked = !seesAllApps && contact.counts.hidden_conversations > 0;
  return (
    <>
      <button
        type="button"
        className="button button--small"
        disabled={blocked}
        title={blocked ? 'This contact has conversations in apps you do not operate; an owner or admin can merge it.' : undefined}
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Merge with…
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog merge-dialog"
        aria-labelledby="merge-dialog-title"
        onClose={() => setOpen(false)}
      >
        {open ? (
          <MergeDialogBody into={contact} seesAllApps={seesAllApps} onDone={() => dialog.current?.close()} />
        ) : null}
      </dialog>
    </>
  );
}

function MergeDialogBody({ into, seesAllApps, onDone }: { into: ContactProfile; seesAllApps: boolean; onDone: () => void }) {
  const [candidateId, setCandidateId] = useState<number | null>(null);
  return (
    <div>
      <h2 id="merge-dialog-title">Merge another contact into {into.display_name}</h2>
      <p className="muted">
        {into.display_name} stays; the other contact’s conversations, events, tags and custom data move here and it is
        removed.
      </p>
      {candidateId === null ? (
        <CandidateSearch excludeId={into.id} onPick={setCandidateId} onCancel={onDone} />
      ) : (
        <MergeCompare
          into={into}
          fromId={candidateId}
          seesAllApps={seesAllApps}
          onBack={() => setCandidateId(null)}
          onDone={onDone}
        />
      )}
    </div>
  );
}

function CandidateSearch({ excludeId, onPick, onCancel }: { excludeId: number; onPick: (id: number) => void; onCancel: () => void }) {
  const inputId = useId();
  const [query, setQuery] = useState('');
  const q = useDebouncedValue(query.trim(), 250);
  const results = useContacts({ q, tag: '', sort: 'name' });
  const items = (results.data?.pages.flatMap((page) => page.items) ?? []).filter((c) => c.id !== excludeId);
  return (
    <>
      <label htmlFor={inputId}>Find the duplicate</label>
      <input
        id={inputId}
        className="input"
        type="search"
        autoFocus
        placeholder="Name, email, company or external ID"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {q === '' ? null : results.isPending ? (
        <Spinner label="Searching…" />
      ) : items.length === 0 ? (
        <p className="muted">No other contact matches.</p>
      ) : (
        <ul className="merge-dialog__results" aria-label="matching contacts">
          {items.slice(0, 10).map((c) => (
            <li key={c.id}>
              <button type="button" className="button button--small" onClick={() => onPick(c.id)}>
                {c.display_name}
                {c.email && c.email !== c.display_name ? ` · ${c.email}` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="confirm-dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}

type CompareProps = { into: ContactProfile; fromId: number; seesAllApps: boolean; onBack: () => void; onDone: () => void };

function MergeCompare({ into, fromId, seesAllApps, onBack, onDone }: CompareProps) {
  const from = useContact(fromId);
  const merge = useMergeContact(into.id);
  const [picks, setPicks] = useState<Record<string, Side>>({});
  if (from.isPending) return <Spinner label="Loading contact…" />;
  if (from.isError) return <Alert>{from.error.message}</Alert>;
  const other = from.data;
  const fields = differingFields(into, other);
  const customData = differingCustomData(into, other);
  const conflict = externalIdsConflict(into, other);
  const forbidden = !seesAllApps && other.counts.hidden_conversations > 0;
  const rows = [...fields, ...customData];
  const confirm = () =>
    merge.mutate({ fromContactId: other.id, choose: chooseFor(rows, picks) }, { onSuccess: onDone });
  return (
    <>
      {rows.length === 0 ? (
        <p>The two contacts agree on every field.</p>
      ) : (
        <table className="merge-dialog__table">
          <caption className="visually-hidden">Pick the value to keep for each field that differs</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">{into.display_name} (stays)</th>
              <th scope="col">{other.display_name}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <ChoiceRow key={row.key} row={row} side={picks[row.key] ?? row.defaultSide} onPick={(side) => setPicks({ ...picks, [row.key]: side })} />
            ))}
          </tbody>
        </table>
      )}
      <p className="merge-dialog__summary">
        Moves {other.counts.conversations} {other.counts.conversations === 1 ? 'conversation' : 'conversations'} and{' '}
        {other.counts.events} {other.counts.events === 1 ? 'event' : 'events'}
        {other.tags.length > 0 ? `, tags ${other.tags.map((t) => t.name).join(', ')}` : ''} to {into.display_name};{' '}
        {other.display_name} is then removed.
      </p>
      {conflict ? (
        <Alert>
          These contacts have different external IDs ({into.external_id} and {other.external_id}): they are different
          people and cannot be merged.
        </Alert>
      ) : null}
      {forbidden ? (
        <Alert>{other.display_name} has conversations in apps you do not operate; an owner or admin can merge them.</Alert>
      ) : null}
      {merge.isError ? <Alert>{merge.error.message}</Alert> : null}
      <div className="confirm-dialog__actions">
        <button type="button" className="button" onClick={onBack}>
          Back
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={conflict || forbidden || merge.isPending}
          onClick={confirm}
        >
          {merge.isPending ? 'Merging…' : `Merge into ${into.display_name}`}
        </button>
      </div>
    </>
  );
}

function ChoiceRow({ row, side, onPick }: { row: FieldRow; side: Side; onPick: (side: Side) => void }) {
  const name = `merge-${row.key}`;
  return (
    <tr>
      <th scope="row">{row.label}</th>
      {(['into', 'from'] as const).map((option) => (
        <td key={option}>
          <label>
            <input type="radio" name={name} value={option} checked={side === option} onChange={() => onPick(option)} />{' '}
            {(option === 'into' ? row.into : row.from) || <span className="muted">empty</span>}
          </label>
        </td>
      ))}
    </tr>
  );
}
