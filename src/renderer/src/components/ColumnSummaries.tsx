import { Alert, Box, Card, CardContent, Chip, Skeleton, Typography } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ColumnSummary } from '../../../shared/data/results'
import { usePriceLab } from '../api/ClientContext'
import { useLoad } from '../api/useLoad'
import { EChart } from './EChart'
import { count, formatNumber } from '../format'

/** One card per column: type, missing, distinct, range, and a histogram (or the top values of a text column). */
export function ColumnSummaries({ table }: { table: string }) {
  const { client, dataVersion } = usePriceLab()
  const load = useLoad(() => client.call('data:summary', { table }), [client, table, dataVersion])
  const summary = load.data ?? null
  const error = load.error?.message ?? null
  if (error) return <Alert severity="error">{error}</Alert>
  if (!summary) return <Skeleton variant="rounded" height={220} />
  return (
    <Box>
      {summary.sampled && (
        <Typography variant="caption" color="text.secondary">
          Summaries of the first {count(summary.sampled)} of {count(summary.rows)} rows.
        </Typography>
      )}
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))',
          gap: 1.5,
          mt: 1
        }}
      >
        {summary.columns.map((c) => (
          <ColumnCard key={c.name} c={c} />
        ))}
      </Box>
    </Box>
  )
}

function ColumnCard({ c }: { c: ColumnSummary }) {
  const theme = useTheme()
  const bars = c.histogram.length
    ? c.histogram.map((h) => ({ label: h.label, n: h.count }))
    : c.top.map((t) => ({ label: t.value, n: t.count }))
  const option = {
    grid: { left: 44, right: 8, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: bars.map((b) => b.label),
      axisLabel: { fontSize: 9, hideOverlap: true },
      axisTick: { show: false }
    },
    yAxis: { type: 'value', axisLabel: { fontSize: 9 }, splitLine: { lineStyle: { opacity: 0.3 } } },
    series: [
      {
        type: 'bar',
        data: bars.map((b) => b.n),
        itemStyle: { color: c.histogram.length ? theme.palette.primary.main : theme.palette.secondary.main },
        barCategoryGap: c.histogram.length ? '8%' : '30%'
      }
    ]
  }
  return (
    <Card data-testid={`summary-${c.name}`}>
      <CardContent sx={{ pb: '12px !important' }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
          <Typography variant="subtitle2" noWrap title={c.name} sx={{ flex: 1 }}>
            {c.name}
          </Typography>
          <Chip size="small" label={c.type} variant="outlined" />
        </Box>
        <Typography variant="caption" color="text.secondary" component="div">
          {count(c.count)} values · {count(c.missing)} missing · {count(c.distinct)} distinct
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div" noWrap>
          {c.mean !== null
            ? `min ${formatNumber(c.min)} · mean ${formatNumber(c.mean)} · sd ${formatNumber(c.sd)} · max ${formatNumber(c.max)}`
            : c.min !== null
              ? `${String(c.min)} → ${String(c.max)}`
              : '—'}
        </Typography>
        {bars.length > 0 && <EChart option={option} height={130} label={`Histogram of ${c.name}`} />}
      </CardContent>
    </Card>
  )
}
