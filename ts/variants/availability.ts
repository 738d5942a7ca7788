import type { Availability } from '../availability.js';
import { peerAvailability } from './peers.js';
import type { Variant } from './registry.js';

/** TypeScript variants always run; peers need their toolchain (see peers.ts). */
export async function variantAvailability(variant: Variant): Promise<Availability> {
  return variant.kind === 'ts' ? { ok: true } : peerAvailability(variant);
}
