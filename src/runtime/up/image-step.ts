// Image handling inside `up`: the pluggable "make images available" step and the image ids
// recorded in com.docker.compose.image.

import type { ComposeProject } from '../../compose/types.js';
import { ScoreComposeError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { ContainerRuntime } from '../engine/container-runtime.js';
import { serviceImage } from '../identity/names.js';
import type { Rebuild } from '../images/plan.js';

/** Makes every service image available (pull/build); images/ensure.ts provides the full version. */
export type EnsureImagesHook = (
  runtime: ContainerRuntime,
  project: ComposeProject,
  ctx: { projectName: string; projectDir: string; rebuild: Rebuild; logger: Logger; signal?: AbortSignal },
) => Promise<void>;

/** The fallback: every image must already be present locally. */
export const requireLocalImages: EnsureImagesHook = async (runtime, project, ctx) => {
  for (const name of Object.keys(project.services).sort()) {
    const ref = serviceImage(ctx.projectName, name, project.services[name] ?? {});
    if ((await runtime.inspectImage(ref)) === undefined) {
      throw new ScoreComposeError('runtime', `image "${ref}" for service "${name}" is not present locally`, {
        hint: `pull it with \`docker pull ${ref}\`, or build it`,
      });
    }
  }
};

/** Image id per service, read after the images were ensured. */
export async function resolveImageIds(
  runtime: ContainerRuntime,
  projectName: string,
  project: ComposeProject,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const name of Object.keys(project.services).sort()) {
    const ref = serviceImage(projectName, name, project.services[name] ?? {});
    const img = await runtime.inspectImage(ref);
    if (img === undefined)
      throw new ScoreComposeError('runtime', `image "${ref}" for service "${name}" is not present locally`);
    ids.set(name, img.Id);
  }
  return ids;
}
