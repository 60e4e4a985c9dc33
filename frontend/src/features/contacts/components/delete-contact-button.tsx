//! "Delete contact" (owners and admins): a confirm dialog, DELETE /contacts/{id}, then back to the list.
import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { useDeleteContact } from '../api/delete-contact';

export function DeleteContactButton({ contactId, name }: { contactId: number; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const remove = useDeleteContact(contactId);

  const confirm = () => {
    remove.mutate(undefined, {
      onSuccess: () => {
        dialog.current?.close();
        void navigate('/contacts', { replace: true });
      },
    });
  };

  return (
    <>
      <button type="button" className="button button--small button--danger" onClick={() => dialog.current?.showModal()}>
        Delete contact
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="delete-contact-title" onClose={() => remove.reset()}>
        <h2 id="delete-contact-title">Delete {name}?</h2>
        <p>
          This erases the contact with their app data, events, tags and conversations. It cannot be undone.
        </p>
        {remove.isError ? <Alert>{remove.error.message}</Alert> : null}
        <div className="confirm-dialog__actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className="button button--danger" disabled={remove.isPending} onClick={confirm}>
            {remove.isPending ? 'Deleting…' : 'Delete contact'}
          </button>
        </div>
      </dialog>
    </>
  );
}
