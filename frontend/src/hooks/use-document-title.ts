//! Sets the browser tab title for the current page ("Contacts · Convot").
import { useEffect } from 'react';

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Convot` : 'Convot';
  }, [title]);
}
