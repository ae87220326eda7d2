import { Box, MenuItem, TextField, Typography } from '@mui/material'
import { useDataset } from '../data/DatasetContext'

/** The app bar's dataset choice: every page shows the runs, scenarios and figures of this dataset. */
export function DatasetSwitcher() {
  const { sources, dataset, setDataset, loaded } = useDataset()
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        px: 3,
        py: 1,
        borderBottom: 1,
        borderColor: 'divider',
        position: 'sticky',
        top: 0,
        zIndex: 2,
        bgcolor: 'background.paper'
      }}
    >
      <TextField
        select
        size="small"
        label="Dataset"
        value={sources.some((x) => x.id === dataset) ? dataset : ''}
        onChange={(e) => setDataset(e.target.value)}
        disabled={!sources.length}
        sx={{ minWidth: 300 }}
        slotProps={{ htmlInput: { 'data-testid': 'dataset-switcher' } }}
      >
        {sources.map((x) => (
          <MenuItem key={x.id} value={x.id} data-testid={`dataset-option-${x.id}`}>
            {x.label} · {x.rows.toLocaleString()} rows
          </MenuItem>
        ))}
      </TextField>
      {loaded && !sources.length && (
        <Typography variant="body2" color="text.secondary">
          No dataset yet: generate a sample or import sales on the Data page.
        </Typography>
      )}
    </Box>
  )
}
