import { describeCreativeBacktest } from './creative-backtest.fixture.ts';

// Measured (naive − ETS): MASE all .289 .296; regular MASE .177 .186 .114, sMAPE 8.1 7.8 5.0.
// 80 % coverage (chosen method, all h): regular .851, intermittent .895 (before calibration .806, .915);
// intermittent cannot go much lower: 80 % of its days are 0 and a band that holds 0 covers them all.
// Randomized-PIT coverage (pit.ts; smoothed calibration): regular .839, intermittent .802.
describeCreativeBacktest('conversions', {
  allMase: [0.23, 0.23],
  regularMase: [0.14, 0.15, 0.09],
  regularSmape: [6.5, 6.2, 4],
  coverage80: { regular: [0.76, 0.865], intermittent: [0.8, 0.905] },
  pitCoverage80: { regular: [0.76, 0.86], intermittent: [0.77, 0.84] },
});
