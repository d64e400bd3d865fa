// `graph`: the resource graph of the project, computed by the generate pipeline (so it shows what
// `generate` would write now, the Score files read again) with nothing written.
import type { Logger } from '../common/log.js';
import { buildGraph, type ProjectGraph } from '../graph/model.js';
import { withGeneratedProject } from './generate.js';

/** Options of {@link projectGraph}. */
export interface GraphOptions {
  projectDir: string;
  /** Score files; none: the ones the state records. */
  files?: string[];
  env?: Record<string, string | undefined>;
  logger: Logger;
}

/** The project's workloads, resources, provisioners, stand-in services and the edges between them. */
export async function projectGraph(opts: GraphOptions): Promise<ProjectGraph> {
  return withGeneratedProject(
    {
      projectDir: opts.projectDir,
      files: opts.files ?? [],
      ...(opts.env === undefined ? {} : { env: opts.env }),
      logger: opts.logger,
    },
    async (g) => {
      await g.outputs.rollback();
      const images = Object.fromEntries(Object.entries(g.project.services ?? {}).map(([k, s]) => [k, s.image]));
      return buildGraph(g.state, g.added, images);
    },
  );
}
