// The circuit breaker's states on a clock the test moves: closed, open after N failures in a row,
// half-open with one trial after the cool-down, closed again on success.
import { EnvReader } from '@crimehub/common';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, readCircuitBreakerConfig, type CircuitState } from './circuitBreaker.ts';

function breaker(failureThreshold = 3, cooldownMs = 1000) {
  let now = 1_000_000;
  const changes: CircuitState[] = [];
  const circuit = new CircuitBreaker(
    { failureThreshold, cooldownMs },
    (state) => changes.push(state),
    () => now,
  );
  return { circuit, changes, advance: (ms: number) => (now += ms) };
}

describe('a subgraph circuit breaker', () => {
  it('opens after the threshold of failures in a row, and only then', () => {
    const { circuit, changes } = breaker(3);
    circuit.failed();
    circuit.failed();
    circuit.succeeded();
    circuit.failed();
    circuit.failed();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryCall()).toBe(true);
    circuit.failed();
    expect(circuit.state).toBe('open');
    expect(circuit.tryCall()).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('lets one trial through after the cool-down, and closes when it succeeds', () => {
    const { circuit, changes, advance } = breaker(1, 1000);
    circuit.failed();
    advance(999);
    expect(circuit.tryCall()).toBe(false);
    advance(1);
    expect(circuit.state).toBe('half-open');
    expect(circuit.tryCall()).toBe(true);
    expect(circuit.tryCall()).toBe(false);
    circuit.succeeded();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryCall()).toBe(true);
    expect(changes).toEqual(['open', 'closed']);
  });

  it('opens for another cool-down when the trial fails, and frees the trial when it is abandoned', () => {
    const { circuit, advance } = breaker(2, 1000);
    circuit.failed();
    circuit.failed();
    advance(1000);
    expect(circuit.tryCall()).toBe(true);
    circuit.abandoned();
    expect(circuit.tryCall()).toBe(true);
    circuit.failed();
    expect(circuit.state).toBe('open');
    expect(circuit.retryAt).toBe(1_000_000 + 2000);
  });

  it('reads its settings with bounds', () => {
    expect(readCircuitBreakerConfig(new EnvReader({}))).toEqual({ failureThreshold: 5, cooldownMs: 30_000 });
    const read = new EnvReader({ CIRCUIT_FAILURE_THRESHOLD: '0', CIRCUIT_COOLDOWN_MS: '999999999' });
    readCircuitBreakerConfig(read);
    expect(read.problems.join('\n')).toMatch(/CIRCUIT_FAILURE_THRESHOLD[\s\S]*CIRCUIT_COOLDOWN_MS/);
  });
});
