// A minimal GraphQL client for tests: posts a document and returns the parsed response.
export interface GraphQLResponse<TData = Record<string, unknown>> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function graphql<TData = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData> & { status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<TData>;
  return { ...body, status: response.status };
}

export const helpQuery = /* GraphQL */ `
  query Help($crimeType: ID!, $business: BusinessContext!) {
    help(crimeType: $crimeType, business: $business) {
      crimeType { code name }
      reportingRoutes { channel name contact url urgency }
      supportOffers { title workstream url provider { name } }
      trainingSessions { title startsAt venue seatsLeft }
      victimServices { name contact provider { name } }
    }
  }
`;
