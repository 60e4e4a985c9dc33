//! Add or edit an endpoint: URL, description, topics and whether it is on. A 422's `details.fields`
//! appear under the field they name; anything else the server says shows as an alert.
import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '@/api/api-error';
import { fieldErrors } from '@/api/field-errors';
import type { CreatedWebhookEndpoint, WebhookEndpoint, WebhookTopic } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { useCreateWebhook } from '../api/create-webhook';
import { useUpdateWebhook } from '../api/update-webhook';
import { TOPIC_GROUPS, WEBHOOK_TOPICS } from '../utils/topics';

const FORM_FIELDS = new Set(['url', 'description', 'topics']);

type Draft = { url: string; description: string; topics: WebhookTopic[]; enabled: boolean };

type FormProps = {
  appId: number;
  onCancel: () => void;
};

type FieldsProps = {
  draft: Draft;
  setDraft: (change: Partial<Draft>) => void;
  error: Error | null;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  label: string;
  onSubmit: () => void;
  onCancel: () => void;
};

function EndpointFields({ draft, setDraft, error, pending, submitLabel, pendingLabel, label, onSubmit, onCancel }: FieldsProps) {
  const id = useId();
  const errors = isApiError(error, 422) ? fieldErrors(error.details) : {};
  const otherError = error && Object.keys(errors).length === 0 ? error.message : null;
  const otherFieldErrors = Object.entries(errors).filter(([field]) => !FORM_FIELDS.has(field));
  const allChecked = draft.topics.length === WEBHOOK_TOPICS.length;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit();
  }

  function toggle(topic: WebhookTopic, checked: boolean) {
    setDraft({ topics: checked ? [...draft.topics, topic] : draft.topics.filter((other) => other !== topic) });
  }

  return (
    <form className="webhook-form" onSubmit={submit} aria-label={label} noValidate>
      <div className="webhook-form__field">
        <label htmlFor={`${id}-url`}>Endpoint URL</label>
        <input
          id={`${id}-url`}
          className="input"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/webhooks/convot"
          value={draft.url}
          onChange={(event) => setDraft({ url: event.target.value })}
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={errors.url ? `${id}-url-error` : undefined}
        />
        {errors.url ? (
          <p id={`${id}-url-error`} className="field-error">
            {errors.url}
          </p>
        ) : null}
      </div>
      <div className="webhook-form__field">
        <label htmlFor={`${id}-description`}>Description</label>
        <input
          id={`${id}-description`}
          className="input"
          autoComplete="off"
          placeholder="What receives these (optional)"
          value={draft.description}
          onChange={(event) => setDraft({ description: event.target.value })}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? `${id}-description-error` : undefined}
        />
        {errors.description ? (
          <p id={`${id}-description-error`} className="field-error">
            {errors.description}
          </p>
        ) : null}
      </div>
      <fieldset
        className="webhook-form__topics"
        aria-invalid={errors.topics ? true : undefined}
        aria-describedby={errors.topics ? `${id}-topics-error` : undefined}
      >
        <legend>Topics</legend>
        <label className="webhook-form__check webhook-form__all">
          <input
            type="checkbox"
            checked={allChecked}
            onChange={(event) => setDraft({ topics: event.target.checked ? [...WEBHOOK_TOPICS] : [] })}
          />
          All topics
        </label>
        <div className="webhook-form__groups">
          {Object.entries(TOPIC_GROUPS).map(([group, topics]) => (
            <div key={group} className="webhook-form__group" role="group" aria-label={group}>
              <p className="webhook-form__group-title" aria-hidden="true">
                {group}
              </p>
              {topics.map((topic) => (
                <label key={topic} className="webhook-form__check">
                  <input
                    type="checkbox"
                    checked={draft.topics.includes(topic)}
                    onChange={(event) => toggle(topic, event.target.checked)}
                  />
                  <code>{topic}</code>
                </label>
              ))}
            </div>
          ))}
        </div>
        {errors.topics ? (
          <p id={`${id}-topics-error`} className="field-error">
            {errors.topics}
          </p>
        ) : null}
      </fieldset>
      <label className="webhook-form__check">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ enabled: event.target.checked })} />
        Enabled
      </label>
      {otherFieldErrors.map(([field, message]) => (
        <p key={field} className="field-error">
          {field}: {message}
        </p>
      ))}
      {otherError ? <Alert>{otherError}</Alert> : null}
      <div className="webhook-form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function useDraft(initial: Draft) {
  const [draft, setDraftState] = useState(initial);
  const setDraft = (change: Partial<Draft>) => setDraftState((current) => ({ ...current, ...change }));
  return [draft, setDraft] as const;
}

/** Topics in the order the form lists them, whatever order they were ticked in. */
function ordered(topics: WebhookTopic[]): WebhookTopic[] {
  return WEBHOOK_TOPICS.filter((topic) => topics.includes(topic));
}

export function NewEndpointForm({ appId, onCancel, onCreated }: FormProps & { onCreated: (created: CreatedWebhookEndpoint) => void }) {
  const create = useCreateWebhook(appId);
  const [draft, setDraft] = useDraft({ url: '', description: '', topics: [], enabled: true });
  return (
    <EndpointFields
      draft={draft}
      setDraft={setDraft}
      error={create.error}
      pending={create.isPending}
      label="New endpoint"
      submitLabel="Add endpoint"
      pendingLabel="Adding…"
      onCancel={onCancel}
      onSubmit={() =>
        create.mutate(
          { url: draft.url.trim(), description: draft.description.trim(), topics: ordered(draft.topics), enabled: draft.enabled },
          { onSuccess: onCreated },
        )
      }
    />
  );
}

export function EditEndpointForm({ appId, endpoint, onCancel, onSaved }: FormProps & { endpoint: WebhookEndpoint; onSaved: () => void }) {
  const update = useUpdateWebhook(appId, endpoint.id);
  const [draft, setDraft] = useDraft({
    url: endpoint.url,
    description: endpoint.description,
    topics: endpoint.topics,
    enabled: endpoint.enabled,
  });
  return (
    <EndpointFields
      draft={draft}
      setDraft={setDraft}
      error={update.error}
      pending={update.isPending}
      label="Edit endpoint"
      submitLabel="Save"
      pendingLabel="Saving…"
      onCancel={onCancel}
      onSubmit={() =>
        update.mutate(
          { url: draft.url.trim(), description: draft.description.trim(), topics: ordered(draft.topics), enabled: draft.enabled },
          { onSuccess: onSaved },
        )
      }
    />
  );
}
