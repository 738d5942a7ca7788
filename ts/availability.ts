/** Whether something can run here (a variant, a runtime, a cell of the support matrix), and if not why. */
export type Availability = { ok: true; note?: string } | { ok: false; reason: string };
