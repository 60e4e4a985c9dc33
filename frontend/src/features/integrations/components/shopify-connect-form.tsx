//! Connect or reconnect: Partner organization id, Partner API token (never shown back) and the
//! Partner app → Convot app mappings. A 422's `details.fields` appear under the field they name.
import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '@/api/api-error';
import { fieldErrors } from '@/api/field-errors';
import type { AppList, ShopifyIntegration } from '@/api/types';
import { Alert } from '@/components/ui/alert';
import { useConnectShopify } from '../api/connect-shopify';

type MappingDraft = { key: number; partnerAppId: string; appId: string };

type ShopifyConnectFormProps = {
  current: ShopifyIntegration | null;
  apps: AppList['items'];
  onDone?: () => void;
  onCancel?: () => void;
};

/** The 422 fields shown under their own input (`apps.<index>.…` go under their mapping row). */
const FORM_FIELDS = new Set(['partner_organization_id', 'access_token', 'apps']);

let nextKey = 1;
function draft(partnerAppId = '', appId = ''): MappingDraft {
  return { key: nextKey++, partnerAppId, appId };
}

/** The error for the mapping at `index`: the server keys them `apps.<index>.<field>`. */
function mappingError(errors: Record<string, string>, index: number): string | undefined {
  return errors[`apps.${index}.partner_app_id`] ?? errors[`apps.${index}.app_id`];
}

export function ShopifyConnectForm({ current, apps, onDone, onCancel }: ShopifyConnectFormProps) {
  const id = useId();
  const connect = useConnectShopify();
  const [organizationId, setOrganizationId] = useState(current?.partner_organization_id ?? '');
  const [token, setToken] = useState('');
  const [mappings, setMappings] = useState<MappingDraft[]>(() =>
    current && current.apps.length > 0
      ? current.apps.map((mapping) => draft(mapping.partner_app_id, String(mapping.app_id)))
      : [draft()],
  );

  const errors = isApiError(connect.error, 422) ? fieldErrors(connect.error.details) : {};
  // A 422 whose fields this form has no place for still says something: its message, or the fields by name.
  const otherError = connect.error && Object.keys(errors).length === 0 ? connect.error.message : null;
  const otherFieldErrors = Object.entries(errors).filter(([field]) => !FORM_FIELDS.has(field) && !field.startsWith('apps.'));
  const unplacedErrors = Object.entries(errors).filter(
    ([field]) =>
      field.startsWith('apps.') && !mappings.some((_, index) => mappingError({ [field]: 'x' }, index) !== undefined),
  );

  function update(key: number, change: Partial<MappingDraft>) {
    setMappings((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    connect.mutate(
      {
        partner_organization_id: organizationId.trim(),
        access_token: token,
        apps: mappings
          .filter((row) => row.partnerAppId.trim() !== '' || row.appId !== '')
          .map((row) => ({ partner_app_id: row.partnerAppId.trim(), app_id: Number(row.appId) })),
      },
      {
        onSuccess: () => {
          setToken('');
          onDone?.();
        },
      },
    );
  }

  const orgError = errors.partner_organization_id;
  const tokenError = errors.access_token;
  const appsError = errors.apps;

  return (
    <form className="integration-form" onSubmit={submit} aria-label={current ? 'Reconnect Shopify' : 'Connect Shopify'} noValidate>
      <div className="integration-form__field">
        <label htmlFor={`${id}-org`}>Partner organization id</label>
        <input
          id={`${id}-org`}
          className="input"
          inputMode="numeric"
          autoComplete="off"
          value={organizationId}
          onChange={(event) => setOrganizationId(event.target.value)}
          aria-invalid={orgError ? true : undefined}
          aria-describedby={orgError ? `${id}-org-error` : undefined}
        />
        {orgError ? (
          <p id={`${id}-org-error`} className="field-error">
            {orgError}
          </p>
        ) : null}
      </div>
      <div className="integration-form__field">
        <label htmlFor={`${id}-token`}>Partner API token</label>
        <input
          id={`${id}-token`}
          className="input"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          placeholder={current ? 'Enter the token again to reconnect' : 'prtapi_…'}
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={tokenError ? true : undefined}
          aria-describedby={tokenError ? `${id}-token-error` : undefined}
        />
        {tokenError ? (
          <p id={`${id}-token-error`} className="field-error">
            {tokenError}
          </p>
        ) : null}
      </div>
      <fieldset className="integration-form__mappings">
        <legend>Partner apps</legend>
        {mappings.map((row, index) => {
          const rowError = mappingError(errors, index);
          const n = index + 1;
          return (
            <div key={row.key} className="integration-form__mapping">
              <input
                className="input"
                aria-label={`Partner app id ${n}`}
                inputMode="numeric"
                autoComplete="off"
                value={row.partnerAppId}
                onChange={(event) => update(row.key, { partnerAppId: event.target.value })}
                aria-invalid={rowError ? true : undefined}
              />
              <span aria-hidden="true">→</span>
              <select
                className="input"
                aria-label={`Convot app ${n}`}
                value={row.appId}
                onChange={(event) => update(row.key, { appId: event.target.value })}
              >
                <option value="">Choose an app</option>
                {apps.map((app) => (
                  <option key={app.id} value={String(app.id)}>
                    {app.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => setMappings((rows) => rows.filter((other) => other.key !== row.key))}
                disabled={mappings.length === 1}
                aria-label={`Remove mapping ${n}`}
              >
                Remove
              </button>
              {rowError ? <p className="field-error integration-form__mapping-error">{rowError}</p> : null}
            </div>
          );
        })}
        <button type="button" className="button button--small" onClick={() => setMappings((rows) => [...rows, draft()])}>
          Add mapping
        </button>
        {appsError ? <p className="field-error">{appsError}</p> : null}
        {unplacedErrors.map(([field, message]) => (
          <p key={field} className="field-error">
            {field.slice('apps.'.length)}: {message}
          </p>
        ))}
      </fieldset>
      {otherFieldErrors.map(([field, message]) => (
        <p key={field} className="field-error">
          {field}: {message}
        </p>
      ))}
      {otherError ? <Alert>{otherError}</Alert> : null}
      <div className="integration-form__actions">
        <button type="submit" className="button button--primary" disabled={connect.isPending}>
          {connect.isPending ? 'Connecting…' : current ? 'Reconnect' : 'Connect'}
        </button>
        {onCancel ? (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
