// The Kubernetes manifests (deploy/k8s) cannot be applied here (no cluster), so they are checked by
// reading them: every object validates against the Kubernetes schemas (kubernetes-models), every
// probe points at a route the process serves, every Deployment has its Service, autoscaler and
// disruption budget, each partner has its own PostgreSQL, secrets are referenced and never written,
// and each process's environment is one its own configuration reader accepts.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { healthPaths, readSubgraphConfig, repoRoot, subgraphNames } from '@crimehub/common';
import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as policy from 'kubernetes-models/policy/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { readGatewayConfig } from '../gateway/src/config.ts';
import { subgraphs } from '../gateway/src/composeSupergraph.ts';
import { readWebConfig } from '../web/src/config.ts';

const dir = path.join(repoRoot, 'deploy/k8s');
const files = readdirSync(dir).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
const kustomization = parse(await readFile(path.join(dir, 'kustomization.yaml'), 'utf8'));

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  file: string;
}

const manifests: Manifest[] = [];
for (const file of files) {
  for (const document of parseAllDocuments(await readFile(path.join(dir, file), 'utf8'))) {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
    const value = document.toJS();
    if (value) manifests.push({ ...value, file });
  }
}

/** The model class of each apiVersion and kind the manifests use. */
const models: Record<string, Record<string, new (data: any) => { validate(): void }>> = {
  v1: { Namespace: core.Namespace, ConfigMap: core.ConfigMap, Service: core.Service },
  'apps/v1': { Deployment: apps.Deployment, StatefulSet: apps.StatefulSet },
  'autoscaling/v2': { HorizontalPodAutoscaler: autoscaling.HorizontalPodAutoscaler },
  'policy/v1': { PodDisruptionBudget: policy.PodDisruptionBudget },
};

const of = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const named = (kind: string, name: string) => of(kind).find((manifest) => manifest.metadata.name === name);
const hubProcesses = [
  ...subgraphs.map(({ name, port }) => ({ name, port, script: `subgraphs/${name}/src/main.ts` })),
  { name: 'gateway', port: 4000, script: 'gateway/src/main.ts' },
  { name: 'web', port: 3000, script: 'web/src/main.ts' },
];

/** A container's environment as it would start, with a stand-in for each value taken from a Secret or the ConfigMap. */
function containerEnv(container: { env: { name: string; value?: string; valueFrom?: any }[] }): Record<string, string> {
  const settings = named('ConfigMap', 'hub-settings')!.data!;
  const standIns: Record<string, string> = {
    HUB_SIGNING_SECRET: '5f0c2a9e7b1d4c3f8a6e2b9d0c7f1a4e3b8d6c2f9a0e7b1d4c3f8a6e2b9d0c7f',
    METRICS_TOKEN: 'a-metrics-token-0123456789',
    WEB_SESSION_SECRET: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
    WEB_OIDC_CLIENT_SECRET: 'a-client-secret',
  };
  const env: Record<string, string> = { NODE_ENV: 'production' };
  for (const variable of container.env) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.configMapKeyRef) env[variable.name] = settings[variable.valueFrom.configMapKeyRef.key] ?? '';
    else if (variable.valueFrom?.secretKeyRef?.key === 'url') env[variable.name] = `postgres://postgres:pw@postgres-${variable.valueFrom.secretKeyRef.name.replace(/-database$/, '')}:5432/db`;
    else env[variable.name] = standIns[variable.name] ?? '';
  }
  return env;
}

describe('the Kubernetes manifests', () => {
  it('lists every manifest file in kustomization.yaml', () => {
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  it('validate against the Kubernetes schemas', () => {
    expect(manifests.length).toBeGreaterThan(20);
    for (const manifest of manifests) {
      const Model = models[manifest.apiVersion]?.[manifest.kind];
      expect(Model, `${manifest.file}: ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      const { file: _file, ...object } = manifest;
      expect(() => new Model!(object).validate(), `${manifest.file}: ${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
    }
  });

  it('refuse what the schemas refuse (the validation is real)', () => {
    expect(() =>
      new apps.Deployment({ metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' as never }] }] } } } }).validate(),
    ).toThrow();
  });

  it.each(hubProcesses)('run $name as a Deployment with probes on its real health routes, a Service, an autoscaler and a disruption budget', ({ name, port, script }) => {
    const deployment = named('Deployment', name)!;
    expect(deployment).toBeDefined();
    const pod = deployment.spec.template;
    const [container] = pod.spec.containers;
    expect(container.command).toEqual(['node', '--import', 'tsx', script]);
    expect(existsSync(path.join(repoRoot, script))).toBe(true);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(containerEnv(container).PORT).toBe(String(port));
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) expect(healthPaths).toContain(probe.httpGet.path);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    // The selector picks this Deployment's pods, and the Service, autoscaler and budget pick the same.
    const selector = deployment.spec.selector.matchLabels;
    const picks = (labels: Record<string, string>) => Object.entries(selector).every(([key, value]) => labels[key] === value);
    expect(picks(pod.metadata.labels)).toBe(true);
    expect(named('Service', name)!.spec.selector).toEqual(selector);
    expect(named('Service', name)!.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
    expect(named('PodDisruptionBudget', name)!.spec.selector.matchLabels).toEqual(selector);
    const autoscaler = named('HorizontalPodAutoscaler', name)!;
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler.spec.minReplicas).toBeGreaterThan(named('PodDisruptionBudget', name)!.spec.minAvailable);
  });

  it('give each partner its own PostgreSQL, and every replica the one shared Redis', () => {
    const databaseSecrets = new Set<string>();
    for (const name of subgraphNames) {
      const database = named('StatefulSet', `postgres-${name}`)!;
      expect(database, name).toBeDefined();
      expect(database.spec.volumeClaimTemplates).toHaveLength(1);
      expect(named('Service', `postgres-${name}`)!.spec.selector).toEqual(database.spec.selector.matchLabels);
      const env = named('Deployment', name)!.spec.template.spec.containers[0].env as { name: string; valueFrom?: any }[];
      const url = env.find((variable) => variable.name === 'DATABASE_URL')!.valueFrom.secretKeyRef;
      expect(url).toEqual({ name: `${name}-database`, key: 'url' });
      databaseSecrets.add(url.name);
      const password = database.spec.template.spec.containers[0].env.find((variable: { name: string }) => variable.name === 'POSTGRES_PASSWORD');
      expect(password.valueFrom.secretKeyRef).toEqual({ name: `${name}-database`, key: 'password' });
    }
    expect(databaseSecrets.size).toBe(subgraphNames.length);
    expect(named('Deployment', 'redis')).toBeDefined();
    for (const name of [...subgraphNames, 'gateway']) expect(containerEnv(named('Deployment', name)!.spec.template.spec.containers[0]).REDIS_URL, name).toBe('redis://redis:6379');
  });

  it('reference every secret and never write one', () => {
    expect(of('Secret')).toEqual([]);
    const secretName = /SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL/;
    for (const workload of [...of('Deployment'), ...of('StatefulSet')]) {
      for (const container of workload.spec.template.spec.containers) {
        for (const variable of container.env ?? []) {
          if (secretName.test(variable.name)) expect(variable.valueFrom?.secretKeyRef, `${workload.metadata.name} ${variable.name}`).toBeDefined();
        }
      }
    }
  });

  it('give each process an environment its own configuration reader accepts, in production', () => {
    for (const name of subgraphNames) {
      const config = readSubgraphConfig(name, 0, containerEnv(named('Deployment', name)!.spec.template.spec.containers[0]));
      expect(config).toMatchObject({ host: '0.0.0.0', environment: 'production', database: { kind: 'postgres' }, metrics: { token: expect.any(String) } });
    }
    const gateway = readGatewayConfig(containerEnv(named('Deployment', 'gateway')!.spec.template.spec.containers[0]));
    for (const { name, port } of subgraphs) expect(gateway.subgraphUrls[name]).toBe(`http://${name}:${port}/graphql`);
    expect(readWebConfig(containerEnv(named('Deployment', 'web')!.spec.template.spec.containers[0]))).toMatchObject({
      gatewayUrl: 'http://gateway:4000/graphql',
      port: 3000,
      publicUrl: 'https://business-crime.example.org',
      oidc: { issuer: 'https://login.example.org', clientId: 'hub-web' },
      sessions: { redisUrl: 'redis://redis:6379' },
    });
    // The police subgraph relays referrals to the victims Service.
    expect(containerEnv(named('Deployment', 'police')!.spec.template.spec.containers[0]).VICTIMS_URL).toBe('http://victims:4004/graphql');
  });
});
