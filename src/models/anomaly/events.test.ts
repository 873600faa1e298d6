import { describe, expect, it } from 'vitest';
import { type EventSubject, type Finding, groupAnomalyEvents } from './events.ts';
import type { Anomaly } from './scan-result.ts';

const campaign: EventSubject = { type: 'campaign', id: 'c1', ancestors: [] };
const otherCampaign: EventSubject = { type: 'campaign', id: 'c2', ancestors: [] };
const adSet: EventSubject = { type: 'ad_set', id: 's1', ancestors: ['campaign:c1'] };
const ad1: EventSubject = { type: 'ad', id: 'a1', ancestors: ['campaign:c1', 'ad_set:s1'] };
const ad2: EventSubject = { type: 'ad', id: 'a2', ancestors: ['campaign:c1', 'ad_set:s1'] };
const adElsewhere: EventSubject = { type: 'ad', id: 'a9', ancestors: ['campaign:c2'] };

function finding(
  subject: EventSubject,
  metric: Anomaly['metric'],
  date: string,
  direction: Anomaly['direction'] = 'drop',
  score = 5,
): Finding {
  return {
    subject,
    anomaly: {
      metric,
      date,
      direction,
      score,
      value: 1,
      expected: 2,
      lower: 1.5,
      upper: 2.5,
      method: 'ratio-test',
    },
  };
}

const keyOf = (s: EventSubject) => `${s.type}:${s.id}`;

describe('groupAnomalyEvents', () => {
  it('makes one event of the same metric and direction on the same day at ad, ad set and campaign level, rooted at the campaign', () => {
    const events = groupAnomalyEvents([
      finding(ad1, 'ctr', '2026-02-16', 'drop', 160),
      finding(adSet, 'ctr', '2026-02-16', 'drop', 60),
      finding(campaign, 'ctr', '2026-02-16', 'drop', 45),
    ]);
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(keyOf(e.root)).toBe('campaign:c1');
    expect(e.members.map(keyOf)).toEqual(['ad_set:s1', 'ad:a1']);
    // The lead is the root's own finding (the one its chart shows); the score is the strongest of all.
    expect(e.lead.score).toBe(45);
    expect(e.score).toBe(160);
    expect(e.findings.map((f) => keyOf(f.subject))).toEqual(['campaign:c1', 'ad_set:s1', 'ad:a1']);
    expect([e.from, e.to]).toEqual(['2026-02-16', '2026-02-16']);
  });

  it("joins one subject's co-occurring symptoms (any metric) and consecutive days, so a CTR collapse is one event", () => {
    const events = groupAnomalyEvents([
      finding(ad1, 'ctr', '2026-02-16', 'drop', 160),
      finding(ad1, 'cpc', '2026-02-16', 'spike', 150),
      finding(ad1, 'clicks', '2026-02-16', 'drop', 7),
      finding(ad1, 'conversionRate', '2026-02-16', 'spike', 6),
      finding(campaign, 'ctr', '2026-02-16', 'drop', 45),
      finding(campaign, 'cpc', '2026-02-16', 'spike', 42),
      // A level shift of another ad over three days.
      finding(ad2, 'impressions', '2026-02-04'),
      finding(ad2, 'impressions', '2026-02-05'),
      finding(ad2, 'spendMinor', '2026-02-06'),
    ]);
    expect(events).toHaveLength(2);
    const [collapse, shift] = events;
    expect(keyOf(collapse.root)).toBe('campaign:c1');
    expect(collapse.members.map(keyOf)).toEqual(['ad:a1']);
    expect(collapse.findings).toHaveLength(6);
    expect(collapse.lead.metric).toBe('ctr');
    expect(keyOf(shift.root)).toBe('ad:a2');
    expect([shift.from, shift.to]).toEqual(['2026-02-04', '2026-02-06']);
  });

  it('keeps apart what is not the same change', () => {
    const events = groupAnomalyEvents([
      // Same metric and day, but in another campaign's ad: no common flagged container.
      finding(ad1, 'ctr', '2026-02-16'),
      finding(adElsewhere, 'ctr', '2026-02-16'),
      // Two campaigns on the same day.
      finding(campaign, 'revenueMinor', '2026-03-01'),
      finding(otherCampaign, 'revenueMinor', '2026-03-01'),
      // An ad and its campaign in opposite directions, or on different metrics.
      finding(ad2, 'spendMinor', '2026-03-05', 'spike'),
      finding(campaign, 'spendMinor', '2026-03-05', 'drop'),
      finding(ad2, 'clicks', '2026-03-10'),
      finding(campaign, 'impressions', '2026-03-10'),
      // The same subject three days apart (two quiet days between).
      finding(ad1, 'ctr', '2026-03-20'),
      finding(ad1, 'ctr', '2026-03-23'),
      // An ad and its campaign on consecutive days (cross-level needs the same day).
      finding(ad2, 'cpa', '2026-03-25'),
      finding(campaign, 'cpa', '2026-03-26'),
    ]);
    expect(events).toHaveLength(12);
    expect(events.every((e) => e.members.length === 0 && e.findings.length === 1)).toBe(true);
  });

  it('two sibling ads join only through their flagged ad set, which becomes the root', () => {
    const events = groupAnomalyEvents([
      finding(ad1, 'ctr', '2026-02-16'),
      finding(ad2, 'ctr', '2026-02-16'),
      finding(adSet, 'ctr', '2026-02-16'),
    ]);
    expect(events).toHaveLength(1);
    expect(keyOf(events[0].root)).toBe('ad_set:s1');
    expect(events[0].members.map(keyOf).sort()).toEqual(['ad:a1', 'ad:a2']);
  });

  it('sorts events strongest first and gives the same answer in any input order', () => {
    const list = [
      finding(ad1, 'ctr', '2026-02-16', 'drop', 3),
      finding(adElsewhere, 'clicks', '2026-02-10', 'drop', 9),
      finding(campaign, 'ctr', '2026-02-16', 'drop', 4),
      finding(ad2, 'spendMinor', '2026-01-02', 'spike', 6),
    ];
    const a = groupAnomalyEvents(list);
    const b = groupAnomalyEvents([...list].reverse());
    expect(a.map((e) => e.score)).toEqual([9, 6, 4]);
    expect(b).toEqual(a);
  });

  it('honours sameSubjectGapDays and rejects a bad one', () => {
    const list = [finding(ad1, 'ctr', '2026-02-16'), finding(ad1, 'clicks', '2026-02-17')];
    expect(groupAnomalyEvents(list, { sameSubjectGapDays: 0 })).toHaveLength(2);
    expect(groupAnomalyEvents(list)).toHaveLength(1);
    expect(() => groupAnomalyEvents(list, { sameSubjectGapDays: -1 })).toThrow(RangeError);
    expect(groupAnomalyEvents([])).toEqual([]);
  });

  it('keeps a deviation with one unflagged day inside it as one event, but not two days or another metric', () => {
    const outage = [finding(ad1, 'clicks', '2026-02-16'), finding(ad1, 'clicks', '2026-02-18')];
    const events = groupAnomalyEvents(outage);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: '2026-02-16', to: '2026-02-18' });
    // Two quiet days between, the opposite direction, or another metric: separate events.
    expect(groupAnomalyEvents([outage[0], finding(ad1, 'clicks', '2026-02-19')])).toHaveLength(2);
    expect(groupAnomalyEvents([outage[0], finding(ad1, 'clicks', '2026-02-18', 'spike')])).toHaveLength(2);
    expect(groupAnomalyEvents([outage[0], finding(ad1, 'ctr', '2026-02-18')])).toHaveLength(2);
    expect(groupAnomalyEvents(outage, { sameDeviationGapDays: 1 })).toHaveLength(2);
    // Never another subject's days.
    expect(groupAnomalyEvents([outage[0], finding(ad2, 'clicks', '2026-02-18')])).toHaveLength(2);
  });

  it("joins one subject's findings within a known span (a holiday), and only within it", () => {
    const list = [
      finding(campaign, 'clicks', '2026-12-24'),
      finding(campaign, 'spendMinor', '2026-12-27', 'spike'),
      finding(campaign, 'clicks', '2026-12-31'),
      finding(otherCampaign, 'clicks', '2026-12-26'),
    ];
    expect(groupAnomalyEvents(list)).toHaveLength(4);
    const events = groupAnomalyEvents(list, { spans: [{ from: '2026-12-24', to: '2026-12-28' }] });
    expect(events).toHaveLength(3);
    const christmas = events.find((e) => e.findings.length === 2)!;
    expect(christmas).toMatchObject({ from: '2026-12-24', to: '2026-12-27' });
    expect(keyOf(christmas.root)).toBe('campaign:c1');
  });
});
