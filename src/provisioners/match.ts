// Choosing the provisioner for a resource: the first one in load order that matches.
import type { Provisioner, ResourceQuery } from './types.js';

/** The reference's rule: type equal, class unset or equal, id unset or equal. */
export function provisionerMatches(provisioner: Provisioner, resource: ResourceQuery): boolean {
  if (provisioner.matches) return provisioner.matches(resource);
  return (
    provisioner.type === resource.type &&
    (provisioner.class === undefined || provisioner.class === resource.class) &&
    (provisioner.id === undefined || provisioner.id === resource.id)
  );
}

/** The first provisioner (priority = load order) that matches the resource, if any. */
export function findProvisioner(
  provisioners: readonly Provisioner[],
  resource: ResourceQuery,
): Provisioner | undefined {
  return provisioners.find((p) => provisionerMatches(p, resource));
}
