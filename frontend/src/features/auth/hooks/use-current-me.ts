//! The loaded current user + organization, for components rendered inside RequireAuth.
import type { Me } from '@/api/types';
import { useMe } from '../api/get-me';

export function useCurrentMe(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentMe must be used inside <RequireAuth>, after /me has loaded');
  return data;
}
