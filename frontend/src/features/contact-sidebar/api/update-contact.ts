//! PATCH /contacts/{id} from the sidebar's Contact details: one field at a time; the stored contact is
//! written into every cached sidebar showing them, then those refresh (other tabs follow the stream).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { Contact, ContactPatch, Sidebar } from '@/api/types';
import { invalidateContact, sidebarKeys, type SidebarSnapshot } from './query-keys';

export function updateContact(id: number, body: ContactPatch): Promise<Contact> {
  return unwrap(api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body }));
}

/** The sidebar with the stored contact's fields; the ETag is dropped so the refresh reads the whole body. */
function withContact(sidebar: Sidebar, contact: Contact): Sidebar {
  return {
    ...sidebar,
    contact: {
      ...sidebar.contact,
      display_name: contact.display_name,
      email: contact.email,
      initials: contact.initials,
    },
    details: {
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      company: contact.company,
      location: contact.location,
      external_id: contact.external_id,
    },
  };
}

export function useUpdateContact(contactId: number) {
  const queryClient = useQueryClient();
  return useMutation<Contact, ApiError, ContactPatch>({
    mutationFn: (body) => updateContact(contactId, body),
    onSuccess: (contact) => {
      for (const [key, snapshot] of queryClient.getQueriesData<SidebarSnapshot>({ queryKey: sidebarKeys.details() })) {
        if (snapshot?.sidebar.contact.id !== contactId) continue;
        queryClient.setQueryData<SidebarSnapshot>(key, { sidebar: withContact(snapshot.sidebar, contact), etag: null });
      }
      invalidateContact(queryClient, contactId);
    },
  });
}
