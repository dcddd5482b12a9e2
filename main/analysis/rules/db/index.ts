import type { Rule } from '../../rule.js';
import { pkBusinessKey } from './business-keys.js';
import { regTypeColumns, typeChar, typeInt4Id, typeSerial, typeTimestampNoTz, typeVarcharN } from './column-types.js';
import { fkDangling } from './dangling-references.js';
import { cascadeChainDepth, fkOnDeleteUnspecified, fkToAuthUnique, fkTypeMismatch, implicitFkMissing } from './foreign-keys.js';
import {
  authUsersExposed, extensionInPublic, functionSearchPathMutable, matviewOrForeignTableExposed, secdefFunctionExecutable, securityDefinerView,
} from './functions-views.js';
import { fkUnindexed, indexDuplicate, indexRedundantPrefix, pkMissing, tableNoIndex, tooManyIndexes } from './indexes.js';
import { dropColumn, dropTable, renameColumn, renameTable } from './migration-breaking.js';
import {
  addColumnNotNull, addColumnVolatileDefault, alterColumnType, constraintWithoutNotValid, indexNotConcurrent, setNotNull, uniqueWithoutIndex,
} from './migration-locks.js';
import { migNonReversible } from './migration-rollback.js';
import { concurrentlyInTransaction, lockTimeoutMissing, transactionMixesDdlDml, vacuumFullCluster } from './migration-process.js';
import { columnTypeInconsistentByName, identifierTooLong, namingInconsistent, tableTooWide } from './naming.js';
import { multiplePermissivePolicies, policyAlwaysTrue, policyInitplan, policyUsesUserMetadata } from './policies.js';
import {
  grantToAnonWithoutRls, migrationDisablesRls, policyCommandGap, policyWithoutRls, rlsDisabledOnExposedTable, rlsWithoutPolicy,
} from './rls.js';
import { sensitiveColumnsExposed } from './sensitive-columns.js';

/**
 * Database rules over the replayed migrations (`context.database`): schema design, access control
 * and row-level security, and migration safety judged across the whole history.
 */
export const DB_RULES: readonly Rule[] = [
  // Schema design
  pkMissing, pkBusinessKey, tableNoIndex, fkUnindexed, indexDuplicate, indexRedundantPrefix, tooManyIndexes,
  fkTypeMismatch, fkDangling, implicitFkMissing, fkOnDeleteUnspecified, cascadeChainDepth, fkToAuthUnique,
  typeTimestampNoTz, typeSerial, typeInt4Id, typeVarcharN, typeChar, regTypeColumns,
  identifierTooLong, namingInconsistent, columnTypeInconsistentByName, tableTooWide,
  // Access control and row-level security
  rlsDisabledOnExposedTable, rlsWithoutPolicy, policyWithoutRls, migrationDisablesRls, grantToAnonWithoutRls, policyCommandGap,
  policyAlwaysTrue, policyUsesUserMetadata, policyInitplan, multiplePermissivePolicies,
  sensitiveColumnsExposed, functionSearchPathMutable, secdefFunctionExecutable, securityDefinerView, authUsersExposed, matviewOrForeignTableExposed,
  extensionInPublic,
  // Migration safety
  indexNotConcurrent, addColumnNotNull, addColumnVolatileDefault, constraintWithoutNotValid, uniqueWithoutIndex, alterColumnType, setNotNull,
  renameColumn, renameTable, dropColumn, dropTable, migNonReversible,
  lockTimeoutMissing, transactionMixesDdlDml, concurrentlyInTransaction, vacuumFullCluster,
];
