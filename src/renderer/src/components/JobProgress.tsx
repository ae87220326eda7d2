import { Box, Button, LinearProgress, Typography } from '@mui/material'
import { progress } from '../format'

export function JobProgress({
  percent,
  message,
  onCancel
}: {
  percent: number
  message: string
  onCancel?: () => void
}) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, my: 1 }} data-testid="job-progress">
      <Box sx={{ flex: 1 }}>
        <LinearProgress variant="determinate" value={percent} />
        <Typography variant="caption" color="text.secondary">
          {message} · {progress(percent)}
        </Typography>
      </Box>
      {onCancel && (
        <Button size="small" color="inherit" onClick={onCancel}>
          Cancel
        </Button>
      )}
    </Box>
  )
}
