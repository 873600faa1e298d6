import { describeCreativeBacktest } from './creative-backtest.fixture.ts';

// Measured (naive − ETS): MASE all .289 .296; regular MASE .177 .186 .114, sMAPE 8.1 7.8 5.0.
describeCreativeBacktest('conversions', {
  allMase: [0.23, 0.23],
  regularMase: [0.14, 0.15, 0.09],
  regularSmape: [6.5, 6.2, 4],
});
