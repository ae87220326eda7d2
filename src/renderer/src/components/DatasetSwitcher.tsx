import { Box, Typography } from '@mui/material'
import { useDataset } from '../data/DatasetContext'
import { DatasetSelect } from './DatasetSelect'

/** The app bar's dataset choice: every page shows the runs, scenarios and figures of this dataset. */
export function DatasetSwitcher() {
  const { options, loaded } = useDataset()
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
      <DatasetSelect label="Dataset" minWidth={300} testId="dataset-switcher" optionTestIds />
      {loaded && !options.length && (
        <Typography variant="body2" color="text.secondary">
          No dataset yet: generate a sample or import sales on the Data page.
        </Typography>
      )}
    </Box>
  )
}
