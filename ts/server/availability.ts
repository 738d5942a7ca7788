import type { Variant } from './variants.js';

/** Whether a variant can run on this machine, and if not why (shown in place of its figures). */
export type Availability = { ok: true } | { ok: false; reason: string };

/** TypeScript variants always run; peers need their toolchain (see peers.ts). */
export async function variantAvailability(variant: Variant): Promise<Availability> {
  if (variant.kind === 'ts') return { ok: true };
  const { peerAvailability } = await import('./peers.js');
  return peerAvailability(variant);
}
