/**
 * The fixed layout and known parameters of the demo ad account (one USD account, 3 campaigns × 2 ad
 * sets × 2–3 ads). Money in USD minor units (cents). Response curves: normalised geometric adstock θ
 * and Hill x^α/(x^α+γ^α) with γ a daily spend (Jin et al. 2017; Robyn; Meridian), see
 * `ads-response.ts`.
 */

/** Weekday names in the order of `Date.prototype.getUTCDay()` (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A weekday key of {@link WEEKDAY_MULTIPLIERS}. */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Known weekly multipliers of expected spend and impressions (mean exactly 1 over a week): busiest
 * early in the week, quietest on Saturday, a common shape for e-commerce auctions.
 */
export const WEEKDAY_MULTIPLIERS: Readonly<Record<Weekday, number>> = Object.freeze({
  mon: 1.06,
  tue: 1.1,
  wed: 1.08,
  thu: 1.02,
  fri: 0.94,
  sat: 0.86,
  sun: 0.94,
});

/** Log-linear growth of expected spend and impressions: × exp(TREND_PER_DAY · day index). */
export const TREND_PER_DAY = 0.002;
/** Days between budget knots (the budget multiplier is linear between knots). */
export const BUDGET_KNOT_DAYS = 28;
/** Knot budget multipliers: evenly spaced over this range, in a seeded random order. */
export const BUDGET_MULTIPLIER_RANGE: readonly [number, number] = [0.6, 1.4];
/** Standard deviation of the daily log-normal spend jitter (mean-one: exp(σZ − σ²/2)). */
export const SPEND_JITTER_SD = 0.15;
/** CTR threshold, as a share of the baseline CTR, used for the fatigue truth (crossing dates). */
export const FATIGUE_THRESHOLD_RATIO = 0.7;
/** Number of simulated days in the window ending on the end date. */
export const DEMO_DAYS = 120;

/**
 * One ad: its share of its ad set's spend, baseline CTR c₀ and fatigue target. `crossingOffsetDays`:
 * the day, relative to the end date (0 = end date, negative = already past), on which its expected CTR
 * first falls below {@link FATIGUE_THRESHOLD_RATIO}·c₀; the decay rate k is solved from it; null = flat.
 */
export interface AdSpec {
  externalId: string;
  name: string;
  share: number;
  baselineCtr: number;
  crossingOffsetDays: number | null;
}

/** One ad set: share of its campaign's spend and its ads (shares sum to 1). */
export interface AdSetSpec {
  externalId: string;
  name: string;
  share: number;
  ads: AdSpec[];
}

/**
 * One campaign: base daily spend (minor units, before block, weekday, trend and jitter multipliers),
 * CPM (minor units per 1,000 impressions), average order value (minor units) and its true response
 * curve: adstock decay θ, Hill shape α, half-saturation γ (daily spend, minor units; normalised
 * adstock) and maximum conversions per day β. `regime` says where the base spend sits on the curve.
 */
export interface CampaignSpec {
  externalId: string;
  name: string;
  baseDailySpendMinor: number;
  cpmMinor: number;
  averageOrderValueMinor: number;
  theta: number;
  alpha: number;
  gamma: number;
  beta: number;
  regime: 'saturated' | 'under-spent' | 'balanced';
  adSets: AdSetSpec[];
}

const ad = (
  externalId: string,
  name: string,
  share: number,
  baselineCtr: number,
  crossing: number | null,
) => ({
  externalId,
  name,
  share,
  baselineCtr,
  crossingOffsetDays: crossing,
});

/**
 * The demo account. Prospecting (base $2,000/day) sits far past its half-saturation (s/γ ≈ 3.3 at the
 * base spend, Hill ≈ 0.92), retargeting ($300/day) well below it (s/γ = 0.4, Hill ≈ 0.23), the
 * always-on campaign ($750/day) near it (s/γ ≈ 1.07, Hill ≈ 0.52). Fatigue: `ad_interests_ugc` crosses 70% of its baseline CTR 10 days
 * after the end date (a warning should fire), `ad_lookalike_carousel` crossed 30 days before it,
 * `ad_interests_static` decays mildly (crossing 45 days after the end), every other ad is flat.
 */
export const DEMO_CAMPAIGNS: readonly CampaignSpec[] = [
  {
    externalId: 'cmp_prospecting',
    name: 'Prospecting – Broad Audiences',
    baseDailySpendMinor: 200_000,
    cpmMinor: 900,
    averageOrderValueMinor: 4_200,
    theta: 0.4,
    alpha: 2,
    gamma: 60_000,
    beta: 300,
    regime: 'saturated',
    adSets: [
      {
        externalId: 'as_prospecting_lookalike',
        name: 'Lookalike 1% – Purchasers',
        share: 0.55,
        ads: [
          ad('ad_lookalike_video', 'Video – Product Story', 0.5, 0.012, null),
          ad('ad_lookalike_carousel', 'Carousel – Bestsellers', 0.3, 0.016, -30),
          ad('ad_lookalike_static', 'Static – Free Shipping', 0.2, 0.009, null),
        ],
      },
      {
        externalId: 'as_prospecting_interests',
        name: 'Interests – Home & Living',
        share: 0.45,
        ads: [
          ad('ad_interests_ugc', 'UGC – Customer Review', 0.6, 0.014, 10),
          ad('ad_interests_static', 'Static – New Arrivals', 0.4, 0.01, 45),
        ],
      },
    ],
  },
  {
    externalId: 'cmp_retargeting',
    name: 'Retargeting – Site Visitors',
    baseDailySpendMinor: 30_000,
    cpmMinor: 1_400,
    averageOrderValueMinor: 5_800,
    theta: 0.5,
    alpha: 1.3,
    gamma: 75_000,
    beta: 600,
    regime: 'under-spent',
    adSets: [
      {
        externalId: 'as_retargeting_cart',
        name: 'Cart Abandoners – 7 days',
        share: 0.5,
        ads: [
          ad('ad_cart_reminder', 'Reminder – Items in Cart', 0.6, 0.024, null),
          ad('ad_cart_discount', 'Offer – 10% Off', 0.4, 0.021, null),
        ],
      },
      {
        externalId: 'as_retargeting_viewers',
        name: 'Product Viewers – 30 days',
        share: 0.5,
        ads: [
          ad('ad_viewers_dynamic', 'Dynamic – Viewed Products', 0.5, 0.022, null),
          ad('ad_viewers_testimonial', 'Testimonial – 5 Stars', 0.3, 0.018, null),
          ad('ad_viewers_bundle', 'Bundle – Save More', 0.2, 0.017, null),
        ],
      },
    ],
  },
  {
    externalId: 'cmp_always_on',
    name: 'Always-on – Conversions',
    baseDailySpendMinor: 75_000,
    cpmMinor: 1_100,
    averageOrderValueMinor: 3_500,
    theta: 0.3,
    alpha: 1.5,
    gamma: 70_000,
    beta: 250,
    regime: 'balanced',
    adSets: [
      {
        externalId: 'as_always_on_broad',
        name: 'Broad – Advantage+',
        share: 0.5,
        ads: [
          ad('ad_broad_banner', 'Banner – Brand Promise', 0.5, 0.011, null),
          ad('ad_broad_video', 'Video – How It Works', 0.5, 0.013, null),
        ],
      },
      {
        externalId: 'as_always_on_customers',
        name: 'Customer List – Lapsed',
        share: 0.5,
        ads: [
          ad('ad_customers_winback', 'Win-back – We Miss You', 0.55, 0.019, null),
          ad('ad_customers_new', 'New Collection', 0.45, 0.015, null),
        ],
      },
    ],
  },
];

/** Kinds of injected anomaly: one-day spike, one-day drop, or a multi-day level shift. */
export type AnomalyKind = 'spike' | 'drop' | 'level_shift';

/**
 * An injected anomaly before it is dated: on day index `day` (0 = first day of the window) for `days`
 * days, `metric` of series `key` is multiplied by `factor`. `affects` lists every metric a detector may
 * rightly flag. `inResponseModel`: whether the change happened before conversions were drawn (a real
 * delivery change the Hill curve sees) or after (a reporting or tracking fault).
 */
export interface AnomalySpec {
  key: string;
  level: 'ad' | 'campaign';
  metric: string;
  day: number;
  days: number;
  kind: AnomalyKind;
  factor: number;
  affects: string[];
  inResponseModel: boolean;
}

/** The four injected anomalies (day indices within the 120-day window). */
export const DEMO_ANOMALIES: readonly AnomalySpec[] = [
  {
    key: 'ad_viewers_dynamic',
    level: 'ad',
    metric: 'spendMinor',
    day: 45,
    days: 1,
    kind: 'spike',
    factor: 3,
    affects: ['spendMinor', 'cpc', 'cpa'],
    inResponseModel: false,
  },
  {
    key: 'cmp_always_on',
    level: 'campaign',
    metric: 'conversions',
    day: 70,
    days: 1,
    kind: 'drop',
    factor: 0.2,
    affects: ['conversions', 'revenueMinor', 'conversionRate', 'cpa'],
    inResponseModel: false,
  },
  {
    key: 'ad_broad_banner',
    level: 'ad',
    metric: 'impressions',
    day: 88,
    days: 7,
    kind: 'level_shift',
    factor: 0.6,
    affects: ['impressions', 'clicks', 'spendMinor'],
    inResponseModel: true,
  },
  {
    key: 'ad_lookalike_video',
    level: 'ad',
    metric: 'ctr',
    day: 100,
    days: 1,
    kind: 'drop',
    factor: 0.2,
    affects: ['ctr', 'clicks', 'cpc', 'conversionRate'],
    inResponseModel: false,
  },
];
