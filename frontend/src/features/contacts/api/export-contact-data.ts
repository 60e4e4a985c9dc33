//! GET /contacts/{id}/export.json: everything stored about one contact, for an access request.
import { unwrap, api } from '@/api/client';

export async function exportContactData(contactId: number): Promise<Blob> {
  const document = await unwrap(api.GET('/api/v1/contacts/{id}/export.json', { params: { path: { id: contactId } } }));
  return new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
}
