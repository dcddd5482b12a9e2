/** Names of PostgreSQL's built-in types by OID (pg_type), for result column headers. */
const TYPE_NAMES: Record<number, string> = {
  16: 'bool', 17: 'bytea', 18: 'char', 19: 'name', 20: 'int8', 21: 'int2', 23: 'int4', 24: 'regproc', 25: 'text', 26: 'oid',
  114: 'json', 142: 'xml', 194: 'pg_node_tree', 600: 'point', 650: 'cidr', 700: 'float4', 701: 'float8', 774: 'macaddr8',
  790: 'money', 829: 'macaddr', 869: 'inet', 1033: 'aclitem', 1042: 'bpchar', 1043: 'varchar', 1082: 'date', 1083: 'time',
  1114: 'timestamp', 1184: 'timestamptz', 1186: 'interval', 1266: 'timetz', 1560: 'bit', 1562: 'varbit', 1700: 'numeric',
  2205: 'regclass', 2206: 'regtype', 2249: 'record', 2275: 'cstring', 2278: 'void', 2950: 'uuid', 3220: 'pg_lsn',
  3614: 'tsvector', 3615: 'tsquery', 3802: 'jsonb', 3904: 'int4range', 3906: 'numrange', 3908: 'tsrange', 3910: 'tstzrange',
  3912: 'daterange', 3926: 'int8range', 4072: 'jsonpath',
  1000: 'bool[]', 1001: 'bytea[]', 1005: 'int2[]', 1007: 'int4[]', 1009: 'text[]', 1014: 'bpchar[]', 1015: 'varchar[]',
  1016: 'int8[]', 1021: 'float4[]', 1022: 'float8[]', 1028: 'oid[]', 1115: 'timestamp[]', 1182: 'date[]', 1183: 'time[]',
  1185: 'timestamptz[]', 1231: 'numeric[]', 199: 'json[]', 2951: 'uuid[]', 3807: 'jsonb[]', 1041: 'inet[]', 1034: 'aclitem[]',
};

/** A type's short name, or its OID for user types (enums, domains, composites). */
export function typeName(oid: number): string {
  return TYPE_NAMES[oid] ?? `oid ${oid}`;
}

const NUMERIC = new Set([20, 21, 23, 26, 700, 701, 790, 1700]);

/** Right-align numbers, as every database tool does. */
export function isNumericType(oid: number): boolean {
  return NUMERIC.has(oid);
}

/** One cell as text: NULL apart, JSON for objects and arrays. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
