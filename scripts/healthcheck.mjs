// The container's health check (Dockerfile HEALTHCHECK, docker-compose.yml): asks the process in
// this container, on its PORT, whether it is ready (`GET /health/ready`), and exits 0 when it is.
// Plain JavaScript on Node's own fetch: the image has no curl or wget, and a check must start fast.
// Without PORT, the image's default process: the gateway on 4000.
const port = Number(process.env.PORT || 4000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`healthcheck: PORT must be the port the service listens on, got "${process.env.PORT ?? ''}"`);
  process.exit(2);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) console.error(`healthcheck: ${response.status} ${(await response.text()).slice(0, 500)}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
