// The chart library 'tcptop analyze report' inlines: Apache ECharts' core with only what
// report.js draws. A chart type or component not registered here does not draw, so a change to
// report.js that uses another one (a pie, a title, markLine...) must add it here; the report's
// browser tests fail otherwise. The page reaches it as the global `echarts`.
import { use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomInsideComponent, DataZoomSliderComponent, GraphicComponent, GridComponent, LegendScrollComponent,
  MarkAreaComponent, TooltipComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart, // bandwidth (stacked steps), RTT, and the series that carries the LOSS shading
  BarChart, // connections opened and closed
  GridComponent, // time and value axes, with the axis pointer the tooltips follow
  TooltipComponent,
  LegendScrollComponent, // legend: { type: 'scroll' }
  DataZoomInsideComponent, // wheel and drag
  DataZoomSliderComponent,
  MarkAreaComponent, // the shaded LOSS intervals
  GraphicComponent, // the "No traffic in this span" text of an empty chart
  CanvasRenderer
]);

export { connect, init } from 'echarts/core';
