//! "Export data (JSON)" on the profile (owners and admins): the access-request document as a file.
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { saveBlob } from '@/lib/download';
import { exportContactData } from '../api/export-contact-data';

export function ExportContactDataButton({ contactId }: { contactId: number }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setPending(true);
    setError(null);
    try {
      const blob = await exportContactData(contactId);
      const today = new Date().toISOString().slice(0, 10);
      saveBlob(blob, `contact-${contactId}-${today}.json`);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <button type="button" className="button button--small" disabled={pending} onClick={() => void run()}>
        {pending ? 'Exporting…' : 'Export data (JSON)'}
      </button>
      {error ? <Alert>{error}</Alert> : null}
    </>
  );
}
