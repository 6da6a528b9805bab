import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { ThemeColors } from '../../lib/use-theme-colors.js';
import { type ServerCost, shorten } from './costs.js';

const MARGIN = { left: 8, right: 16, top: 4, bottom: 4 };

function tooltipStyle(colors: ThemeColors) {
  return {
    background: colors.bgElev,
    border: `1px solid ${colors.border}`,
    borderRadius: 8,
    fontSize: 12,
  };
}

/** Visible and hidden tokens per server, stacked. */
export function ServerChart({ data, colors }: { data: ServerCost[]; colors: ThemeColors }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={MARGIN} maxBarSize={26}>
        <CartesianGrid horizontal={false} stroke={colors.border} />
        <XAxis type="number" tick={{ fill: colors.text3, fontSize: 11 }} stroke={colors.border} />
        <YAxis
          type="category"
          dataKey="server"
          width={110}
          tickFormatter={(v: string) => shorten(v, 15)}
          tick={{ fill: colors.text2, fontSize: 12 }}
          stroke={colors.border}
        />
        <ChartTooltip cursor={{ fill: colors.accentSoft }} contentStyle={tooltipStyle(colors)} />
        <Bar dataKey="visible" name="visible tokens" stackId="a" fill={colors.accent} />
        <Bar
          dataKey="hidden"
          name="hidden tokens"
          stackId="a"
          fill={colors.text3}
          fillOpacity={0.35}
          radius={[0, 4, 4, 0]}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The costliest visible tools, each bar a little lighter than the one above. */
export function ToolChart({
  data,
  colors,
}: {
  data: { name: string; tokens: number }[];
  colors: ThemeColors;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={MARGIN} maxBarSize={26}>
        <CartesianGrid horizontal={false} stroke={colors.border} />
        <XAxis type="number" tick={{ fill: colors.text3, fontSize: 11 }} stroke={colors.border} />
        <YAxis
          type="category"
          dataKey="name"
          width={170}
          tick={{ fill: colors.text2, fontSize: 11 }}
          stroke={colors.border}
          tickFormatter={(v: string) => shorten(v, 26)}
        />
        <ChartTooltip cursor={{ fill: colors.accentSoft }} contentStyle={tooltipStyle(colors)} />
        <Bar dataKey="tokens" radius={[0, 4, 4, 0]}>
          {data.map((t, i) => (
            <Cell key={t.name} fill={colors.accent} fillOpacity={1 - i * 0.05} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
