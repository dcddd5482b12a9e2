/**
 * What a statement does to which object, read from libpg-query's AST. Used to give every
 * catalog object the file:line of the statement that created or last changed it, to tell which
 * objects are missing when a statement fails, and to compute migration-safety facts.
 */
import type { AstNode } from './parse.js';

/** Kinds of database objects a statement can touch. */
export type ObjectKind =
  | 'schema' | 'table' | 'view' | 'materialized-view' | 'foreign-table' | 'sequence' | 'index'
  | 'column' | 'constraint' | 'policy' | 'trigger' | 'rule' | 'function' | 'type' | 'extension' | 'role';

/** What a statement does to an object. */
export type TargetAction = 'create' | 'alter' | 'drop' | 'rename';

/** One object a statement creates, changes or drops. `schema` is absent when the SQL left it to the search_path. */
export interface StatementTarget {
  kind: ObjectKind;
  action: TargetAction;
  schema?: string;
  name: string;
  /** For columns, constraints, policies, triggers, rules: the table they belong to. For indexes on create: the indexed table. */
  table?: { schema?: string; name: string };
  /** For renames: the new name. */
  newName?: string;
}

/** The objects one statement touches, and the table it is mainly about. */
export interface StatementAnalysis {
  targets: StatementTarget[];
  /** The table (or view) the statement is mainly about, if any. */
  relation?: { schema?: string; name: string };
}

/** The `sval` of a `{ String: { sval } }` node. */
export function stringValue(node: AstNode | undefined): string | undefined {
  return node?.String?.sval;
}

/** Split a list of String nodes into schema and name (the last two parts). */
export function qualifiedName(items: AstNode[] | undefined): { schema?: string; name: string } | undefined {
  const parts = (items ?? []).map((item) => stringValue(item)).filter((s): s is string => s !== undefined);
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return { schema, name };
}

/** A RangeVar as `{ schema, name }`. */
export function rangeVarName(rangeVar: AstNode | undefined): { schema?: string; name: string } | undefined {
  if (!rangeVar?.relname) return undefined;
  return { schema: rangeVar.schemaname, name: rangeVar.relname };
}

const RELATION_KINDS: Record<string, ObjectKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized-view',
  OBJECT_FOREIGN_TABLE: 'foreign-table',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_INDEX: 'index',
};

const OTHER_KINDS: Record<string, ObjectKind> = {
  OBJECT_SCHEMA: 'schema',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_ROUTINE: 'function',
  OBJECT_AGGREGATE: 'function',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_EXTENSION: 'extension',
  OBJECT_POLICY: 'policy',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_RULE: 'rule',
  OBJECT_COLUMN: 'column',
  OBJECT_TABCONSTRAINT: 'constraint',
  OBJECT_ROLE: 'role',
};

/** Object kind for a libpg-query ObjectType value (`OBJECT_TABLE` → `table`). */
export function objectKind(objectType: string | undefined): ObjectKind | undefined {
  if (!objectType) return undefined;
  return RELATION_KINDS[objectType] ?? OTHER_KINDS[objectType];
}

/** Work out which objects a statement touches. */
export function analyzeStatement(nodeType: string, ast: AstNode): StatementAnalysis {
  const targets: StatementTarget[] = [];
  let relation: { schema?: string; name: string } | undefined;
  const add = (target: StatementTarget | undefined): void => {
    if (target && target.name) targets.push(target);
  };

  switch (nodeType) {
    case 'CreateStmt': {
      relation = rangeVarName(ast.relation);
      if (relation) add({ kind: 'table', action: 'create', ...relation });
      for (const element of ast.tableElts ?? []) {
        const constraint = element.Constraint;
        if (constraint?.conname && relation) add({ kind: 'constraint', action: 'create', schema: relation.schema, name: constraint.conname, table: relation });
        for (const c of element.ColumnDef?.constraints ?? []) {
          if (c.Constraint?.conname && relation) add({ kind: 'constraint', action: 'create', schema: relation.schema, name: c.Constraint.conname, table: relation });
        }
      }
      break;
    }
    case 'CreateForeignTableStmt':
      relation = rangeVarName(ast.base?.relation);
      if (relation) add({ kind: 'foreign-table', action: 'create', ...relation });
      break;
    case 'CreateTableAsStmt': {
      relation = rangeVarName(ast.into?.rel);
      const kind = ast.objtype === 'OBJECT_MATVIEW' ? 'materialized-view' : 'table';
      if (relation) add({ kind, action: 'create', ...relation });
      break;
    }
    case 'ViewStmt':
      relation = rangeVarName(ast.view);
      if (relation) add({ kind: 'view', action: 'create', ...relation });
      break;
    case 'CreateSeqStmt':
      relation = rangeVarName(ast.sequence);
      if (relation) add({ kind: 'sequence', action: 'create', ...relation });
      break;
    case 'AlterSeqStmt':
      relation = rangeVarName(ast.sequence);
      if (relation) add({ kind: 'sequence', action: 'alter', ...relation });
      break;
    case 'AlterTableStmt': {
      relation = rangeVarName(ast.relation);
      if (!relation) break;
      const kind = objectKind(ast.objtype) ?? 'table';
      add({ kind, action: 'alter', ...relation });
      for (const item of ast.cmds ?? []) {
        const cmd = item.AlterTableCmd;
        if (!cmd) continue;
        if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef?.colname) {
          add({ kind: 'column', action: 'create', schema: relation.schema, name: cmd.def.ColumnDef.colname, table: relation });
        } else if (cmd.subtype === 'AT_DropColumn' && cmd.name) {
          add({ kind: 'column', action: 'drop', schema: relation.schema, name: cmd.name, table: relation });
        } else if (cmd.subtype?.startsWith('AT_') && cmd.name && /Column|ColumnDefault|NotNull|Identity|Expression|Statistics|Storage|Compression/.test(cmd.subtype)) {
          add({ kind: 'column', action: 'alter', schema: relation.schema, name: cmd.name, table: relation });
        } else if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint?.conname) {
          add({ kind: 'constraint', action: 'create', schema: relation.schema, name: cmd.def.Constraint.conname, table: relation });
        } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
          add({ kind: 'constraint', action: 'drop', schema: relation.schema, name: cmd.name, table: relation });
        } else if ((cmd.subtype === 'AT_ValidateConstraint' || cmd.subtype === 'AT_AlterConstraint') && (cmd.name ?? cmd.def?.ATAlterConstraint?.conname)) {
          add({ kind: 'constraint', action: 'alter', schema: relation.schema, name: cmd.name ?? cmd.def.ATAlterConstraint.conname, table: relation });
        }
      }
      break;
    }
    case 'IndexStmt':
      relation = rangeVarName(ast.relation);
      if (ast.idxname) add({ kind: 'index', action: 'create', schema: relation?.schema, name: ast.idxname, table: relation });
      break;
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      relation = rangeVarName(ast.table);
      if (relation) add({ kind: 'policy', action: nodeType === 'CreatePolicyStmt' ? 'create' : 'alter', schema: relation.schema, name: ast.policy_name, table: relation });
      break;
    case 'CreateTrigStmt':
      relation = rangeVarName(ast.relation);
      if (relation) add({ kind: 'trigger', action: 'create', schema: relation.schema, name: ast.trigname, table: relation });
      break;
    case 'RuleStmt':
      relation = rangeVarName(ast.relation);
      if (relation) add({ kind: 'rule', action: 'create', schema: relation.schema, name: ast.rulename, table: relation });
      break;
    case 'CreateFunctionStmt': {
      const name = qualifiedName(ast.funcname);
      if (name) add({ kind: 'function', action: 'create', ...name });
      break;
    }
    case 'AlterFunctionStmt': {
      const name = qualifiedName(ast.func?.objname);
      if (name) add({ kind: 'function', action: 'alter', ...name });
      break;
    }
    case 'CreateSchemaStmt':
      if (ast.schemaname) add({ kind: 'schema', action: 'create', name: ast.schemaname });
      break;
    case 'CreateExtensionStmt':
      if (ast.extname) add({ kind: 'extension', action: 'create', name: ast.extname });
      break;
    case 'AlterExtensionStmt':
      if (ast.extname) add({ kind: 'extension', action: 'alter', name: ast.extname });
      break;
    case 'CreateEnumStmt':
    case 'CreateRangeStmt': {
      const name = qualifiedName(ast.typeName);
      if (name) add({ kind: 'type', action: 'create', ...name });
      break;
    }
    case 'AlterEnumStmt': {
      const name = qualifiedName(ast.typeName);
      if (name) add({ kind: 'type', action: 'alter', ...name });
      break;
    }
    case 'CompositeTypeStmt': {
      const name = rangeVarName(ast.typevar);
      if (name) add({ kind: 'type', action: 'create', ...name });
      break;
    }
    case 'CreateDomainStmt': {
      const name = qualifiedName(ast.domainname);
      if (name) add({ kind: 'type', action: 'create', ...name });
      break;
    }
    case 'CreateRoleStmt':
      if (ast.role) add({ kind: 'role', action: 'create', name: ast.role });
      break;
    case 'RenameStmt':
      analyzeRename(ast, add, (r) => { relation = r; });
      break;
    case 'DropStmt':
      analyzeDrop(ast, add, (r) => { relation ??= r; });
      break;
    case 'AlterObjectSchemaStmt': {
      const kind = objectKind(ast.objectType);
      const name = rangeVarName(ast.relation) ?? objectName(ast.object, ast.objectType);
      if (kind && name) {
        if (RELATION_KINDS[ast.objectType]) relation = name;
        add({ kind, action: 'alter', ...name });
      }
      break;
    }
    case 'AlterOwnerStmt': {
      const kind = objectKind(ast.objectType);
      const name = rangeVarName(ast.relation) ?? objectName(ast.object, ast.objectType);
      if (kind && name) add({ kind, action: 'alter', ...name });
      break;
    }
    case 'CommentStmt': {
      const kind = objectKind(ast.objtype);
      const name = objectName(ast.object, ast.objtype);
      if (kind && name) add({ kind, action: 'alter', ...name });
      break;
    }
    case 'GrantStmt':
      if (ast.targtype === 'ACL_TARGET_OBJECT') {
        const kind = objectKind(ast.objtype);
        for (const object of ast.objects ?? []) {
          const name = rangeVarName(object.RangeVar) ?? objectName(object, ast.objtype);
          if (kind && name) add({ kind, action: 'alter', ...name });
        }
      }
      break;
    default:
      break;
  }
  return { targets, relation };
}

function analyzeRename(ast: AstNode, add: (t: StatementTarget) => void, setRelation: (r: { schema?: string; name: string }) => void): void {
  const kind = objectKind(ast.renameType);
  const relation = rangeVarName(ast.relation);
  if (!kind) return;
  if (relation) setRelation(relation);
  if (RELATION_KINDS[ast.renameType] && relation) {
    add({ kind, action: 'rename', ...relation, newName: ast.newname });
  } else if (relation && ast.subname) {
    add({ kind, action: 'rename', schema: relation.schema, name: ast.subname, table: relation, newName: ast.newname });
  } else if (kind === 'schema' && ast.subname) {
    add({ kind, action: 'rename', name: ast.subname, newName: ast.newname });
  } else {
    const name = objectName(ast.object, ast.renameType);
    if (name) add({ kind, action: 'rename', ...name, newName: ast.newname });
  }
}

function analyzeDrop(ast: AstNode, add: (t: StatementTarget) => void, setRelation: (r: { schema?: string; name: string }) => void): void {
  const kind = objectKind(ast.removeType);
  if (!kind) return;
  for (const object of ast.objects ?? []) {
    if (kind === 'policy' || kind === 'trigger' || kind === 'rule') {
      const parts = (object.List?.items ?? []).map((i: AstNode) => stringValue(i)) as string[];
      if (parts.length < 2) continue;
      const name = parts[parts.length - 1];
      const table = qualifiedName(parts.slice(0, -1).map((sval) => ({ String: { sval } })));
      if (!table) continue;
      setRelation(table);
      add({ kind, action: 'drop', schema: table.schema, name, table });
      continue;
    }
    const name = objectName(object, ast.removeType);
    if (!name) continue;
    if (RELATION_KINDS[ast.removeType]) setRelation(name);
    add({ kind, action: 'drop', ...name });
  }
}

const SUB_OBJECT_TYPES = new Set(['OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_POLICY', 'OBJECT_TRIGGER', 'OBJECT_RULE']);

/** Name of the object a generic `object` node (List, String, ObjectWithArgs, TypeName) designates. */
export function objectName(object: AstNode | undefined, objectType?: string): { schema?: string; name: string; table?: { schema?: string; name: string } } | undefined {
  if (!object) return undefined;
  if (object.String) return { name: object.String.sval };
  if (object.List) {
    const items = object.List.items as AstNode[];
    // Columns, constraints, policies, triggers and rules are addressed as [schema.]table.name.
    if (objectType && SUB_OBJECT_TYPES.has(objectType) && items.length >= 2) {
      const table = qualifiedName(items.slice(0, -1));
      const name = stringValue(items[items.length - 1]);
      return table && name ? { schema: table.schema, name, table } : undefined;
    }
    return qualifiedName(items);
  }
  if (object.ObjectWithArgs) return qualifiedName(object.ObjectWithArgs.objname);
  if (object.TypeName) return qualifiedName(object.TypeName.names);
  if (object.RangeVar) return rangeVarName(object.RangeVar);
  return undefined;
}

/** The value of `SET name = value`, `set_config('name', 'value', ...)` for a setting, or undefined when the statement does not set it. */
export function settingChange(nodeType: string, ast: AstNode, setting: string): { value: string | null } | undefined {
  if (nodeType === 'VariableSetStmt') {
    if (ast.kind === 'VAR_RESET_ALL') return { value: null };
    if (ast.name !== setting) return undefined;
    if (ast.kind === 'VAR_SET_VALUE') return { value: constantText(ast.args?.[0]) ?? '' };
    return { value: null };
  }
  if (nodeType === 'SelectStmt') {
    for (const target of ast.targetList ?? []) {
      const call = target.ResTarget?.val?.FuncCall;
      const fname = call?.funcname?.map((n: AstNode) => stringValue(n)).pop();
      if (fname === 'set_config' && constantText(call.args?.[0]) === setting) return { value: constantText(call.args?.[1]) ?? '' };
    }
  }
  return undefined;
}

/** Text of a constant node (A_Const string or number). */
export function constantText(node: AstNode | undefined): string | undefined {
  const c = node?.A_Const;
  if (!c) return undefined;
  if (c.sval) return c.sval.sval;
  if (c.ival) return String(c.ival.ival ?? 0);
  if (c.fval) return c.fval.fval;
  if (c.isnull) return undefined;
  return undefined;
}
