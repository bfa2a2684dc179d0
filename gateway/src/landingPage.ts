// The page at `/`: what the hub is and how to query it. Self-contained: it loads nothing from
// anywhere else, so it works offline and sends nothing to third parties.
export const landingPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Business Crime Hub</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
  code, pre { font-family: ui-monospace, monospace; background: #f3f3f3; border-radius: 4px; }
  pre { padding: 1rem; overflow-x: auto; }
</style>
</head>
<body>
<main>
<h1>Business Crime Hub</h1>
<p>One GraphQL graph for Staffordshire and Stoke-on-Trent's business crime partnership. It answers:
<strong>what help exists for this business and this crime type?</strong></p>
<p>Explore the graph in your browser: the <a href="/explorer">explorer</a> (GraphiQL, served by the hub itself, with the saved operations,
the documentation and charts of the analysts' figures). Or send GraphQL requests to <code>POST /graphql</code>. For example:</p>
<pre>query Help($crimeType: ID!, $business: BusinessContext!) {
  help(crimeType: $crimeType, business: $business) {
    crimeType { code name }
    reportingRoutes { channel name contact url urgency }
    supportOffers { title workstream url provider { name } }
    trainingSessions { title startsAt venue seatsLeft }
    victimServices { name contact provider { name } }
  }
}</pre>
<p>with variables <code>{"crimeType": "cyber-ransomware", "business": {"district": "E07000197", "sector": "RETAIL", "size": "SMALL"}}</code>.
The <code>crimeTypes</code> and <code>districts</code> queries list the valid codes.</p>
</main>
</body>
</html>
`;
