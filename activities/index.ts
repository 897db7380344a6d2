// Every activity the worker registers, built from its dependencies.
import { createCaseActivities, type CaseActivityDeps } from './cases.ts';
import { createDsrActivities } from './dsr.ts';

export type ActivityDeps = CaseActivityDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createCaseActivities(deps),
    ...createDsrActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
