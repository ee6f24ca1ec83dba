/** PIM for groups: the caller's group eligibility and assignment schedule instances and assignment schedules. */
import type { GraphRoute } from '../graph-route';
import { GRAPH_SCOPES } from '../graph-scopes';
import { groupAssignmentInstance, groupAssignmentSchedule, groupEligibilityInstance } from '../resources';
import { callerListRoute } from './caller-lists';

const GROUP = 'identityGovernance/privilegedAccess/group';

export const groupScheduleRoutes: readonly GraphRoute[] = [
  callerListRoute({
    path: `${GROUP}/eligibilityScheduleInstances`,
    scopes: GRAPH_SCOPES.readEligibilityGroup,
    kind: 'group',
    records: (model, userId) => model.currentEligibilities(userId),
    resource: (record) => groupEligibilityInstance(record),
    entity: 'privilegedAccessGroupEligibilityScheduleInstance',
  }),
  callerListRoute({
    path: `${GROUP}/assignmentScheduleInstances`,
    scopes: GRAPH_SCOPES.readAssignmentGroup,
    kind: 'group',
    records: (model, userId) => model.currentAssignments(userId),
    resource: (record) => groupAssignmentInstance(record),
    entity: 'privilegedAccessGroupAssignmentScheduleInstance',
  }),
  callerListRoute({
    path: `${GROUP}/assignmentSchedules`,
    scopes: GRAPH_SCOPES.readAssignmentGroup,
    kind: 'group',
    records: (model, userId) => model.assignmentSchedules(userId),
    resource: groupAssignmentSchedule,
    entity: 'privilegedAccessGroupAssignmentSchedule',
  }),
];
