/**
 * ARM paths: `{scope}/providers/Microsoft.Authorization/{collection}[/{name}[/{verb}]]`, read segment by segment.
 *
 * ARM paths are case-insensitive: `/subscriptions/{id}/resourceGroups/{name}` and the provider match whatever case the
 * client sent. Why no regular expression: a path is as long as a client makes it, and the provider can only stand
 * three, four or five segments from the end, so finding it costs the same whatever comes before.
 */
import { trimTrailingSlashes } from '../http/http-kit';
import { equalsIgnoringAsciiCase } from '../http/path-pattern';

export type ArmPath = {
  /** The scope before the provider (`''` is the tenant root), as the client spelled it. */
  readonly scope: string;
  /** Lower case. */
  readonly collection: string;
  readonly name: string | null;
  /** Lower case. */
  readonly verb: string | null;
};

function isLetters(text: string): boolean {
  if (text === '') {
    return false;
  }
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index) | 0x20;
    if (code < 0x61 || code > 0x7a) {
      return false;
    }
  }
  return true;
}

/**
 * The parts of an ARM path, or null when it names no `Microsoft.Authorization` resource (an empty segment anywhere,
 * no provider, a collection or verb that is not letters, or more than three segments after the provider). When the
 * provider appears more than once, the first one that leaves a valid tail wins (the scope is as short as it can be).
 */
export function parseArmPath(path: string): ArmPath | null {
  const segments = trimTrailingSlashes(path).split('/');
  if (segments[0] !== '' || segments.length < 4 || segments.slice(1).includes('')) {
    return null;
  }
  const parts = segments.slice(1);
  for (let at = Math.max(0, parts.length - 5); at <= parts.length - 3; at += 1) {
    const [collection = '', name, verb] = parts.slice(at + 2);
    if (
      equalsIgnoringAsciiCase(parts[at] ?? '', 'providers') &&
      equalsIgnoringAsciiCase(parts[at + 1] ?? '', 'Microsoft.Authorization') &&
      isLetters(collection) &&
      (verb === undefined || isLetters(verb))
    ) {
      return {
        scope: parts
          .slice(0, at)
          .map((part) => `/${part}`)
          .join(''),
        collection: collection.toLowerCase(),
        name: name ?? null,
        verb: verb?.toLowerCase() ?? null,
      };
    }
  }
  return null;
}

/** Whether `scope` is `parent` or below it (`''` is the tenant root, above everything). */
export function withinScope(scope: string, parent: string): boolean {
  const child = scope.toLowerCase();
  const root = parent.toLowerCase();
  return root === '' || child === root || child.startsWith(`${root}/`);
}
