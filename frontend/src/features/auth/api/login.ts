//! POST /auth/login: exchanges email + password for a session token.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { ApiError } from '@/api/api-error';
import type { LoginRequest, LoginResponse } from '@/api/types';
import { setSessionToken } from '@/lib/session';
import { meQueryKey } from './get-me';

export function login(body: LoginRequest): Promise<LoginResponse> {
  return unwrap(api.POST('/api/v1/auth/login', { body }));
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation<LoginResponse, ApiError, LoginRequest>({
    mutationFn: login,
    onSuccess: ({ token }) => {
      queryClient.removeQueries({ queryKey: meQueryKey });
      setSessionToken(token);
    },
  });
}
