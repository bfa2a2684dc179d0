// The cost model on a small schema with the shapes the hub's has: plain lists with @listSize,
// and cursor connections whose size (`first`) multiplies their page fields (`sizedFields`).
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureDocument, readCostRules } from './documentLimits.ts';

const sdl = /* GraphQL */ `
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    offers(first: Int = 20, after: String): OfferConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges", "nodes"], assumedSize: 100)
    districts: [District!]! @listSize(assumedSize: 9)
  }
  type OfferConnection { edges: [OfferEdge!]! nodes: [Offer!]! pageInfo: PageInfo! totalCount: Int! }
  type OfferEdge { cursor: String! node: Offer! }
  type PageInfo { hasNextPage: Boolean! }
  type Offer { id: ID! districts: [District!]! @listSize(assumedSize: 9) provider: Organization! }
  type Organization { id: ID! offers: [Offer!]! @listSize(assumedSize: 20) }
  type District { code: ID! }
`;
const schema = buildSchema(sdl);
const costs = readCostRules(sdl);
const cost = (query: string) => measureDocument(schema, parse(query), costs).cost;

describe('the cost of a connection', () => {
  it('multiplies its page fields by `first`, not by a list size of their own', () => {
    // 1 (connection) + 50 × (1 offer + 9 districts)
    expect(cost('{ offers(first: 50) { nodes { id districts { code } } } }')).toBe(1 + 50 * 10);
    expect(cost('{ offers(first: 5) { nodes { id districts { code } } } }')).toBe(1 + 5 * 10);
    // edges and node: 1 edge + 1 offer per item.
    expect(cost('{ offers(first: 10) { edges { cursor node { id } } } }')).toBe(1 + 10 * 2);
  });

  it("counts the argument's default when `first` is left out, and the worst case (assumedSize) for a variable", () => {
    expect(cost('{ offers { nodes { id } } }')).toBe(1 + 20);
    expect(cost('query ($n: Int) { offers(first: $n) { nodes { id } } }')).toBe(1 + 100);
  });

  it('counts what is not on the page once: pageInfo, totalCount', () => {
    expect(cost('{ offers(first: 50) { totalCount pageInfo { hasNextPage } nodes { id } } }')).toBe(1 + 1 + 50);
  });

  it('multiplies both page fields, through fragments and inline fragments, each measured once', () => {
    const query = /* GraphQL */ `
      { offers(first: 30) { ...Page ... on OfferConnection { edges { node { id } } } } }
      fragment Page on OfferConnection { nodes { provider { offers { id } } } }
    `;
    // nodes: 30 × (1 + provider (1 + 20 offers)) = 30 × 22; edges: 30 × 2
    expect(cost(query)).toBe(1 + 30 * 22 + 30 * 2);
  });

  it('multiplies nested connections and lists', () => {
    expect(cost('{ districts { code } offers(first: 100) { nodes { provider { offers { districts { code } } } } } }')).toBe(9 + 1 + 100 * (1 + 1 + 20 * (1 + 9)));
  });
});
