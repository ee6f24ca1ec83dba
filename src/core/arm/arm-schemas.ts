/**
 * The shapes of ARM's PIM answers the app relies on, checked at the edge. Only what is used is required; ARM adds
 * fields freely, so objects are not strict.
 */
import { z } from 'zod';
import { targetKey } from '../pim/target-key';

const text = z.string().nullish();

const expandedProperties = z
  .object({
    scope: z.object({ id: text, displayName: text, type: text }).nullish(),
    roleDefinition: z.object({ id: text, displayName: text, type: text }).nullish(),
  })
  .nullish();

/** A `roleEligibilityScheduleInstance` or `roleAssignmentScheduleInstance`. */
export const armInstanceSchema = z.object({
  name: text,
  properties: z.object({
    scope: z.string().min(1),
    roleDefinitionId: z.string().min(1),
    startDateTime: text,
    endDateTime: text,
    status: text,
    assignmentType: text,
    memberType: text,
    roleEligibilityScheduleId: text,
    linkedRoleEligibilityScheduleId: text,
    expandedProperties,
  }),
});

export type ArmInstance = z.output<typeof armInstanceSchema>;

/** A `roleAssignmentScheduleRequest`. */
export const armRequestSchema = z.object({
  name: z.string().min(1),
  properties: z.object({
    scope: z.string().min(1),
    roleDefinitionId: z.string().min(1),
    requestType: text,
    status: z.string().min(1),
    createdOn: text,
    justification: text,
    scheduleInfo: z.object({ startDateTime: text, expiration: z.object({ duration: text, endDateTime: text }).nullish() }).nullish(),
  }),
});

export type ArmRequest = z.output<typeof armRequestSchema>;

/** A `roleManagementPolicyAssignment` with its `effectiveRules` (read by the shared rule reader). */
export const armPolicyAssignmentSchema = z.object({
  properties: z.object({
    roleDefinitionId: text,
    effectiveRules: z.array(z.unknown()).nullish(),
  }),
});

/** The catalog key of the Azure role an ARM instance or request is about (`azure:<scope>:<role guid>`). */
export function armItemKey(item: { readonly properties: { readonly scope: string; readonly roleDefinitionId: string } }): string {
  return targetKey({ kind: 'azureResource', scope: item.properties.scope, roleDefinitionId: item.properties.roleDefinitionId });
}
