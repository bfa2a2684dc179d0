// Limits on the GraphQL documents the gateway accepts: token count (before parsing), then depth,
// aliases, cost and directives (graphql-armor's rules), checked once a document is parsed and
// validated and before any subgraph is asked. Every rejection is QUERY_TOO_COMPLEX with a message
// that names the limit and, in `extensions.limit`, which one it is.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ErrorCode } from '@crimehub/common';
import { GraphQLError, Lexer, Source, TokenKind, validate, type DocumentNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { SecurityConfig } from './config.ts';

export type DocumentLimit = 'tokens' | 'depth' | 'aliases' | 'cost' | 'directives';

export function tooComplexMessage(detail: string): string {
  return `The query is too complex to run: ${detail} Ask for less in one request.`;
}

/**
 * Counts a document's lexical tokens, stopping as soon as there are more than `max`.
 * A document the lexer cannot read is left to the parser to report.
 */
export function exceedsTokenLimit(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++count > max) return true;
    }
  } catch {
    return false;
  }
  return false;
}

export function tokenLimitMessage(max: number): string {
  return tooComplexMessage(`a document may have at most ${max} tokens (names, punctuation, values).`);
}

const limitOrder: DocumentLimit[] = ['tokens', 'depth', 'aliases', 'directives', 'cost'];

interface LimitError {
  limit: DocumentLimit;
  message: string;
}

/** graphql-armor's depth, alias, cost and directive rules, reporting what they reject as limit errors. */
function armorRules(config: SecurityConfig): ValidationRule[] {
  const reject =
    (limit: DocumentLimit) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      // Armor's own messages start "Syntax Error:", which these are not.
      const detail = error.message.replace(/^Syntax Error:\s*/, '').replace(/found (\d+)\.\d+/, 'found $1');
      context?.reportError(new GraphQLError(tooComplexMessage(detail), { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit } }));
    };
  const { validationRules } = new ApolloArmor({
    // Token limits run before parsing (see exceedsTokenLimit); suggestions are handled below.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: config.maxDepth, propagateOnRejection: false, onReject: [reject('depth')] },
    maxAliases: { n: config.maxAliases, propagateOnRejection: false, onReject: [reject('aliases')] },
    costLimit: { maxCost: config.maxCost, propagateOnRejection: false, onReject: [reject('cost')] },
    maxDirectives: { n: config.maxDirectives, propagateOnRejection: false, onReject: [reject('directives')] },
  }).protect();
  return validationRules;
}

/**
 * Runs the armor rules on each new document (parsed documents are cached by Apollo Server, so a
 * repeated query is checked once) and refuses an operation over a limit in `didResolveOperation`:
 * after parsing and validation, before the query plan runs, so no subgraph is ever asked.
 */
export function documentLimitsPlugin(config: SecurityConfig): ApolloServerPlugin {
  const rules = armorRules(config);
  const checked = new WeakMap<DocumentNode, LimitError | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema }) {
          let problem = checked.get(document);
          if (problem === undefined) {
            // The most actionable limit first: depth and aliases say what to change, cost does not.
            const [first] = validate(schema, document, rules)
              .map((error) => ({ limit: (error.extensions.limit as DocumentLimit | undefined) ?? 'cost', message: error.message }))
              .sort((a, b) => limitOrder.indexOf(a.limit) - limitOrder.indexOf(b.limit));
            problem = first ?? null;
            checked.set(document, problem);
          }
          if (problem) {
            throw new GraphQLError(problem.message, {
              extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: problem.limit, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * In production, validation errors stop suggesting field, argument and enum names ("Did you
 * mean …?"), which would map the schema for someone who may not introspect it. Only validation
 * errors are touched: a subgraph's own suggestions (e.g. for a mistyped crime type) stay.
 */
export function hideSuggestionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async validationDidStart() {
          return async (errors?: readonly Error[]) => {
            for (const error of errors ?? []) {
              error.message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
            }
          };
        },
      };
    },
  };
}
