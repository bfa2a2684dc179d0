// `me.permissions` tells a front end what the caller may do; the gateway decides it from the
// schema's @requiresScopes and @policy. This checks the one against the other, from the committed
// supergraph as the gateway reads it: for every permission in common/src/permissions.ts, each
// coordinate it names exists, and the roles that hold the permission are exactly the roles the
// gateway lets through to that coordinate (its own rule and its return type's). The Permission
// enum `me.permissions` answers with is the table, word for word.
import { readFile } from 'node:fs/promises';
import { getNamedType, isEnumType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { permissionRules, roles, type Identity, type Permission } from '@crimehub/common';
import { allows, readAccessRules, type AccessRules } from '../gateway/src/auth/authorize.ts';
import { policies } from '../gateway/src/auth/policies.ts';
import { supergraphPath } from '../gateway/src/composeSupergraph.ts';

/** One caller of each kind, as the gateway sees them: a business user acts for a business, partner staff for an organisation. */
const callers: Record<string, Identity> = {
  anonymous: { kind: 'anonymous' },
  ...Object.fromEntries(
    roles.map((role) => [
      role,
      { kind: 'user', subject: `${role}-1`, role, ...(role === 'business' ? { businessId: 'biz-0001' } : {}), ...(role === 'partner' ? { organizationId: 'growth-hub' } : {}) },
    ]),
  ),
};

const permissions = Object.keys(permissionRules) as Permission[];
const coordinates = permissions.flatMap((permission) => permissionRules[permission].coordinates.map((coordinate) => [permission, coordinate] as const));

let access: AccessRules;

beforeAll(async () => {
  access = readAccessRules(await readFile(supergraphPath, 'utf8'));
});

/** The callers the gateway lets read or call `Type.field`: the field's rule and its return type's must both allow them. */
function letThrough(coordinate: string): string[] {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = access.schema.getType(typeName);
  const field = type && isObjectType(type) ? type.getFields()[fieldName] : undefined;
  if (!field) throw new Error(`${coordinate} is not in the supergraph: permissions.ts names a field that does not exist.`);
  const rules = [access.rules.get(coordinate), access.rules.get(getNamedType(field.type).name)].filter((rule) => rule !== undefined);
  return Object.keys(callers).filter((caller) => rules.every((rule) => allows(rule, callers[caller]!, policies)));
}

describe('permissions and the access rules in the schema', () => {
  it.each(coordinates)('%s: the roles holding it are exactly those the gateway lets through to %s', (permission, coordinate) => {
    expect(letThrough(coordinate).sort()).toEqual([...permissionRules[permission].roles].sort());
  });

  it('fails on a coordinate the supergraph lacks', () => {
    expect(() => letThrough('Viewer.noSuchField')).toThrow(/Viewer\.noSuchField is not in the supergraph/);
    expect(() => letThrough('NoSuchType.field')).toThrow(/not in the supergraph/);
  });

  it('answers me.permissions from the same table: the Permission enum lists every permission, in order, with its description', () => {
    const permissionEnum = access.schema.getType('Permission');
    expect(permissionEnum && isEnumType(permissionEnum)).toBe(true);
    const values = isEnumType(permissionEnum) ? permissionEnum.getValues() : [];
    expect(values.map((value) => [value.name, value.description])).toEqual(permissions.map((permission) => [permission, permissionRules[permission].description]));
  });
});
