// The help question is answered in one round of parallel subgraph calls: the gateway's query
// plan for the central query (with the ranked sections and their reasons) asks the police
// first — it resolves the question into the Help key — and then the three other partners at
// once, each exactly once. The only later call is the support directory naming the providers
// of victim services (organisations are the support subgraph's), inside the same parallel round.
import { readFileSync } from 'node:fs';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type FetchNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { supergraphForGateway } from '../gateway/src/loadSupergraph.ts';

const supergraph = Supergraph.build(supergraphForGateway(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8')));

const helpQuery = /* GraphQL */ `
  query Help($crimeType: ID!, $business: BusinessContext!, $urgency: Urgency) {
    help(crimeType: $crimeType, business: $business, urgency: $urgency) {
      crimeType { code name }
      reportingRoutes(first: 5) { channel name contact url urgency reasons { kind text } }
      supportOffers(first: 5) { title workstream url provider { name } reasons { kind text } }
      trainingSessions(first: 5) { title startsAt venue seatsLeft reasons { kind text } }
      victimServices { name contact provider { name } reasons { kind text } }
      victimsCodeRights { number title services { name } }
    }
  }
`;

function fetches(node: PlanNode | undefined): FetchNode[] {
  if (!node) return [];
  switch (node.kind) {
    case 'Fetch':
      return [node];
    case 'Flatten':
      return fetches(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.flatMap(fetches);
    default:
      return [];
  }
}

describe('the query plan of the help question', () => {
  const plan = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.schema, parse(helpQuery)));

  it('asks the police first, then support, cyber and victims in one parallel round', () => {
    const root = plan.node;
    expect(root?.kind).toBe('Sequence');
    if (root?.kind !== 'Sequence') return;
    expect(root.nodes).toHaveLength(2);
    expect(fetches(root.nodes[0])).toMatchObject([{ serviceName: 'police' }]);
    expect(root.nodes[1]!.kind).toBe('Parallel');
    const help = fetches(root.nodes[1]).filter((fetch) => /on Help\b/.test(fetch.operation));
    expect(help.map((fetch) => fetch.serviceName).sort()).toEqual(['cyber', 'support', 'victims']);
  });

  it('calls each partner for its part of the answer once, and the support directory once more at most (to name providers)', () => {
    const counts: Record<string, number> = {};
    for (const fetch of fetches(plan.node as PlanNode)) counts[fetch.serviceName] = (counts[fetch.serviceName] ?? 0) + 1;
    expect(counts.police).toBe(1);
    expect(counts.cyber).toBe(1);
    expect(counts.victims).toBe(1);
    expect(counts.support).toBeLessThanOrEqual(2);
  });
});
