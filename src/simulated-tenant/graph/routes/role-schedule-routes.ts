/**
 * Directory roles: the caller's eligibility and assignment schedule instances and schedules
 * (`filterByCurrentUser(on='principal')`), and the role definitions.
 */
import { list, type GraphRoute } from '../graph-route';
import { GRAPH_SCOPES } from '../graph-scopes';
import {
  directoryAssignmentInstance,
  directoryAssignmentSchedule,
  directoryEligibilityInstance,
  directoryEligibilitySchedule,
  roleDefinition,
} from '../resources';
import { callerListRoute } from './caller-lists';

const DIRECTORY = 'roleManagement/directory';

export const roleScheduleRoutes: readonly GraphRoute[] = [
  callerListRoute({
    path: `${DIRECTORY}/roleEligibilityScheduleInstances`,
    scopes: GRAPH_SCOPES.readEligibilityDirectory,
    kind: 'directoryRole',
    records: (model, userId) => model.currentEligibilities(userId),
    resource: (record) => directoryEligibilityInstance(record),
    entity: 'unifiedRoleEligibilityScheduleInstance',
  }),
  callerListRoute({
    path: `${DIRECTORY}/roleEligibilitySchedules`,
    scopes: GRAPH_SCOPES.readEligibilityDirectory,
    kind: 'directoryRole',
    // Schedules include those that start later; only ended ones are gone.
    records: (model, userId) =>
      model.eligibilities.filter((item) => item.principalId === userId && (item.end === null || item.end > model.clock.now())),
    resource: (record) => directoryEligibilitySchedule(record),
    entity: 'unifiedRoleEligibilitySchedule',
  }),
  callerListRoute({
    path: `${DIRECTORY}/roleAssignmentScheduleInstances`,
    scopes: GRAPH_SCOPES.readAssignmentDirectory,
    kind: 'directoryRole',
    records: (model, userId) => model.currentAssignments(userId),
    resource: (record) => directoryAssignmentInstance(record),
    entity: 'unifiedRoleAssignmentScheduleInstance',
  }),
  callerListRoute({
    path: `${DIRECTORY}/roleAssignmentSchedules`,
    scopes: GRAPH_SCOPES.readAssignmentDirectory,
    kind: 'directoryRole',
    records: (model, userId) => model.assignmentSchedules(userId),
    resource: directoryAssignmentSchedule,
    entity: 'unifiedRoleAssignmentSchedule',
  }),
  {
    method: 'GET',
    path: `${DIRECTORY}/roleDefinitions`,
    handle: (exchange) =>
      list(
        exchange,
        GRAPH_SCOPES.readEligibilityDirectory,
        [...exchange.model.roles.values()].map(roleDefinition),
        'roleManagement/directory/roleDefinitions',
        {},
      ),
  },
];
