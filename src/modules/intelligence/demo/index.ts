/**
 * Demo data with known truth for `omnify intel demo`: pure, seeded, deterministic, no database.
 * - Customers and orders from the BG/NBD + Gamma-Gamma process (Fader, Hardie & Lee 2005):
 *   {@link generateCustomerDemo}, and {@link simulateCustomers} for benchmarks.
 * - One USD ad account with daily metrics per ad, fatigue, Hill response curves and injected
 *   anomalies: {@link generateAdDemo}.
 */

export type { DatedAnomaly } from './ad-anomalies.ts';
export {
  type AdDemo,
  type AdDemoOptions,
  type AdDemoTruth,
  type DemoAd,
  type DemoAdSet,
  type DemoCampaign,
  type FatigueTruth,
  generateAdDemo,
  type HillTruth,
} from './ad-demo.ts';
export {
  budgetMultiplier,
  plannedDailySpendMinor,
  type SpendPlan,
  weekdayMultiplier,
} from './ad-spend-plan.ts';
export {
  expectedConversions,
  fatigueCtr,
  geometricAdstock,
  type HillCurve,
  hillSaturation,
  marginalConversionsPerMinor,
} from './ads-response.ts';
export { DEMO_ANOMALIES, DEMO_CAMPAIGNS, WEEKDAY_MULTIPLIERS } from './ads-spec.ts';
export type { DemoContact } from './contacts.ts';
export {
  type CustomerDemo,
  type CustomerDemoOptions,
  type CustomerDemoTruth,
  type DemoCustomerTruth,
  type DemoOrder,
  generateCustomerDemo,
} from './customer-demo.ts';
export {
  type CustomerProcessParams,
  type CustomerSimulationOptions,
  DEFAULT_CUSTOMER_PARAMS,
  type SimulatedCustomer,
  simulateCustomers,
} from './customers.ts';
export { createRandom, type SeededRandom } from './rng.ts';
