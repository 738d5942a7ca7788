/**
 * The few JSON Schema (draft-07) keywords the export formats' schemas use: type, properties,
 * patternProperties, required, items, additionalProperties: false. Returns what is wrong, one
 * line each with its JSON path; empty when the value conforms.
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'number';
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: false;
}

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

export function schemaErrors(schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.type !== undefined) {
    const actual = typeOf(value);
    const ok =
      schema.type === 'number' ? actual === 'number' && Number.isFinite(value) : actual === schema.type;
    if (!ok) return [`${path}: expected ${schema.type}, got ${actual}`];
  }
  const errors: string[] = [];
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries())
      errors.push(...schemaErrors(schema.items, item, `${path}[${i}]`));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!(key in object)) errors.push(`${path}: '${key}' is required`);
    for (const [key, item] of Object.entries(object)) {
      const at = `${path}.${key}`;
      const named = schema.properties?.[key];
      const patterned = Object.entries(schema.patternProperties ?? {}).filter(([p]) =>
        new RegExp(p, 'u').test(key),
      );
      if (named) errors.push(...schemaErrors(named, item, at));
      for (const [, s] of patterned) errors.push(...schemaErrors(s, item, at));
      if (!named && patterned.length === 0 && schema.additionalProperties === false)
        errors.push(`${at}: not allowed`);
    }
  }
  return errors;
}
