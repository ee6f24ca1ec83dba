/**
 * Azure Resource Manager failures for people: ARM's error envelope (CloudError) is read into the same failure shape as
 * Graph's by the request pipeline (src/core/net/service-failure.ts), so the claims-challenge parsers, the reconcile
 * rules and the PIM error mapping serve both APIs; here the ARM-only codes are mapped on top.
 */
import { appError } from '../../shared/errors';
import type { AppError } from '../../shared/errors';
import type { GraphFailure } from '../graph/graph-failure';
import { appErrorFromGraph, failureTrace } from '../graph/graph-failure';

const SERVICE = 'Azure Resource Manager';

/** Maps an ARM failure to the closed AppError set. `what` names the operation for generic messages. */
export function appErrorFromArm(f: GraphFailure, what = 'The request to Azure Resource Manager'): AppError {
  const trace = failureTrace(f);
  switch (f.code) {
    case 'RoleAssignmentRequestExists':
      return appError(
        'pim/pending-request',
        'A request for this Azure role is already waiting (for example for approval); wait for it or cancel it before asking again.',
        trace,
      );
    case 'RoleDefinitionDoesNotExist':
    case 'RoleAssignmentScheduleRequestNotFound':
      return appError('pim/not-found', 'Azure does not know this role or request any more; refresh the list.', trace);
    case 'InsufficientPermissions':
    case 'AuthorizationFailed':
      return appError(
        'graph/forbidden',
        `Azure Resource Manager refused this for your account (${f.code}); ask your Azure administrator to check your PIM eligibility.`,
        trace,
      );
    case 'InvalidAuthenticationTokenAudience':
      return appError(
        'graph/unauthorized',
        'Azure Resource Manager refused the token as issued for another audience; check the cloud and the ARM endpoint settings.',
        trace,
      );
    default:
      return appErrorFromGraph(f, what, SERVICE);
  }
}
