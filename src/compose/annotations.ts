/** The annotation on every service converted from a Score workload, naming the workload. */
export const WORKLOAD_NAME_ANNOTATION = 'compose.score.dev/workload-name';
