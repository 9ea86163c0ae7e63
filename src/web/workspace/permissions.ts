import { useCallback, useMemo } from 'react';
import { useMe } from '../session.js';
import { permissionsOf } from './contract.js';

/** Whether the signed-in user may do something (GET /api/auth/me's permissions): screens hide what would be refused. */
export function useCan(): (permission: string) => boolean {
  const me = useMe();
  const permissions = useMemo(() => permissionsOf(me), [me]);
  return useCallback((permission: string) => permissions.has(permission), [permissions]);
}
