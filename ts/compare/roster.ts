/** The servers of this run or document, in the order every table lists them. */
import { pairsAmong, VARIANTS, type Variant } from '../variants/registry.js';
import { type UserVariant, userServers } from './user-servers.js';

// The strategy × model pairs (`cluster+native-sync`) of this run or document, so the tables give each a row.
const pairs: Variant[] = [];

/** Makes the pairs among `names` (variant names of a plan or of saved records) known to the tables. */
export function registerPairs(names: readonly string[]): void {
  pairs.splice(0, pairs.length, ...pairsAmong(names));
}

/** Registry order, each peer right after its TypeScript counterpart; then the pairs; the user's own servers last. */
export function tableOrder(): Array<Variant | UserVariant> {
  const ordered: Array<Variant | UserVariant> = [];
  for (const variant of VARIANTS) {
    if (variant.kind !== 'ts') continue;
    ordered.push(variant, ...VARIANTS.filter((v) => v.kind === 'peer' && v.counterpart === variant.name));
  }
  return [...ordered, ...pairs, ...userServers()];
}

/** A row's name: a peer says its language, a user's server says it is theirs. */
export const label = (variant: Variant | UserVariant) =>
  variant.kind === 'peer'
    ? `${variant.name} (${variant.language})`
    : variant.kind === 'user'
      ? `${variant.name} (--server)`
      : variant.name;
