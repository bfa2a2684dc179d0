// The explorer's page: GraphiQL (its documentation explorer and history), the hub's saved
// operations and the Figures view, speaking to /graphql as whoever's token this tab holds.
// Bundled by scripts/buildExplorer.mjs; served by the gateway (gateway/src/explorer.ts).
import 'graphiql/style.css';
import './explorer.css';
import { useEffect, useState, useSyncExternalStore, type ComponentProps, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { orderQueryFields } from '../src/explorerSchema.ts';
import { currentToken, finishSignIn, setToken, startSignIn, subscribeToken, tokenClaims, type ExplorerSettings } from './auth.ts';
import { collectionPlugin } from './collection.tsx';
import { figuresPlugin, recordResult, ShowFiguresWhenThere } from './figures.tsx';

const plugins = [collectionPlugin, figuresPlugin];

// What a new tab starts with: the graph's central question, ready to run, and where to go next.
const defaultQuery = `# What help exists for this business and this crime type?
# Run it (the play button or Ctrl-Enter), then change the
# crime type or the business. Saved operations (folder icon)
# hold the partners' queries, analysts' figures first; the
# Figures view (chart icon) draws a statistics answer.
query Help {
  help(crimeType: "shoplifting", business: { postcode: "ST16 2AA", sector: RETAIL, size: SMALL }) {
    crimeType { name }
    reportingRoutes { name contact urgency }
    supportOffers { title provider { name } }
    trainingSessions { title startsAt }
    victimServices { name contact }
  }
}
`;

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const token = currentToken();
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `The hub answered ${response.status} with something other than JSON: ${text.slice(0, 200)}` }] };
  }
}

function makeFetcher(settings: ExplorerSettings): Fetcher {
  return async (params, options) => {
    const result = await post(settings.graphqlPath, params, (options?.headers as Record<string, string> | undefined) ?? {});
    if (params.operationName !== 'IntrospectionQuery') recordResult(params.operationName ?? null, result);
    return result as never;
  };
}

const useToken = () => useSyncExternalStore(subscribeToken, currentToken);

/** The schema for the docs, introspected as this tab's caller, with help and the figures first. */
function useSchema(settings: ExplorerSettings, token: string | null): { schema: GraphQLSchema | null; problem: string | null } {
  const [state, setState] = useState<{ schema: GraphQLSchema | null; problem: string | null }>({ schema: null, problem: null });
  useEffect(() => {
    let current = true;
    post(settings.graphqlPath, { query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' }).then(
      (result) => {
        if (!current) return;
        const { data, errors } = result as { data?: IntrospectionQuery; errors?: { message: string }[] };
        if (data?.__schema) setState({ schema: buildClientSchema(orderQueryFields(data)), problem: null });
        else setState({ schema: null, problem: errors?.[0]?.message ?? 'The hub gave no schema' });
      },
      (error: Error) => current && setState({ schema: null, problem: `The hub could not be reached: ${error.message}` }),
    );
    return () => {
      current = false;
    };
  }, [settings.graphqlPath, token]);
  return state;
}

function SignIn({ settings, token, problem, setProblem }: { settings: ExplorerSettings; token: string | null; problem: string | null; setProblem: (problem: string | null) => void }) {
  const [pasted, setPasted] = useState('');
  const claims = token ? tokenClaims(token) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setToken(pasted);
    setPasted('');
  };
  return (
    <div className="bch-signin">
      {token ? (
        <>
          <span className="bch-who" data-signed-in="true">
            Signed in{claims ? ` as ${String(claims.sub ?? 'someone')} (${String(claims.role ?? claims.scope ?? 'no role')})` : ''}: this tab only
          </span>
          <button type="button" className="bch-button" onClick={() => setToken(null)}>
            Sign out
          </button>
        </>
      ) : (
        <>
          <span className="bch-who" data-signed-in="false">
            Not signed in: you see what anyone may see.
          </span>
          <form onSubmit={submit}>
            <input type="password" name="token" aria-label="Access token" placeholder="Paste an access token" autoComplete="off" value={pasted} onChange={(event) => setPasted(event.target.value)} />
            <button type="submit" className="bch-button" disabled={pasted.trim() === ''}>
              Use token
            </button>
          </form>
          {settings.oidc ? (
            <button type="button" className="bch-button" onClick={() => startSignIn(settings.oidc!).catch((error: Error) => setProblem(error.message))}>
              Sign in
            </button>
          ) : null}
        </>
      )}
      {problem ? (
        <span className="bch-problem" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

function Explorer({ settings, initialProblem }: { settings: ExplorerSettings; initialProblem: string | null }) {
  const token = useToken();
  const [problem, setProblem] = useState<string | null>(initialProblem);
  const { schema, problem: schemaProblem } = useSchema(settings, token);
  const [fetcher] = useState(() => makeFetcher(settings));
  return (
    <div className="bch-page">
      <header className="bch-bar">
        <a className="bch-home" href="/">
          Business Crime Hub
        </a>
        <span className="bch-title">explorer</span>
        <SignIn settings={settings} token={token} problem={problem} setProblem={setProblem} />
      </header>
      {schemaProblem ? <p className="bch-schema-problem">Documentation unavailable: {schemaProblem}</p> : null}
      <div className="bch-graphiql">
        <GraphiQL fetcher={fetcher} schema={schema} plugins={plugins} defaultQuery={defaultQuery} defaultEditorToolsVisibility="variables" shouldPersistHeaders={false}>
          <GraphiQL.Logo>Business Crime Hub</GraphiQL.Logo>
          <GraphiQL.Footer>
            <ShowFiguresWhenThere />
          </GraphiQL.Footer>
        </GraphiQL>
      </div>
    </div>
  );
}

async function start(): Promise<void> {
  const response = await fetch('/explorer/config.json', { headers: { accept: 'application/json' } });
  const settings = (await response.json()) as ExplorerSettings;
  let problem: string | null = null;
  try {
    await finishSignIn(settings.oidc);
  } catch (error) {
    problem = (error as Error).message;
  }
  createRoot(document.getElementById('explorer')!).render(<Explorer settings={settings} initialProblem={problem} />);
}

void start();
