// The documents the scale benchmark sends: the saved operations of operations/ where one fits (as
// a front end would send them), and the analysts' figures found by introspecting the gateway.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@crimehub/common';

/** The text of a saved operation, e.g. `savedOperation('police', 'CrimeReportWorkList')`. */
export function savedOperation(folder: string, name: string): string {
  return readFileSync(path.join(repoRoot, 'operations', folder, `${name}.graphql`), 'utf8');
}

/** A page of 50 reports with their timelines, as a police detail view over a page would ask. */
export const reportsWithTimelines = /* GraphQL */ `
  query ReportsWithTimelines($first: Int = 50) {
    crimeReports(first: $first) {
      nodes {
        reference
        status
        timeline {
          id
          kind
          message
          at
          outcome {
            code
            name
          }
        }
      }
    }
  }
`;

export const queryFieldsIntrospection = /* GraphQL */ `
  query ScaleBenchQueryFields {
    __schema {
      queryType {
        fields {
          name
          type {
            name
            ofType {
              name
              ofType {
                name
              }
            }
          }
          args {
            name
            type {
              kind
              name
              ofType {
                kind
                name
              }
            }
          }
        }
      }
    }
  }
`;

export const enumValuesIntrospection = /* GraphQL */ `
  query ScaleBenchEnumValues($name: String!) {
    __type(name: $name) {
      enumValues {
        name
      }
    }
  }
`;

interface TypeRef {
  kind?: string;
  name: string | null;
  ofType?: TypeRef | null;
}

interface QueryField {
  name: string;
  type: TypeRef;
  args: { name: string; type: TypeRef }[];
}

/** The named type under NON_NULL and LIST wrappers. */
export function namedType(type: TypeRef): string | null {
  let current: TypeRef | null | undefined = type;
  while (current && !current.name) current = current.ofType;
  return current?.name ?? null;
}

/** A statistics entry point: a Query field returning `…Statistics` with `measure` and `groupBy` enum arguments. */
export interface StatisticsField {
  field: string;
  measureEnum: string;
  groupingEnum: string;
}

export function statisticsFields(fields: readonly QueryField[]): StatisticsField[] {
  return fields.flatMap((field) => {
    const returned = namedType(field.type);
    const measure = field.args.find((a) => a.name === 'measure');
    const groupBy = field.args.find((a) => a.name === 'groupBy');
    const measureEnum = measure && namedType(measure.type);
    const groupingEnum = groupBy && namedType(groupBy.type);
    return returned?.endsWith('Statistics') && measureEnum && groupingEnum ? [{ field: field.name, measureEnum, groupingEnum }] : [];
  });
}

/** The query for one figure: every cell and the total, with the answer's definition. */
export function statisticsQuery(field: string, measure: string, groupBy: string): string {
  return `query ScaleBenchFigure { ${field}(measure: ${measure}, groupBy: ${groupBy}) { definition cells { key count suppressed medianDays p90Days } total { count } } }`;
}
