/**
 * One ECharts canvas, tree-shaken: `echarts/core` with the line chart, markArea / markLine /
 * markPoint, dataZoom, tooltip, grid and legend, and the canvas renderer (only the dashboard's
 * lazily loaded chunks import this file). The canvas is an image with an aria-label; callers put
 * the same facts in text next to it.
 */
import { Box, useComputedColorScheme } from '@mantine/core';
import { LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

/** Renders `option` at `height` px (full width), redrawn on resize and on a colour-scheme change. */
export function EChart({
  option,
  label,
  height = 220,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, scheme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', animation: false, ...option });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [option, scheme]);
  return <Box ref={ref} role="img" aria-label={label} h={height} w="100%" data-testid="evidence-chart" />;
}
