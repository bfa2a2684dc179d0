// Reads the committed supergraph for Apollo Gateway. Access rules written in subgraph SDL
// (@authenticated, @requiresScopes, @policy) reach the supergraph as features linked
// `for: SECURITY`; Apollo Gateway refuses any SECURITY feature it does not enforce itself, and it
// enforces none. The hub enforces them (auth/authorize.ts, from the original text), so the
// gateway gets the same supergraph with those links marked as ordinary features.
import { readFile } from 'node:fs/promises';
import { Kind, parse, print, visit, type ArgumentNode } from 'graphql';

/** The security features the hub enforces before a query plan runs. */
export const enforcedSecurityFeatures = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/', 'https://specs.apollo.dev/policy/'];

/** The supergraph as the gateway may load it: every enforced SECURITY link loses its `for:`. */
export function supergraphForGateway(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  let changed = false;
  const result = visit(document, {
    Directive(node) {
      if (node.name.value !== 'link') return undefined;
      const url = node.arguments?.find((arg) => arg.name.value === 'url');
      const purpose = node.arguments?.find((arg) => arg.name.value === 'for');
      const urlValue = url?.value.kind === Kind.STRING ? url.value.value : '';
      if (!purpose || purpose.value.kind !== Kind.ENUM || purpose.value.value !== 'SECURITY') return undefined;
      if (!enforcedSecurityFeatures.some((prefix) => urlValue.startsWith(prefix))) return undefined;
      changed = true;
      return { ...node, arguments: node.arguments!.filter((arg: ArgumentNode) => arg !== purpose) };
    },
  });
  return changed ? print(result) : supergraphSdl;
}

export async function loadSupergraph(path: string): Promise<{ original: string; forGateway: string }> {
  const original = await readFile(path, 'utf8');
  return { original, forGateway: supergraphForGateway(original) };
}
