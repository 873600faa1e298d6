import { describeCreativeBacktest } from './creative-backtest.fixture.ts';

// Measured (naive − ETS): MASE all .106 .060; regular MASE .064 .016 .033, sMAPE 2.5 1.2 1.5.
// 80 % coverage (chosen method, all h): regular .801, intermittent .782 (before calibration .792, .746);
// randomized-PIT coverage (pit.ts; smoothed calibration): regular .798, intermittent .738 (zero days).
describeCreativeBacktest('spendMinor', {
  allMase: [0.085, 0.048],
  regularMase: [0.051, 0.012, 0.026],
  regularSmape: [2, 0.9, 1.2],
  coverage80: { regular: [0.76, 0.84], intermittent: [0.75, 0.82] },
  pitCoverage80: { regular: [0.76, 0.84], intermittent: [0.7, 0.8] },
});
