// A circuit breaker for one subgraph. After CIRCUIT_FAILURE_THRESHOLD failures in a row the
// circuit opens: for CIRCUIT_COOLDOWN_MS the gateway does not call the subgraph at all, and its
// fields come back null with SUBGRAPH_UNAVAILABLE at once, instead of each request waiting for
// the timeout. Then one trial call goes through (half-open): success closes the circuit,
// failure opens it for another cool-down.
import type { EnvReader } from '@crimehub/common';

export interface CircuitBreakerConfig {
  /** `CIRCUIT_FAILURE_THRESHOLD`: failures in a row that open the circuit (1 to 1000, default 5). */
  failureThreshold: number;
  /** `CIRCUIT_COOLDOWN_MS`: how long an open circuit skips the subgraph (1 s to 10 min, default 30 s). */
  cooldownMs: number;
}

export function readCircuitBreakerConfig(read: EnvReader): CircuitBreakerConfig {
  return {
    failureThreshold: read.integer('CIRCUIT_FAILURE_THRESHOLD', 5, { min: 1, max: 1000 }),
    cooldownMs: read.integer('CIRCUIT_COOLDOWN_MS', 30_000, { min: 1000, max: 600_000 }),
  };
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/** A number per state, for the `gateway_subgraph_circuit_state` gauge. */
export const circuitStateValue: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private opened = false;
  private trialInFlight = false;

  constructor(
    private readonly config: CircuitBreakerConfig,
    private readonly onChange: (state: CircuitState, failures: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (!this.opened) return 'closed';
    return this.now() - this.openedAt >= this.config.cooldownMs ? 'half-open' : 'open';
  }

  /** When an open circuit lets a trial call through (epoch milliseconds). */
  get retryAt(): number {
    return this.openedAt + this.config.cooldownMs;
  }

  /** Whether a call may go now: always when closed; once half-open, one trial at a time. */
  tryCall(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** The subgraph answered. */
  succeeded(): void {
    this.trialInFlight = false;
    const wasOpen = this.opened;
    this.failures = 0;
    this.opened = false;
    if (wasOpen) this.onChange('closed', 0);
  }

  /** The subgraph could not be reached, timed out or answered with a server error. */
  failed(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.opened || this.failures >= this.config.failureThreshold) {
      this.opened = true;
      this.openedAt = this.now();
      this.onChange('open', this.failures);
    }
  }

  /** The call ended for a reason that says nothing about the subgraph (the request's own deadline). */
  abandoned(): void {
    this.trialInFlight = false;
  }
}
