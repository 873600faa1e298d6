import { describeCreativeBacktest } from './creative-backtest.fixture.ts';

// Measured (naive − ETS): MASE all .106 .060; regular MASE .064 .016 .033, sMAPE 2.5 1.2 1.5.
describeCreativeBacktest('spendMinor', {
  allMase: [0.085, 0.048],
  regularMase: [0.051, 0.012, 0.026],
  regularSmape: [2, 0.9, 1.2],
});
