import { Button, Card, CardActions, CardContent, Typography } from '@mui/material'

/** A headline figure: what it is, its value, a line of detail, and optionally where to go for more. */
export function KpiCard({
  title,
  value,
  detail,
  testId,
  action,
  minWidth = 190
}: {
  title: string
  value: string
  detail?: string
  testId?: string
  action?: { label: string; onClick: () => void }
  minWidth?: number
}) {
  return (
    <Card
      variant="outlined"
      sx={{ flex: `1 1 ${minWidth}px`, display: 'flex', flexDirection: 'column' }}
      data-testid={testId}
    >
      <CardContent sx={{ flex: 1, py: 1.5, '&:last-child': { pb: action ? 0 : 1.5 } }}>
        <Typography variant="caption" color="text.secondary">
          {title}
        </Typography>
        <Typography variant="h6">{value}</Typography>
        {detail && (
          <Typography variant="caption" color="text.secondary" component="div">
            {detail}
          </Typography>
        )}
      </CardContent>
      {action && (
        <CardActions>
          <Button size="small" onClick={action.onClick}>
            {action.label}
          </Button>
        </CardActions>
      )}
    </Card>
  )
}
