/** The update-check methods of the contract, over the one UpdateCheck the Help menu also uses. */
import { UserFacingError } from '../../../shared/ipc';
import type { UpdateCheck } from '../updates';
import type { Handlers } from './dispatcher';

type UpdateMethod =
  'updates.getState' | 'updates.setCheckAtStartup' | 'updates.checkNow' | 'updates.openReleasePage';

export const NOT_SAVED_MESSAGE =
  "The file update-check.json in the app's folder could not be written; the earlier choice stays. The details are in the log file.";

export function createUpdateHandlers(deps: {
  readonly updates: UpdateCheck;
}): Pick<Handlers, UpdateMethod> {
  const { updates } = deps;
  return {
    'updates.getState': () => updates.state(),
    'updates.setCheckAtStartup': async ({ checkAtStartup }) => {
      try {
        return await updates.saveCheckAtStartup(checkAtStartup);
      } catch {
        throw new UserFacingError(NOT_SAVED_MESSAGE);
      }
    },
    'updates.checkNow': () => updates.checkForPage(),
    'updates.openReleasePage': async () => {
      const state = updates.state();
      return { opened: await updates.openReleasePage(), url: state.releasesUrl };
    },
  };
}
