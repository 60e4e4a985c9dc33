//! GET/POST /contacts/{id}/notes and PATCH/DELETE /contacts/{id}/notes/{note_id}: the contact's notes,
//! shared by the sidebar's Notes section and the profile's.
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '@/api/api-error';
import { api, unwrap } from '@/api/client';
import type { ContactNote, ContactNoteList } from '@/api/types';

export const NOTES_PAGE_SIZE = 30;
/** The server's limit, in characters (code points), as it counts them. */
export const NOTE_MAX_CHARS = 10_000;

export const noteKeys = {
  all: ['notes'] as const,
  contact: (contactId: number) => ['notes', contactId] as const,
};

/** Counts like the server: "😀" is one character, not two UTF-16 units. */
export function noteLength(text: string): number {
  return [...text].length;
}

export function getNotes(
  contactId: number,
  { limit, cursor }: { limit: number; cursor: string | null },
  signal?: AbortSignal,
): Promise<ContactNoteList> {
  return unwrap(
    api.GET('/api/v1/contacts/{id}/notes', {
      params: { path: { id: contactId }, query: { limit, cursor: cursor ?? undefined } },
      signal,
    }),
  );
}

export function notesQueryOptions(contactId: number) {
  return infiniteQueryOptions({
    queryKey: noteKeys.contact(contactId),
    queryFn: ({ pageParam, signal }) => getNotes(contactId, { limit: NOTES_PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? null,
  });
}

/** The paginated list; the sidebar enables it only once the agent asks for more than it holds. */
export function useNotes(contactId: number, enabled = true) {
  return useInfiniteQuery({ ...notesQueryOptions(contactId), enabled });
}

/** What a note change refreshes besides the note list (the sidebar, for the sidebar's section). */
export type OnNotesChanged = () => void;

function useNoteMutation<Variables, Result>(
  contactId: number,
  onChanged: OnNotesChanged | undefined,
  mutationFn: (variables: Variables) => Promise<Result>,
) {
  const queryClient = useQueryClient();
  return useMutation<Result, ApiError, Variables>({
    mutationFn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: noteKeys.contact(contactId) });
      onChanged?.();
    },
  });
}

export function useCreateNote(contactId: number, onChanged?: OnNotesChanged) {
  return useNoteMutation<string, ContactNote>(contactId, onChanged, (body) =>
    unwrap(api.POST('/api/v1/contacts/{id}/notes', { params: { path: { id: contactId } }, body: { body } })),
  );
}

export function useEditNote(contactId: number, noteId: number, onChanged?: OnNotesChanged) {
  return useNoteMutation<string, ContactNote>(contactId, onChanged, (body) =>
    unwrap(
      api.PATCH('/api/v1/contacts/{id}/notes/{note_id}', {
        params: { path: { id: contactId, note_id: noteId } },
        body: { body },
      }),
    ),
  );
}

export function useDeleteNote(contactId: number, noteId: number, onChanged?: OnNotesChanged) {
  return useNoteMutation<void, unknown>(contactId, onChanged, () =>
    unwrap(api.DELETE('/api/v1/contacts/{id}/notes/{note_id}', { params: { path: { id: contactId, note_id: noteId } } })),
  );
}
