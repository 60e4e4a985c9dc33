//! Signs out: forgets the token and every cached response, then shows the login page.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { clearSessionToken } from '@/lib/session';

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(() => {
    clearSessionToken();
    queryClient.clear();
    navigate('/login', { replace: true });
  }, [navigate, queryClient]);
}
